"""Stories written in Welsh (Cymraeg): titles and role words, sentence-opening words, rooms, ages,
dates, a Welsh home name, and apply() with every suggestion.

Suggestions stay the English msgids ("a nurse", "their room", "elderly", "March"); the kiosk
translates them at display time.
"""

from __future__ import annotations


import pytest

from kiosk.anonymise import apply, find_identifiers
from kiosk.anonymise.welsh import function_words, radicals

ROSTER = {
    "home": "Tŷ Gwyn",
    "residents": ["Megan Jones", "Bethan Price", "Emrys Vaughan"],
    "staff": [
        {"name": "Sandra Evans", "role": "nurse"},
        {"name": "Dafydd Morgan", "role": "gofalwr"},
        {"name": "Eleri Hughes", "role": "rheolwraig"},
        "Siwan Lloyd",
    ],
}


def found(text: str, roster=ROSTER) -> list[tuple[str, str, str]]:
    return [(f.kind, text[f.start : f.end], f.suggestion) for f in find_identifiers(text, roster)]


# --- the reported case ----------------------------------------------------------------------------


def test_mae_is_not_part_of_the_name():
    text = "Mae Nyrs Sandra yn garedig iawn gyda mam yn ystafell 12."
    assert found(text) == [
        ("NAME", "Nyrs Sandra", "a nurse"),
        ("ROOM", "ystafell 12", "their room"),
    ]
    assert found(text, {}) == [
        ("NAME", "Nyrs Sandra", "a nurse"),
        ("ROOM", "ystafell 12", "their room"),
    ]


def test_non_roster_nurse_is_a_nurse_not_someone():
    assert found("Roedd Nyrs Bethan yn wych gyda Dad.", {}) == [("NAME", "Nyrs Bethan", "a nurse")]


# --- names after Welsh titles and role words (with mutations) ---------------------------------------


@pytest.mark.parametrize(
    "text, detail, suggestion",
    [
        ("Mae Nyrs Ffion yn garedig iawn.", "Nyrs Ffion", "a nurse"),
        ("Diolch i Nyrs Olwen am bopeth.", "Nyrs Olwen", "a nurse"),
        ("Cafodd Mam help gan Nyrs Kasia neithiwr.", "Nyrs Kasia", "a nurse"),
        ("Daeth Meddyg Owen i weld Dad ddoe.", "Meddyg Owen", "a doctor"),
        ("Diolch i Feddyg Chowdhury am esbonio.", "Feddyg Chowdhury", "a doctor"),
        ("Diolch yn fawr i Ddoctor Adeyemi.", "Ddoctor Adeyemi", "a doctor"),
        ("Roedd Doctor Patel yn amyneddgar iawn.", "Doctor Patel", "a doctor"),
        ("Mae Dr Nowak yn dod bob dydd Llun.", "Dr Nowak", "a doctor"),
        ("Mae Gofalwr Tomasz yn gwneud paned i Mam.", "Gofalwr Tomasz", "a carer"),
        ("Diolch i Ofalwr Jomar am ei amynedd.", "Ofalwr Jomar", "a carer"),
        ("Roedd Gofalwraig Ceri yn dawel ac yn garedig.", "Gofalwraig Ceri", "a carer"),
        ("Siaradais i â Rheolwraig Pritchard ddoe.", "Rheolwraig Pritchard", "a manager"),
        ("Mae Rheolwr Bowen wedi helpu.", "Rheolwr Bowen", "a manager"),
        ("Hoffwn ddiolch i Mrs. Hughes am y blodau.", "Mrs. Hughes", "someone"),
        ("Roedd Mr Roberts yn canu yn y lolfa.", "Mr Roberts", "someone"),
        ("Mae Miss Lewis yn hyfryd gyda Nain.", "Miss Lewis", "someone"),
    ],
)
def test_title_names(text, detail, suggestion):
    assert ("NAME", detail, suggestion) in found(text, {})


@pytest.mark.parametrize(
    "text, detail",
    [
        ("Mae ei nyrs Bethan yn dda iawn.", "Bethan"),  # "her nurse Bethan": the role stays
        ("Mae fy ngofalwr Chidi yn ffrind.", "Chidi"),
        ("Mae ei Ofalwr Dafydd yn dda.", "Dafydd"),
        ("Mae gen i ffrind o'r enw Gwilym yn y cartref.", "o'r enw Gwilym"),
        ("Mae fy mam Myfanwy yn hapus yma.", "Myfanwy"),
    ],
)
def test_relation_names_are_removed_role_kept(text, detail):
    assert ("NAME", detail, "") in found(text, {})


def test_roster_names_in_welsh():
    text = "Diolch i Dafydd a Siwan. Mae Eleri'n rheolwraig dda ac mae Megan yn hapus."
    assert found(text) == [
        ("NAME", "Dafydd", "a carer"),
        ("NAME", "Siwan", "a member of staff"),
        ("NAME", "Eleri", "a manager"),
        ("NAME", "Megan", "a resident"),
    ]


def test_mutated_roster_name():
    # "gan Fethan": Bethan after the soft mutation
    assert ("NAME", "Fethan", "a resident") in found("Cefais i gerdyn hyfryd gan Fethan.")


def test_welsh_word_names_need_a_cue():
    # "Haf" (summer) and "Seren" (star) are names only with a cue, as "May" and "Rose" are in English
    assert found("Mae'r haf yn braf a'r seren yn disgleirio.", {}) == []
    assert found("Diolch o galon i Haf a Seren am bopeth.", {}) == [
        ("NAME", "Haf", "someone"),
        ("NAME", "Seren", "someone"),
    ]
    assert found("Roedd y trip yn hyfryd gyda Heulwen.", {}) == [("NAME", "Heulwen", "someone")]


def test_names_from_many_cultures_in_welsh_sentences():
    text = "Mae Chidinma a Babajide yn gweithio'n galed, ac mae Parminder yn canu gyda Mam."
    names = [d for k, d, _ in found(text, {}) if k == "NAME"]
    assert names == ["Chidinma", "Babajide", "Parminder"]


# --- sentence-opening and other Welsh words are never names ------------------------------------------

OPENERS = [
    "Mae Mam yn hapus iawn yma.",
    "Roedd y bwyd yn oer ddoe.",
    "Diolch am bopeth.",
    "Heddiw roedd côr yn y lolfa.",
    "Ddoe aeth Dad i'r ardd.",
    "Bore da i bawb yn y cartref.",
    "Nos da a diolch.",
    "Beth sy'n digwydd ar nos Fercher?",
    "Dwi ddim yn hapus gyda'r golchi.",
    "Rydw i'n ddiolchgar iawn.",
    "Rwy'n ymweld bob wythnos.",
    "Mi fydd Mam yn falch.",
    "Fe ddaeth y meddyg yn gyflym.",
    "Hefyd, mae angen mwy o deithiau.",
    "Ond mae'r staff yn brysur iawn.",
    "Wythnos diwethaf roedd parti.",
    "Efallai gallai'r cogydd wneud mwy o gawl.",
    "Weithiau mae'r ystafell yn oer.",
    "Ar ôl cinio mae Nain yn cysgu.",
    "Gobeithio bydd Taid yn well erbyn y Nadolig.",
    "Hoffwn ddiolch i'r staff i gyd.",
    "Yn anffodus roedd Dad yn sâl dros y Pasg.",
    "Mae'r nyrsys yn canu yn Gymraeg gyda Mam.",
    "Cafodd Mam amser da yn Abertawe ac yng Nghaerdydd.",
    "Aeth Dad ar drip i Landudno a Fangor ddydd Sadwrn.",
    "Roedden ni'n canu Calon Lân yn y capel.",
    "Pan ddaeth Mam o Ysbyty Gwynedd roedd hi'n drist.",
]


@pytest.mark.parametrize("text", OPENERS)
def test_welsh_words_not_flagged(text):
    assert found(text) == []


def test_function_words_list_covers_the_common_openers():
    fw = function_words()
    for w in ("mae", "roedd", "mi", "fe", "dwi", "rydw", "rwy", "rydyn", "mae'r", "yn", "y", "yr", "a", "ac",
              "i", "o", "gyda", "efo", "ond", "am", "ar", "at", "gan", "heb", "hefyd", "diolch", "bore", "nos",
              "wythnos", "heddiw", "ddoe"):
        assert w in fw, w
    assert len(fw) >= 300


def test_english_mae_is_still_a_name():
    # "Mae" is only the Welsh verb in a Welsh sentence; in English it is a given name
    assert found("Mae helped mum with her tea every day.", {}) == [("NAME", "Mae", "someone")]


def test_radicals():
    assert "bethan" in radicals("fethan")
    assert "caerdydd" in radicals("nghaerdydd")
    assert "gofalwr" in radicals("ofalwr")
    assert "pentref" in radicals("mhentref")


# --- rooms, ages and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, detail, suggestion",
    [
        ("Mae Mam yn ystafell 12 ers mis Mai.", "ystafell 12", "their room"),
        ("Mae Dad yn stafell 7 ar y llawr cyntaf.", "stafell 7", "their room"),
        ("Does dim golau da yn ystafell rhif 22.", "ystafell rhif 22", "their room"),
        ("Mae hi yn gwely 3 ar y ward.", "gwely 3", "their bed"),
        ("Mae Taid yn fflat 4 nawr.", "fflat 4", "their flat"),
        ("Mae ei ystafell wely 9 yn fach.", "ystafell wely 9", "their room"),
    ],
)
def test_welsh_rooms(text, detail, suggestion):
    assert ("ROOM", detail, suggestion) in found(text)


def test_yng_ngwely_reads_yn_after_apply():
    text = "Mae Dad yng ngwely 4 ar y ward."
    f = find_identifiers(text, {})
    assert [(x.kind, text[x.start : x.end], x.suggestion) for x in f] == [("ROOM", "ngwely 4", "their bed")]
    assert apply(text, f, f) == "Mae Dad yn their bed ar y ward."


@pytest.mark.parametrize(
    "text",
    [
        "Roedd hi yn y gwely 3 diwrnod.",  # three days in bed, not bed 3
        "Mae'r ystafell fwyta yn fawr.",
        "Mae 12 ystafell yn y cartref.",
    ],
)
def test_not_rooms(text):
    assert [k for k, _, _ in found(text, {}) if k == "ROOM"] == []


@pytest.mark.parametrize(
    "text, detail",
    [
        ("Mae Mam yn 97 oed.", "97 oed"),
        ("Mae hi'n 97 oed ac yn hapus.", "97 oed"),
        ("Mae Dad yn 88 mlwydd oed.", "88 mlwydd oed"),
        ("Mae Nain yn naw deg saith oed heddiw.", "naw deg saith oed"),
        ("Cafodd Mam ei phen-blwydd yn 100 oed.", "100 oed"),
    ],
)
def test_welsh_ages(text, detail):
    assert ("AGE", detail, "elderly") in found(text)


def test_not_ages():
    assert found("Faint oed ydy hi? Does dim ots.", {}) == []


@pytest.mark.parametrize(
    "text, detail, suggestion",
    [
        ("Roedd y parti 12 Mawrth 2024 yn hyfryd.", "12 Mawrth 2024", "March"),
        ("Daeth y côr ar 12 Mawrth 2024.", "ar 12 Mawrth 2024", "in March"),
        ("Roedd hyn ar y 5ed o Fawrth.", "ar y 5ed o Fawrth", "in March"),
        ("Symudodd Mam yma 14eg Chwefror.", "14eg Chwefror", "February"),
        ("Bydd y trip ar 1af Gorffennaf.", "ar 1af Gorffennaf", "in July"),
        ("Digwyddodd hyn ar 3ydd o Fedi 2023.", "ar 3ydd o Fedi 2023", "in September"),
        ("Ganwyd hi ar 5 Mawrth 1927.", "ar 5 Mawrth 1927", ""),  # a date of birth is removed
    ],
)
def test_welsh_dates(text, detail, suggestion):
    assert ("DATE", detail, suggestion) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mae'r côr yn dod bob dydd Mawrth.",  # Tuesday
        "Symudodd Mam yma ym mis Mai.",  # a month, no day
        "Dywedodd hi mai 3 o bobl oedd yno.",  # "mai" = that
    ],
)
def test_not_dates(text):
    assert [k for k, _, _ in found(text, {}) if k == "DATE"] == []


# --- the home's own name -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Diolch i bawb yn Nhŷ Gwyn.",
        "Mae Tŷ Gwyn yn lle hyfryd i fyw.",
        "Mae Ty Gwyn yn gartref da.",
        "Dwi'n dod i Dŷ Gwyn bob dydd Sul.",
        "Thanks to everyone at Tŷ Gwyn.",
    ],
)
def test_welsh_home_never_flagged(text):
    assert found(text) == []


def test_welsh_place_not_flagged_without_roster():
    assert found("Rydyn ni'n byw ger Tŷ Gwyn ers blynyddoedd. Aeth Mam i Blas Newydd.", {}) == []


# --- apply with every suggestion leaves no detail behind -------------------------------------------

STORIES = [
    "Mae Nyrs Sandra yn garedig iawn gyda mam yn ystafell 12.",
    "Roedd Nyrs Bethan yn wych. Diolch i Ddoctor Evans am ei help. Mae Mam yn 97 oed.",
    "Mae Dad (Emrys Vaughan, gwely 2) yn hapus. Diolch yn fawr i Dafydd a Siwan. Cofion, Gwenllian",
    "Cafodd Mam ei phen-blwydd yn 100 oed ar 14eg Chwefror 2024. Mae Eleri'n rheolwraig dda.",
    "Mae fy ngofalwr Chidi yn ffrind. Siaradais i â Rheolwraig Pritchard ar 3 Ebrill. Mae Taid yn fflat 4.",
    "Ysgrifennwch ata i yn 12 Heol y Bont, Caerfyrddin SA31 1AB neu ffoniwch 01267 123456. Diolch, Meinir.",
]


@pytest.mark.parametrize("text", STORIES)
def test_apply_all_leaves_no_detail(text):
    f = find_identifiers(text, ROSTER)
    assert f
    out = apply(text, f, f)
    for x in f:
        detail = text[x.start : x.end]
        assert detail not in out, (detail, out)
    assert find_identifiers(out, ROSTER) == [], out


def test_apply_keeps_welsh_readable():
    text = "Mae Sandra'n garedig iawn."
    f = find_identifiers(text, ROSTER)
    assert apply(text, f, f) == "Mae a nurse yn garedig iawn."


