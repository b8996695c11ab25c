"""The name finder's three word-splitting patterns agree wherever the faster ones are used.

``Tokens`` splits ASCII text with an ASCII-only pattern and text with no letter beyond U+024F with
the Latin letters spelt out; both must split exactly as the general Unicode pattern does.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
