"""Where a text stands in an edition's source: the line and column every diagnostic shows."""

from __future__ import annotations

import pytest

from publisher.core.tree import find_in_lines

TEXT = "# Title\n\nA paragraph with ünïcode.\n\n  indented ünïcode here\n"


@pytest.mark.parametrize("needle, first_line, expected", [
    ("Title", 1, (1, 3)),
    ("ünïcode", 1, (3, 18)),  # the first line that holds it; columns count characters
    ("indented", 10, (14, 3)),  # counted from the line the body starts on
    ("absent", 7, (7, 1)),
    ("paragraph\n", 1, (1, 1)),  # a needle of two lines is on no line
    ("", 4, (4, 1)),
])
def test_find_in_lines(needle, first_line, expected):
    assert find_in_lines(TEXT, needle, first_line) == expected
