"""Reviewer names as identities: normal form, refused characters, the comparison key."""

from __future__ import annotations

import pytest

from workbench.text.identity import InvalidNameError, identity_key, is_reserved, normalise


@pytest.mark.parametrize("spelling", ["ed", "Ed", "ed ", " ed", "ed\u00a0", "ＥＤ", "\u0435d", "E\u0064"])
def test_spellings_of_one_name_share_a_key(spelling: str) -> None:
    assert identity_key(spelling) == identity_key("ed")


def test_distinct_names_keep_distinct_keys() -> None:
    assert identity_key("ed") != identity_key("eve")
    assert identity_key("Anna Smith") != identity_key("Anna Smyth")


@pytest.mark.parametrize(
    "bad", ["e\u200bd", "ed\u202e", "e\u2066d", "ed\x1b]0;x\x07", "e\nd", "", "   ", "x" * 65]
)
def test_control_zero_width_and_bidi_characters_are_refused(bad: str) -> None:
    with pytest.raises(InvalidNameError):
        normalise(bad)


def test_normal_form_is_trimmed_nfkc_with_single_spaces() -> None:
    assert normalise("  Anna\u00a0 Smith ") == "Anna Smith"


@pytest.mark.parametrize("name", ["system:bo", "System:bo", "SYSTEM:x", "\u0455ystem:bo", " system:ingest"])
def test_the_system_prefix_is_reserved_in_any_spelling(name: str) -> None:
    assert is_reserved(name)


def test_ordinary_names_are_not_reserved() -> None:
    assert not is_reserved("systems analyst")


def test_the_shipped_skeleton_table_is_the_one_built_from_the_confusables_data() -> None:
    import json

    from workbench.text.identity import SKELETON_FILE, build_skeleton_map

    shipped = json.loads(SKELETON_FILE.read_text(encoding="utf-8"))
    assert shipped == build_skeleton_map(), "run: python -m workbench.text.identity"
    assert shipped["\u0435"] == shipped.get("e", "e")  # Cyrillic е reads as Latin e
