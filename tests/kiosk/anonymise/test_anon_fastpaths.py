"""The speed round's short cuts give what the plain forms they replace give, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.anonymise import patterns as P

SETTINGS = settings(max_examples=300, deadline=None, database=None)
DIGITISH = st.text(alphabet=st.sampled_from(list("0123456789 ab\n.-") + ["٣", "１", "²", "ß"]), max_size=60)
OWNERS = st.text(alphabet=st.sampled_from(list("mum dads nan's’ S\t\n-inlawgreat")), max_size=30)
WELSH = st.lists(st.sampled_from(["12", "5ed", "y", "yr", "Y", " ", "  ", "\n", "o", "fis", "Mawrth", "mai", "Mai", "2024", ",",
                                  "ar", "ganwyd", "3", "x"]), max_size=14).map(" ".join)


@SETTINGS
@given(DIGITISH)
def test_digit_runs_match_the_regex(text):
    assert P.number_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]


def test_only_ascii_digits_knows_every_other_decimal_digit():
    assert P._only_ascii_digits("room 12 ’ é")
    assert not P._only_ascii_digits("room ١٢")  # Arabic-Indic digits are \d too
    assert not P._only_ascii_digits("room １２")


@SETTINGS
@given(OWNERS, st.integers(min_value=0, max_value=40))
def test_kin_owner_short_cut_matches_the_regex(before, pad):
    src = "x" * pad + before + "91"
    st_ = len(src) - 2
    plain = P._KIN_OWNER.search(src[max(0, st_ - 24) : st_].lower())
    expected = plain is not None and plain.group(1).replace("-", " ") in P._age_owners()
    assert P._kin_owner_before(src, st_) == expected


@SETTINGS
@given(WELSH)
def test_welsh_dates_tried_at_numbers_match_the_scan(text):
    low = P.lowered(text)
    runs = P.number_runs(text)
    back = {ms: P._back_spaces(text, ms) for ms, _ in runs}
    fast = [(c.start, c.end, c.kind, c.suggestion) for c in P.find_welsh(text, low, runs, back)]
    slow = [(c.start, c.end, c.kind, c.suggestion) for c in P.find_welsh(text, low)]
    assert fast == slow
