"""Every SMS kind, in English and in Welsh, fits ONE GSM-7 segment with worst-case inputs, names no
person, and quotes story text only when the story is published."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings, strategies as st

from print_notices.sms import gsm7, messages
from sync.i18n import LANGS

LONG_HOME = ("The Very Long Name Residential, Nursing and Dementia Care Home for Older People (Tŷ Gwyn Annexe), "
             "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch {[€]}")
DEADLINE = datetime(2025, 3, 13, 17, 0, tzinfo=timezone.utc)
WORST = {
    "awaiting_decision": dict(ref="482106", deadline=DEADLINE),
    "published": dict(ref="482106", title="€{}" * 200),
    "reply_posted": dict(ref="48210699"),
    "author_published": dict(ref="482106"),
    "author_answered": dict(ref="482106"),
    "no_response": dict(ref="482106", days=7),
    "digest_ready": dict(published_count=999999, awaiting_count=999999),
    "not_synced": dict(days=99999, last_sync=DEADLINE),
    "integrity_problem": dict(missing=999999, case="ab12cd34"),
    "public_interest_critical": dict(ref="482106", deadline=DEADLINE, criticality=3),
    "public_interest_review": dict(ref="482106", criticality=3),
    "public_interest_restricted": dict(ref="482106", criticality=3),
    "transparency_flag": dict(rule="lets_decisions_lapse", home_id="home_1a2b3c4d"),
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
    assert "story 482106 is now public" in text and text.endswith("text REPLY 482106 and your words, or reply online.")
    welsh = messages.published(home=LONG_HOME, ref="482106", title="x" * 500, lang="cy")
    assert "ATEB 482106" in welsh and "REPLY" not in welsh


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


# --- Welsh texts ----------------------------------------------------------------------------------------

#: References are 4 to 8 digits (the webhook accepts that many): the Welsh must fit with the longest.
WORST_8 = {kind: {k: ("48210699" if k == "ref" else v) for k, v in fields.items()} for kind, fields in WORST.items()}
SUMMER_DEADLINE = datetime(2025, 7, 30, 17, 0, tzinfo=timezone.utc)  # Wednesday 30 July, 18:00 BST: long in Welsh
WORST_8["awaiting_decision"]["deadline"] = WORST_8["not_synced"]["last_sync"] = SUMMER_DEADLINE
ENGLISH_WORDS = ("story", "reply", "public", "kiosk at", "digest", "deleted", "check", "days", "Awaiting")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", messages.KINDS)
@pytest.mark.parametrize("home", [LONG_HOME, "Tŷ Gwyn", "", "A"])
def test_every_kind_fits_one_segment_in_both_languages(kind, home, lang):
    for worst in (WORST, WORST_8):
        text = messages.compose(kind, home=home, lang=lang, **worst[kind])
        assert gsm7.is_gsm7(text) and gsm7.septet_count(text) <= 160 and gsm7.segments(text) == 1, text


@pytest.mark.parametrize("kind", messages.KINDS)
def test_welsh_texts_are_welsh_and_keep_the_reference(kind):
    fields = dict(WORST[kind], **({"title": "Seddi newydd yn yr ardd"} if kind == "published" else {}))
    welsh = messages.compose(kind, home="Tŷ Gwyn", lang="cy", **fields)
    english = messages.compose(kind, home="Tŷ Gwyn", lang="en", **fields)
    assert welsh != english and welsh.startswith(("Ty Gwyn", "carekiosk", "rhybudd carekiosk"))
    for word in ENGLISH_WORDS:
        assert word not in welsh, (word, welsh)
    if "ref" in fields:
        assert fields["ref"] in welsh
    assert messages.compose(kind, home="Tŷ Gwyn", **fields) == english  # English unless asked


def test_welsh_decision_request_keeps_the_keywords_the_webhook_reads():
    text = messages.awaiting_decision(home="Tŷ Gwyn", ref="4821", deadline=DEADLINE, lang="cy")
    assert "GO 4821" in text and "REVIEW 4821" in text
    assert "Iau 13 Mawrth 17:00" in text  # Babel's Welsh day and month, UK time
    summer = messages.awaiting_decision(home="X", ref="4821", deadline=datetime(2025, 7, 1, 16, tzinfo=timezone.utc),
                                        lang="cy")
    assert "Maw 1 Gorffennaf 17:00" in summer  # BST


def test_welsh_texts_quote_only_a_published_title():
    title = "Mae Mam wrth ei bodd â'r seddi newydd"
    assert "Mae Mam wrth ei bodd a'r seddi newydd" in messages.published(home="Tŷ Gwyn", ref="4821", title=title,
                                                                          lang="cy")  # folded: â -> a
    for kind in messages.KINDS:
        if kind == "published":
            continue
        with pytest.raises(TypeError):
            messages.compose(kind, home="X", title="geiriau cyfrinachol", lang="cy", **WORST[kind])


def test_welsh_plurals_follow_the_number():
    one = messages.integrity_problem(home="Tŷ Gwyn", missing=1, case="ab12cd", lang="cy")
    many = messages.integrity_problem(home="Tŷ Gwyn", missing=5, case="ab12cd", lang="cy")
    assert "1 stori wedi'i dileu" in one and "cyn ei hanfon" in one
    assert "5 stori wedi'u dileu" in many and "cyn eu hanfon" in many
    assert "ers 2 ddiwrnod" in messages.no_response(home="X", ref="4821", days=2, lang="cy")  # dau + soft mutation
    assert "ers 7 diwrnod" in messages.no_response(home="X", ref="4821", days=7, lang="cy")
    assert "1 story deleted before it was sent" in messages.integrity_problem(home="X", missing=1, case="c")
    assert "for 1 day with" in messages.no_response(home="X", ref="4821", days=1)


def test_a_circumflex_in_the_wording_is_folded_so_the_text_stays_gsm7():
    # A translation may write proper Welsh (ŵ, ŷ, â); the fixed wording is folded like the home's name.
    text = messages._fit("{home}: mae'r ciosg yn Nhŷ {ref} â phroblem.", "cy", home="Tŷ Gwyn", ref="4821")
    assert text == "Ty Gwyn: mae'r ciosg yn Nhy 4821 a phroblem." and gsm7.is_gsm7(text)


@settings(max_examples=100, deadline=None)
@given(home=st.text(max_size=300), title=st.text(max_size=400),
       ref=st.from_regex(r"\A[0-9]{4,8}\Z"), n=st.integers(min_value=0, max_value=10**6))
def test_any_input_fits_one_segment_in_welsh(home, title, ref, n):
    for text in (
        messages.awaiting_decision(home=home, ref=ref, deadline=SUMMER_DEADLINE, lang="cy"),
        messages.published(home=home, ref=ref, title=title, lang="cy"),
        messages.no_response(home=home, ref=ref, days=n, lang="cy"),
        messages.digest_ready(home=home, published_count=n, awaiting_count=n, lang="cy"),
        messages.not_synced(home=home, days=n, last_sync=SUMMER_DEADLINE, lang="cy"),
        messages.integrity_problem(home=home, missing=n, case=ref, lang="cy"),
    ):
        assert gsm7.fits_one_segment(text), text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        messages.digest_ready(home="X", published_count=1, lang="fr")


def test_unknown_kind():
    with pytest.raises(ValueError):
        messages.compose("gossip", home="X")
