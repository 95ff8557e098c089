"""Property-based: whatever YAML or Markdown an author writes, validation returns diagnostics
and never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CASE_YAML, make_project
from publisher.load.project import load_editions, load_project
from publisher.load.standalone import load_standalone
from publisher.validate.edition import validate
from publisher.core.yamlio import parse_yaml, split_front_matter

YAML_ALPHABET = st.sampled_from(list("abc: -\t\n[]{}#'\"|>&*!%@,?\\0129é—ә") + ["\r\n", "---"])
yaml_text = st.lists(YAML_ALPHABET, max_size=80).map("".join)
MD_PIECES = st.sampled_from([
    "## Heading", "### Sub {#sub}", "# Top", "Text ", "[^1]", "[^1]: note\n", "![x](media/a.svg)",
    "![](http://x/y.png)", "<script>x</script>", "[l](#nowhere)", "::: {.lesson}\n", ":::\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n", "\n\n", "*em*", "<img src='file:///x'>",
    "{#dup}", "Table: cap\n", "\t", "ә қ Հ ქ", "---\n", "title: x\n",
])
markdown = st.lists(MD_PIECES, max_size=25).map("".join)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(yaml_text)
def test_yaml_parser_never_raises(text):
    located, diagnostics = parse_yaml(text, Path("x.yaml"))
    assert (located is None) == bool(diagnostics) or located is not None
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1


@SETTINGS
@given(yaml_text, markdown)
def test_front_matter_split_never_raises(meta, body):
    document, diagnostics = split_front_matter(f"---\n{meta}\n---\n{body}", Path("x.md"))
    assert document is not None or diagnostics


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(meta=yaml_text, body=markdown, case_extra=yaml_text)
def test_project_validation_never_raises(tmp_path_factory, meta, body, case_extra):
    root = make_project(tmp_path_factory.mktemp("p"), {"en": f"---\n{meta}\n---\n{body}"},
                        CASE_YAML + case_extra)
    checked = validate(load_project(root))
    for d in checked.diagnostics:
        assert d.code.startswith("PUB") and d.message


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("b") / "doc.md"
    path.write_bytes(raw)
    edition, diagnostics = load_standalone(path)
    assert edition is not None or diagnostics


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=markdown)
def test_body_checks_never_raise(tmp_path_factory, body):
    root = make_project(tmp_path_factory.mktemp("m"), {"en": f"---\ntitle: Fuzz\n---\n\n{body}"})
    project = load_project(root)
    editions, _ = load_editions(project)
    assert len(editions) == 1
    checked = validate(project)
    assert len(checked.prepared) + len(checked.failed) == 1
    for d in checked.diagnostics:
        assert d.path is not None and d.line >= 1 and d.column >= 1
