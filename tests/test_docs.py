"""The docs stay true: every diagnostic code (docs/diagnostics.md) and every command (README)
is documented, and the README's links lead to files that exist."""

import re

from conftest import REPO
from publisher.cli.main import cli
from publisher.core.diagnostics import CODES

README = (REPO / "README.md").read_text("utf-8")
DIAGNOSTICS = (REPO / "docs" / "diagnostics.md").read_text("utf-8")


def test_every_diagnostic_code_is_documented():
    documented = set(re.findall(r"^\| `(PUB\d{3})` \|", DIAGNOSTICS, re.M))
    assert documented == set(CODES)


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"`publisher {name}" in README, name


def test_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert block.split() == ["make", "make", "test"]


def test_readme_links_to_files_that_exist():
    targets = re.findall(r"\]\((docs/[^)#]+)", README)
    assert "docs/diagnostics.md" in targets
    assert [t for t in targets if not (REPO / t).is_file()] == []
