"""Roster matching however names are typed, and suggestions that fit the sentence."""

from __future__ import annotations

from kiosk.anonymise import find_identifiers
from kiosk.anonymise.roster import build

ROSTER = {
    "home": "Meadowbank House",
    "residents": ["Edna Whitworth", "Harold Pilling", "Margaret Ainsworth", "Reginald Cox"],
    "staff": [
        "Chidinma Eze", "Chi", "Sandra Holt", "Sandra", "Joy Mensah", "Nurse Joy",
        "Derek Fairclough", "Mr Fairclough", {"name": "Tomasz Zieliński", "role": "carer"},
        {"name": "Pat Hughes", "role": "Manager"}, {"name": "Olu Adebayo", "role": "chef"},
    ],
}  # fmt: skip


def by_text(text: str, roster=ROSTER) -> dict[str, str]:
    return {text[f.start : f.end]: f.suggestion for f in find_identifiers(text, roster)}


def test_lower_case_and_first_name_alone():
    got = by_text("sandra on nights is rude. edna wants her tea.")
    assert got == {"sandra": "a member of staff", "edna": "a resident"}


def test_surname_with_title_and_full_name():
    got = by_text("Mrs Ainsworth loved it. Harold Pilling too. Ask Mr Fairclough.")
    assert got["Mrs Ainsworth"] == "a resident"
    assert got["Harold Pilling"] == "a resident"
    assert got["Mr Fairclough"] == "a member of staff"


def test_known_short_forms_and_accents():
    got = by_text("Reg loves the crossword and tomasz zielinski helps him.")
    assert got["Reg"] == "a resident"
    assert got["tomasz zielinski"] == "a carer"


def test_role_from_title_entry_applies_to_full_name():
    got = by_text("Joy Mensah changed the dressing.")
    assert got == {"Joy Mensah": "a nurse"}


def test_roles_from_dict_entries():
    got = by_text("Pat Hughes never rings back but Olu Adebayo cooks well.")
    assert got == {"Pat Hughes": "a manager", "Olu Adebayo": "a cook"}


def test_relation_cue_removes_name():
    got = by_text("Thank you for looking after my mum Edna.")
    assert got == {"Edna": ""}


def test_home_name_never_flagged():
    text = "Thank you Meadowbank House! Meadowbank is the best, thanks Meadowbank."
    assert find_identifiers(text, ROSTER) == []


def test_home_name_from_roster_only():
    r = {"home": "Chi House", "staff": ["Chi"]}
    assert find_identifiers("Thanks everyone at Chi House.", r) == []


def test_malformed_roster_is_tolerated():
    for bad in (None, {}, {"residents": "Edna"}, {"staff": [None, 3, {"role": "nurse"}]}, {"home": 5}, ["x"]):
        assert isinstance(find_identifiers("Thanks Edna and Chidinma", bad), list)


def test_roster_parse_merges_entries():
    r = build(ROSTER)
    joy = [p for p in r.people if "joy" in p.given]
    assert len(joy) == 1 and joy[0].role == "a nurse"
    chi = [p for p in r.people if "chidinma" in p.given]
    assert "chi" in chi[0].given
