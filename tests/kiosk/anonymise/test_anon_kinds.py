"""One test group per kind, including the traps that must NOT be flagged."""

from __future__ import annotations

import pytest

from kiosk.anonymise import KINDS, Finding, find_identifiers
from kiosk.anonymise.patterns import nhs_valid

ROSTER = {
    "home": "Rosewood House",
    "residents": ["Rose Entwistle", "May Jones", "Will Turner", "Stanley Hough"],
    "staff": ["Joy Mensah", "Nurse Joy", {"name": "Sunny Patel", "role": "carer"}, "Chidinma Eze", "Chi"],
}


def found(text: str, roster=ROSTER) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find_identifiers(text, roster)]


def kinds(text: str, roster=ROSTER) -> set[str]:
    return {k for k, _ in found(text, roster)}


def test_finding_is_frozen_dataclass():
    f = Finding(0, 3, "NAME", "a resident", "why")
    with pytest.raises(Exception):
        f.start = 2  # type: ignore[misc]
    assert set(KINDS) >= {"NAME", "ROOM", "PHONE", "EMAIL", "NHS_NUMBER", "POSTCODE", "ADDRESS", "DATE", "AGE", "QUASI"}


# --- NAME --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Thanks to Mrs Patel for the flowers.", "Mrs Patel"),
        ("Nurse Bev was lovely on nights.", "Nurse Bev"),
        ("Dr Bhattacharya explained the tablets.", "Dr Bhattacharya"),
        ("My friend Pauline and I came on Sunday.", "Pauline"),
        ("Big thanks to Oluwaseun for the singing.", "Oluwaseun"),
        ("Agnieszka noticed Dad was poorly.", "Agnieszka"),
        ("Please thank Tomasz and Bogdan from us.", "Tomasz"),
        ("Jomar took us down to the harbour.", "Jomar"),
        ("A carer called Ewan grabbed his arm.", "called Ewan"),
        ("Thank you from the Chang family.", "Chang"),
        ("Lovely visit today.\nGary Ackroyd", "Gary Ackroyd"),
        ("Many thanks, Kath", "Kath"),
        ("Salamat po - Jomar", "Jomar"),
        ("Sister Mercy held her hand.", "Sister Mercy"),
        ("My brother Trevor will bring the cake.", "Trevor"),
    ],
)
def test_names_found(text, name):
    assert ("NAME", name) in found(text, None)


@pytest.mark.parametrize(
    "text",
    [
        "May was warm so we sat out.",
        "i like sitting in the rose garden when its warm.",
        "Will you help me find my glasses?",
        "We sat in the Sunny lounge after lunch.",
        "I'll be Frank with you, the food is good.",
        "Mark my words, the residents out-sang us!",
        "What a joy to see everyone dancing.",
        "We said grace before dinner and I hope it stays like this.",
        "A robin in the garden and holly on the door.",
        "Merry Christmas to everyone! Good Friday service was lovely.",
        "Thanks Rosewood House, and thanks Rosewood!",
        "We went to Paris and India on holiday.",
        "im 88 and never been so spoilt lol.",
        "The nurse said she'd check the notes.",
    ],
)
def test_word_names_need_a_cue(text):
    assert "NAME" not in kinds(text), found(text)


def test_roster_word_names_with_cue():
    assert ("NAME", "Nurse Joy") in found("What a joy to see Nurse Joy dancing.")
    assert ("NAME", "Chi") in found("A massive thank you to Chi and the team.")
    assert ("NAME", "Rose Entwistle") in found("Mum is Rose Entwistle, please call me.")
    assert ("NAME", "May Jones") in found("May Jones is doing well.")


def test_names_from_many_cultures_without_roster():
    text = "Thanks to Chukwuemeka, Małgorzata, Rowena, Parminder, Ionuț and Nasreen for the party."
    names = {t for k, t in found(text, None) if k == "NAME"}
    assert {"Chukwuemeka", "Małgorzata", "Rowena", "Parminder", "Nasreen"} <= names


# --- ROOM --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, room", [
    ("my mum in room 14 is happy", "room 14"),
    ("from nora rm 3", "rm 3"),
    ("the heatr in my room no 6 is brokn", "room no 6"),
    ("the lady in bed 2 was calling", "bed 2"),
    ("Mum has settled into the Iona room beautifully.", "the Iona room"),
    ("Visited Florence in the Thames Suite today.", "the Thames Suite"),
])  # fmt: skip
def test_rooms(text, room):
    assert ("ROOM", room) in found(text, None)


@pytest.mark.parametrize("text", [
    "We sat in the dining room and the staff room was busy.",
    "The Sunny lounge and the big lounge were warm.",
    "I waited in bed 10 minutes for help.",
])  # fmt: skip
def test_shared_rooms_not_flagged(text):
    assert "ROOM" not in kinds(text, None), found(text, None)


# --- PHONE, EMAIL, NHS, POSTCODE, ADDRESS ------------------------------------------------------


@pytest.mark.parametrize("phone", ["07700 900417", "0161 496 0732", "+44 7700 900981", "(01632) 960418", "0114-496-0620", "029 2018 0593", "020 7946 0821"])
def test_phones(phone):
    assert ("PHONE", phone) in found(f"Please ring me on {phone} today.", None)


def test_prices_times_and_short_numbers_are_not_phones():
    text = "It cost £4.50 at 3pm, £1,200 a week, 24/7 care, I rang 999 and 111, room 12 at 10.30."
    assert kinds(text, None) <= {"ROOM"}, found(text, None)


def test_emails():
    assert ("EMAIL", "kath.hough58@example.com") in found("email the photos to kath.hough58@example.com?", None)
    assert ("EMAIL", "GETHIN_P@example.net") in found("list: GETHIN_P@example.net. Gethin", None)


def test_nhs_numbers_need_valid_check_digit():
    assert nhs_valid("9995260182") and nhs_valid("9991590838")
    assert not nhs_valid("9995260183")
    assert ("NHS_NUMBER", "999 526 0182") in found("NHS number 999 526 0182 please", None)
    assert ("NHS_NUMBER", "999-016-6137") in found("it's 999-016-6137, thanks", None)
    assert "NHS_NUMBER" not in kinds("NHS number 999 526 0183 please", None)


@pytest.mark.parametrize("pc", ["M14 7QN", "ls21 3hp", "CF14 6NX", "S6  3TW", "SE15 4LP", "B44 9RT"])
def test_postcodes(pc):
    assert ("POSTCODE", pc) in found(f"She lived at {pc} for years.", None)


def test_addresses():
    assert ("ADDRESS", "27 Lowther Street") in found("pop round to 27 Lowther Street, M14 7QN", None)
    assert ("ADDRESS", "Flat 3, 18 Heol y Nant") in found("post them to Flat 3, 18 Heol y Nant, Cardiff", None)
    assert ("ADDRESS", "2 Maes y Deri") in found("I live close by at 2 Maes y Deri if needed", None)
    assert "ADDRESS" not in kinds("Harbour View is lovely and 15 Welsh cakes were eaten.", None)


# --- DATE --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, date", [
    ("On 12/03/2024 I came in", "On 12/03/2024"),
    ("party on 8th June!", "on 8th June"),
    ("passed away on the 4th of January", "on the 4th of January"),
    ("turns 90 on Sept 21st and", "on Sept 21st"),
    ("moved in on 2023-11-06 from", "on 2023-11-06"),
    ("DOB 17.08.1939, NHS", "17.08.1939"),
    ("came in for respite 14 Feb 2024 and", "14 Feb 2024"),
])  # fmt: skip
def test_dates(text, date):
    assert ("DATE", date) in found(text, None)


@pytest.mark.parametrize("text", [
    "The quiz on Thursday was good and last week was better.",
    "I came at 3pm and again at 10.30 on Friday.",
    "May was warm and March was wet.",
    "I need 2 sugars, 3 times a day, 24/7.",
])  # fmt: skip
def test_not_dates(text):
    assert "DATE" not in kinds(text, None), found(text, None)


def test_date_suggestion_keeps_only_the_month():
    t = "On 12/03/2024 I came in"
    (f,) = [f for f in find_identifiers(t) if f.kind == "DATE"]
    assert f.suggestion == "in March"
    t = "DOB 02/11/1936 for the records"
    (f,) = [f for f in find_identifiers(t) if f.kind == "DATE"]
    assert f.suggestion == ""  # a birth date is removed


# --- AGE ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, age", [
    ("my 101-year-old great aunt", "101-year-old"),
    ("Stanley, 100 years old and still", "100 years old"),
    ("Dad is aged 91 and a retired driver", "aged 91"),
    ("im 88 and never been so spoilt", "88"),
    ("She's ninety-eight and sharp", "ninety-eight"),
    ("Agnes turning 103!", "103"),
    ("At 94 she still remembered", "At 94"),
    ("Our dad Len Staniforth (86) was moved", "(86)"),
])  # fmt: skip
def test_ages(text, age):
    assert ("AGE", age) in found(text, None)


@pytest.mark.parametrize("text", [
    "Dad was a fireman for 30 years.",
    "She has lived in Sheffield 50 years.",
    "The room is 60 degrees and she was 58 kilos.",
    "Bingo is at 2 and dinner at 5.",
    "Ten out of ten, 5 stars.",
])  # fmt: skip
def test_not_ages(text):
    assert "AGE" not in kinds(text, None), found(text, None)


def test_age_suggestions():
    t = "my 97-year-old mum"
    assert [f.suggestion for f in find_identifiers(t) if f.kind == "AGE"] == ["elderly"]


# --- QUASI -------------------------------------------------------------------------------------


def test_quasi_is_a_gentle_prompt():
    t = "He is the only man on the ground floor and nobody talks to him."
    (f,) = [f for f in find_identifiers(t) if f.kind == "QUASI"]
    assert t[f.start : f.end].startswith("the only man")
    assert "Tomek was the only one who helped" and not [
        f for f in find_identifiers("Tomek was the only one who helped.") if f.kind == "QUASI"
    ]


# --- ordering ----------------------------------------------------------------------------------


def test_sorted_non_overlapping_and_reasons_present():
    t = "Mum (Rose Entwistle, rm 9, NHS 999 526 0182) lives at 9 Beck View, ls21 3hp; ring 0113 496 0281."
    fs = find_identifiers(t, ROSTER)
    assert [f.kind for f in fs] == ["NAME", "ROOM", "NHS_NUMBER", "ADDRESS", "POSTCODE", "PHONE"]
    for a, b in zip(fs, fs[1:]):
        assert a.end <= b.start
    assert all(f.reason and f.reason.endswith(".") for f in fs)
