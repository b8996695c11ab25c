"""The GSM-7 codec and segment counter."""

from __future__ import annotations

from hypothesis import given, strategies as st

from print_notices.sms import gsm7

GSM_TEXT = st.text(alphabet=st.sampled_from([c for c in gsm7.BASIC if c != "\x1b"] + list(gsm7.EXTENSION)))


def test_alphabet_is_the_03_38_table():
    assert gsm7.BASIC[0] == "@" and gsm7.BASIC[0x1B] == "\x1b" and gsm7.BASIC[0x7F] == "à"
    assert gsm7.encode("@£$") == [0, 1, 2]
    assert gsm7.encode("€") == [0x1B, 0x65]


def test_known_packing():
    assert gsm7.pack(gsm7.encode("hellohello")).hex().upper() == "E8329BFD4697D9EC37"


@given(GSM_TEXT)
def test_roundtrip(text):
    assert gsm7.decode(gsm7.encode(text)) == text
    assert gsm7.septet_count(text) == len(text) + sum(ch in gsm7.EXTENSION for ch in text)


def test_segments():
    assert gsm7.segments("a" * 160) == 1
    assert gsm7.segments("a" * 161) == 2
    assert gsm7.segments("a" * 306) == 2 and gsm7.segments("a" * 307) == 3
    assert gsm7.segments("{" * 80) == 1 and gsm7.segments("{" * 81) == 2
    assert gsm7.segments("ŵ" * 70) == 1 and gsm7.segments("ŵ" * 71) == 2  # UCS-2
    assert not gsm7.fits_one_segment("Tŷ Gwyn")


@given(st.text())
def test_fold_always_gives_gsm7(text):
    assert gsm7.is_gsm7(gsm7.fold(text))


def test_fold_examples():
    assert gsm7.fold("Tŷ Gwyn’s “garden” – café") == "Ty Gwyn's \"garden\" - café"
    assert gsm7.fold("Ŵyr") == "Wyr"


@given(GSM_TEXT, st.integers(min_value=3, max_value=200))
def test_truncate_respects_the_budget(text, limit):
    cut = gsm7.truncate(text, limit)
    assert gsm7.septet_count(cut) <= limit
    if gsm7.septet_count(text) <= limit:
        assert cut == text
