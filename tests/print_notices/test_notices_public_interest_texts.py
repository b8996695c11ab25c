"""The texts about how critical a story is, and to public-interest bodies: every criticality, both
languages, the longest references and names - ONE GSM-7 segment, the reference kept, never a
story's words (they take none), in Welsh really Welsh."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from print_notices.sms import gsm7, messages
from sync.conversation import CRITICALITY
from sync.i18n import LANGS

LONG_HOME = ("The Very Long Name Residential, Nursing and Dementia Care Home for Older People (Tŷ Gwyn Annexe), "
             "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch {[€]}")
SUMMER = datetime(2025, 7, 30, 17, 0, tzinfo=timezone.utc)  # "Mer 30 Gorffennaf 18:00": long in Welsh
LEVELS = [None, *range(len(CRITICALITY))]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("criticality", LEVELS)
@pytest.mark.parametrize("ref", ["4821", "48210699"])
@pytest.mark.parametrize("home", [LONG_HOME, "Tŷ Gwyn", ""])
def test_every_level_fits_one_segment_and_keeps_the_reference(lang, criticality, ref, home):
    for text in (messages.awaiting_decision(home=home, ref=ref, deadline=SUMMER, criticality=criticality, lang=lang),
                 messages.public_interest_critical(home=home, ref=ref, deadline=SUMMER, criticality=criticality,
                                                   lang=lang),
                 messages.public_interest_review(home=home, ref=ref, criticality=criticality, lang=lang),
                 messages.public_interest_restricted(home=home, ref=ref, criticality=criticality, lang=lang)):
        assert gsm7.is_gsm7(text) and gsm7.segments(text) == 1, text
        assert ref in text
        if criticality is not None:
            assert gsm7.fold(messages.level(criticality, lang)) in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rule", ["many_restricted", "many_reviews", "lets_decisions_lapse", "a_rule_not_known_yet"])
def test_transparency_flag_texts_fit_and_name_the_home_id(lang, rule):
    text = messages.transparency_flag(home=LONG_HOME, rule=rule, home_id="home_1a2b3c4d", lang=lang)
    assert gsm7.segments(text) == 1 and "home_1a2b3c4d" in text


def test_the_decision_text_says_how_critical_the_story_is_and_keeps_its_keywords():
    text = messages.awaiting_decision(home="Rose House", ref="4821", deadline=SUMMER, criticality=4)
    assert "(strongly critical)" in text and "GO 4821" in text and "REVIEW 4821" in text
    welsh = messages.awaiting_decision(home="Tŷ Gwyn", ref="4821", deadline=SUMMER, criticality=5, lang="cy")
    assert "(hynod feirniadol)" in welsh and "GO 4821" in welsh and "REVIEW 4821" in welsh and "story" not in welsh


@pytest.mark.parametrize("kind", ["public_interest_critical", "public_interest_review", "public_interest_restricted",
                                  "transparency_flag"])
def test_public_interest_texts_take_no_story_words(kind):
    fields = {"transparency_flag": {"rule": "many_reviews", "home_id": "home_1"}}.get(
        kind, {"ref": "4821", "criticality": 4, **({"deadline": SUMMER} if kind == "public_interest_critical" else {})})
    with pytest.raises(TypeError):
        messages.compose(kind, home="X", title="the words of a story", **fields)
    with pytest.raises(TypeError):
        messages.compose(kind, home="X", body="the words of a story", **fields)
    welsh, english = (messages.compose(kind, home="Tŷ Gwyn", lang=lang, **fields) for lang in ("cy", "en"))
    assert welsh != english and "story" not in welsh
