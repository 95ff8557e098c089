"""Standard identifiers in metadata: the licence's SPDX id."""

from __future__ import annotations

import pytest

from publisher.core import identifiers


@pytest.mark.parametrize("value, canonical", [
    ("CC-BY-4.0", "CC-BY-4.0"), ("cc-by-sa-4.0", "CC-BY-SA-4.0"), (" mit ", "MIT"),
    ("gpl-2.0+", "GPL-2.0+"), ("CC-BY-5.0", None), ("MIT OR Apache-2.0", None),
    ("LicenseRef-hub", None), ("MIT+", None), ("", None),
])
def test_a_licence_is_one_spdx_id_in_its_canonical_spelling(value, canonical):
    assert identifiers.spdx(value) == canonical


def test_suggestions_come_from_the_licences_publications_use():
    assert identifiers.spdx_suggestion("CC-BY-5.0") == "CC-BY-4.0"
    assert identifiers.spdx_suggestion("cc by nc sa 4.0") == "CC-BY-NC-SA-4.0"
    assert identifiers.spdx_suggestion("proprietary") is None
    assert all(identifiers.spdx(licence) == licence for licence in identifiers.COMMON_LICENCES)
