"""The README stays true: every diagnostic code and every command is documented."""

import re

from conftest import REPO
from publisher.cli.main import cli
from publisher.core.diagnostics import CODES

README = (REPO / "README.md").read_text("utf-8")


def test_every_diagnostic_code_is_documented():
    documented = set(re.findall(r"^\| `(PUB\d{3})` \|", README, re.M))
    assert documented == set(CODES)


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"`publisher {name}" in README, name


def test_quick_start_is_two_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert block.split() == ["make", "make", "test"]
