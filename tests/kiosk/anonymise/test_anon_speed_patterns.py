"""Speed round 7's short cuts in the shape detectors give what the plain forms they replace give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.anonymise import patterns as P

SETTINGS = settings(max_examples=300, deadline=None, database=None)
ODD = st.text(alphabet=st.sampled_from(list("0123456789 a\n’–é") + ["٣", "１", "²", "߀", "\ud800", "𝟘", "Ⅻ"]), max_size=40)


@SETTINGS
@given(ODD)
def test_only_ascii_digits_matches_the_set_scan(text):
    plain = text.isascii() or not any(ch.isdecimal() for ch in set(text) if ch >= "\u0660")
    assert P._only_ascii_digits(text) == plain
