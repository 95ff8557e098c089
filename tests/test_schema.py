"""The field declarations drive JSON Schemas and the field reference; both stay current."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner
from ruamel.yaml import YAML

from conftest import REPO
from publisher.cli.main import cli
from publisher.load.schemas import reference, schema, schema_files
from publisher.core.yamlio import split_front_matter


def test_committed_schemas_and_reference_are_current():
    for name, text in schema_files().items():
        assert (REPO / "schemas" / name).read_text("utf-8") == text, (
            f"schemas/{name} is stale: run `make schemas`")
    assert (REPO / "docs" / "fields.md").read_text("utf-8") == reference(), (
        "docs/fields.md is stale: run `make schemas`")


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def test_sample_metadata_validates_against_the_schemas():
    yaml = YAML(typ="safe")
    jsonschema.validate(_plain(yaml.load((REPO / "publisher.yaml").read_text("utf-8"))),
                        schema("publisher"))
    jsonschema.validate(_plain(yaml.load((REPO / "styles" / "brand.yaml").read_text("utf-8"))),
                        schema("brand"))
    for case in (REPO / "cases").glob("*/case.yaml"):
        jsonschema.validate(_plain(yaml.load(case.read_text("utf-8"))), schema("case"))
    for edition in (REPO / "cases").glob("*/*.md"):
        document, _ = split_front_matter(edition.read_text("utf-8"), edition)
        jsonschema.validate(_plain(dict(document.meta.data)), schema("edition"))


def test_sample_records_validate_against_the_schemas():
    yaml = YAML(typ="safe")
    fixture = REPO / "tests" / "projects" / "alliance"
    for root in (REPO, fixture):
        jsonschema.validate(_plain(yaml.load((root / "alliance.yaml").read_text("utf-8"))),
                            schema("alliance"))
        jsonschema.validate(_plain(yaml.load((root / "action-plan.yaml").read_text("utf-8"))),
                            schema("action-plan"))
        for event in (root / "events").glob("*/event.yaml"):
            jsonschema.validate(_plain(yaml.load(event.read_text("utf-8"))), schema("event"))
        for text in (root / "events").glob("*/*.md"):
            document, _ = split_front_matter(text.read_text("utf-8"), text)
            jsonschema.validate(_plain(dict(document.meta.data)), schema("event-text"))
    bad = {"type": "seminar", "start": "2019-05-30", "end": "30 May", "timezone": "x",
           "participants": {"by_member": {"uz-apa": -1}}}
    messages = " ".join(e.message for e in jsonschema.Draft202012Validator(
        schema("event")).iter_errors(bad))
    assert "30 May" in messages and "-1" in messages


def test_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft202012Validator(schema("case"))
    bad = {"type": 1, "authors": [{"nam": "x"}], "date": "2024-01-01",
           "source_language": "en", "colour": 1}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "is not of type 'string'" in messages and "colour" in messages
    # a project may add document types: the editor offers the built-in ones, refuses none
    assert schema("case")["properties"]["type"]["examples"] == ["case-study", "guide", "report"]
    other = {**bad, "type": "policy-brief"}
    assert not [e for e in validator.iter_errors(other) if list(e.path) == ["type"]]


def test_schema_command_writes_files(tmp_path):
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path / "s"), "--reference",
                                      str(tmp_path / "fields.md")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "action-plan.schema.json", "alliance.schema.json", "brand.schema.json",
        "case.schema.json", "edition.schema.json", "event-text.schema.json", "event.schema.json",
        "publisher.schema.json"]
    assert "| `source_language` |" in (tmp_path / "fields.md").read_text("utf-8")
