"""The name finder's three word-splitting patterns agree wherever the faster ones are used.

``Tokens`` splits ASCII text with an ASCII-only pattern and text with no letter beyond U+024F with
the Latin letters spelt out; both must split exactly as the general Unicode pattern does.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.anonymise import names as N
from kiosk.anonymise.names import _BEYOND_LATIN, _SPLIT, _SPLIT_ASCII, _SPLIT_LATIN, Tokens


def test_every_ascii_and_latin_character_is_split_alike():
    for cp in range(0x250):
        ch = chr(cp)
        for text in (ch, f"ab{ch}cd", f"x'{ch}", f"{ch}-y"):
            assert _SPLIT_LATIN.split(text) == _SPLIT.split(text), repr(text)
            if text.isascii():
                assert _SPLIT_ASCII.split(text) == _SPLIT.split(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=80))
def test_latin_text_splits_alike(text):
    assert not _BEYOND_LATIN.search(text)
    assert _SPLIT_LATIN.split(text) == _SPLIT.split(text)
    if text.isascii():
        assert _SPLIT_ASCII.split(text) == _SPLIT.split(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_tokens_offsets_point_at_their_words(text):
    tk = Tokens(text)
    for k in range(tk.n):
        assert text[tk.st[k] : tk.en[k]] == tk.tx[k]


_JOINERY = "aZé'’- .x\n"  # letters, the three joiners and gaps: every way a joiner can sit


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=_JOINERY, max_size=40),
                 st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=60),
                 st.text(max_size=60)))
def test_loose_split_where_used_splits_as_the_unicode_pattern(text):
    # _split takes the loose letters-and-joiners pattern only where _joiner_alone finds no joiner
    # it would swallow; on every text it must give what the general pattern gives
    assert N._split(text) == _SPLIT.split(text)


def test_joiner_alone_finds_each_joiner_the_loose_pattern_would_swallow():
    for text in ("Jones' room", "well-", "a''b", "a-'b", "Siân’ ok", "end'"):
        letters = N._ASCII_LETTER_SET if text.isascii() else N._LATIN_LETTER_SET
        assert N._joiner_alone(text, "'’-", letters), text
    for text in ("it's Mary-Jane", "'quoted - no", "Siân’s", "- a"):
        letters = N._ASCII_LETTER_SET if text.isascii() else N._LATIN_LETTER_SET
        assert not N._joiner_alone(text, "'’-", letters), text
