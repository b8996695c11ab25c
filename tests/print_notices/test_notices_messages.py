"""Every SMS kind fits ONE GSM-7 segment with worst-case inputs, names no person, and quotes story
text only when the story is published."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings, strategies as st

from print_notices.sms import gsm7, messages

LONG_HOME = ("The Very Long Name Residential, Nursing and Dementia Care Home for Older People (Tŷ Gwyn Annexe), "
             "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch {[€]}")
DEADLINE = datetime(2025, 3, 13, 17, 0, tzinfo=timezone.utc)
WORST = {
    "awaiting_decision": dict(ref="482106", deadline=DEADLINE),
    "published": dict(ref="482106", title="€{}" * 200),
    "no_response": dict(ref="482106", days=7),
    "digest_ready": dict(published_count=999999, awaiting_count=999999),
    "not_synced": dict(days=99999, last_sync=DEADLINE),
    "integrity_problem": dict(missing=999999, case="ab12cd34"),
}


def test_every_kind_has_a_worst_case():
    assert set(WORST) == set(messages.KINDS)


@pytest.mark.parametrize("kind", messages.KINDS)
@pytest.mark.parametrize("home", [LONG_HOME, "Tŷ Gwyn", "", "A"])
def test_worst_case_fits_one_gsm7_segment(kind, home):
    text = messages.compose(kind, home=home, **WORST[kind])
    assert gsm7.is_gsm7(text)
    assert gsm7.septet_count(text) <= 160
    assert gsm7.segments(text) == 1


def test_decision_request_carries_reference_deadline_and_keywords():
    text = messages.awaiting_decision(home=LONG_HOME, ref="482106", deadline=DEADLINE)
    assert "GO 482106" in text and "REVIEW 482106" in text and "Thu 13 Mar 17:00" in text
    assert "story 482106" in text


def test_deadline_is_uk_local_time():
    summer = datetime(2025, 7, 1, 16, 0, tzinfo=timezone.utc)
    assert "17:00" in messages.awaiting_decision(home="X", ref="1234", deadline=summer)


def test_only_the_published_kind_quotes_story_text():
    title = "Lovely garden seats"
    assert title in messages.published(home="Demo House", ref="4821", title=title)
    for kind in messages.KINDS:
        fields = dict(WORST[kind])
        if kind == "published":
            continue
        assert "title" not in fields and "body" not in fields  # nothing to quote
        with pytest.raises(TypeError):
            messages.compose(kind, home="X", title="secret words", **fields)


def test_reference_and_fixed_words_survive_truncation():
    text = messages.published(home=LONG_HOME, ref="482106", title="x" * 500)
    assert "story 482106 is now public" in text and text.endswith("for the noticeboard.")


@settings(max_examples=150, deadline=None)
@given(home=st.text(max_size=300), title=st.text(max_size=400),
       ref=st.from_regex(r"\A[0-9]{4,6}\Z"), n=st.integers(min_value=0, max_value=10**6))
def test_any_input_fits_one_segment(home, title, ref, n):
    for text in (
        messages.awaiting_decision(home=home, ref=ref, deadline=DEADLINE),
        messages.published(home=home, ref=ref, title=title),
        messages.no_response(home=home, ref=ref),
        messages.digest_ready(home=home, published_count=n, awaiting_count=n),
        messages.not_synced(home=home, days=n, last_sync=None),
        messages.integrity_problem(home=home, missing=n, case=ref),
    ):
        assert gsm7.fits_one_segment(text), text


def test_unknown_kind():
    with pytest.raises(ValueError):
        messages.compose("gossip", home="X")
