"""apply(): accepted replacements, offsets when several are applied, tidy removals."""

from __future__ import annotations

import pytest

from kiosk.anonymise import Finding, apply, find_identifiers

ROSTER = {"home": "Rosewood House", "residents": ["Edna Whitworth"], "staff": ["Nurse Joy", "Joy Mensah", "Marek"]}
TEXT = "Thanks to Nurse Joy and Marek, my mum Edna in room 14 is happy. Ring 07700 900417."


def test_apply_all_suggestions():
    fs = find_identifiers(TEXT, ROSTER)
    assert apply(TEXT, fs, fs) == "Thanks to a nurse and a member of staff, my mum in their room is happy. Ring."


def test_accept_by_index_and_by_finding_give_same_result():
    fs = find_identifiers(TEXT, ROSTER)
    assert apply(TEXT, fs, [0, 3]) == apply(TEXT, fs, [fs[0], fs[3]])
    assert apply(TEXT, fs, [0, 3]) == "Thanks to a nurse and Marek, my mum Edna in their room is happy. Ring 07700 900417."


def test_accept_none_returns_text_unchanged():
    fs = find_identifiers(TEXT, ROSTER)
    assert apply(TEXT, fs, []) == TEXT


def test_mapping_gives_own_replacement():
    fs = find_identifiers(TEXT, ROSTER)
    assert apply(TEXT, fs, {1: "the night carer"}).startswith("Thanks to Nurse Joy and the night carer,")


def test_offsets_stay_right_in_any_order():
    text = "ab cd ef gh"
    fs = [Finding(0, 2, "NAME", "XXXX"), Finding(3, 5, "NAME", ""), Finding(9, 11, "NAME", "Y")]
    assert apply(text, fs, [fs[2], fs[0], fs[1]]) == "XXXX ef Y"


def test_overlapping_and_duplicate_accepts_are_ignored():
    text = "Mrs Patel"
    fs = [Finding(0, 9, "NAME", "someone"), Finding(4, 9, "NAME", "x")]
    assert apply(text, fs, [0, 1, 0]) == "Someone"  # text start: capitalised


def test_sentence_start_replacement_is_capitalised():
    text = "Dr MacInnes came out on a Sunday."
    fs = find_identifiers(text)
    assert apply(text, fs, fs) == "A doctor came out on a Sunday."


def test_empty_brackets_removed():
    text = "Dad (Harold Pilling) was upset."
    fs = find_identifiers(text, {"residents": ["Harold Pilling"]})
    assert apply(text, fs, fs) == "Dad was upset."


def test_bad_accepted_items():
    fs = find_identifiers(TEXT, ROSTER)
    with pytest.raises(TypeError):
        apply(TEXT, fs, ["Marek"])  # type: ignore[list-item]
    with pytest.raises(IndexError):
        apply(TEXT, fs, [99])
