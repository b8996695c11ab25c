"""Texts and their printouts are in the home's language: the home record's ``language`` (``en`` or
``cy``), English when the record has none. The printouts are real PDFs, read back with pypdf."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from print_notices.notifier import printouts, rules
from print_notices.notifier.config import NotifySettings
from print_notices.sms import gsm7

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)  # a Tuesday: the printouts say "1 Rhagfyr 2026"
DEADLINE = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def home(**extra):
    return {"id": "home_1", "name": "Tŷ Gwyn", "manager_phone": "+447700900123",
            "public_interest_phone": "+447700900999", **extra}


def awaiting(ref="4821"):
    return {"id": "ev-1", "type": "awaiting_provider", "ref": ref,
            "data": {"decision_deadline": DEADLINE.isoformat()}}


def published(ref="4821"):
    return {"id": "ev-2", "type": "published", "ref": ref, "data": {"title": "Seddi newydd", "story_id": "s-1"}}


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("record, lang", [({"language": "cy"}, "cy"), ({"language": "en"}, "en"), ({}, "en"),
                                          ({"language": None}, "en"), ({"language": "fr"}, "en")])
def test_the_home_record_chooses_the_language(record, lang):
    (intent,) = rules.from_event(awaiting(), home(**record))
    assert gsm7.fits_one_segment(intent.body) and "GO 4821" in intent.body and "REVIEW 4821" in intent.body
    assert ("Atebwch GO 4821" in intent.body) == (lang == "cy")
    assert intent.twin["lang"] == lang
    assert intent.twin["title"] == ("Mae stori'n aros am eich penderfyniad" if lang == "cy"
                                    else "A story is waiting for your decision")


def test_every_rule_speaks_welsh_for_a_welsh_home():
    cy = home(language="cy")
    intents = rules.from_event(published(), cy)
    intents += rules.from_event({"id": "ev-3", "type": "integrity_problem", "data": {"missing": [3]}}, cy)
    intents += rules.no_response([{"id": "s-1", "ref": "4821", "status": "published",
                                   "dateOfPublication": "2026-11-01T10:00:00+00:00", "responses": []}], cy, NOW)
    intents += rules.digest(cy, "2026-W49", [], 2, NOW)
    intents += rules.not_synced([{"device_id": "d-1", "last_seen_at": "2026-11-20T10:00:00+00:00"}], cy,
                                "+447700900555", NOW)
    texts = [i for i in intents if i.channel == "sms"]
    assert {i.kind for i in texts} == {"published", "integrity_problem", "no_response", "digest_ready", "not_synced"}
    for intent in texts:
        assert gsm7.fits_one_segment(intent.body)
        assert "story" not in intent.body and "the home" not in intent.body and "kiosk at" not in intent.body
        assert intent.body.startswith(("Ty Gwyn: mae", "carekiosk: dydy ciosg Ty Gwyn", "rhybudd carekiosk"))
        assert intent.twin["lang"] == "cy"
    boards = {i.kind: i.twin for i in intents if i.channel == "print"}
    assert boards["story_notice"]["lang"] == "cy" and boards["digest"]["lang"] == "cy"


def test_a_welsh_text_prints_as_a_welsh_twin_with_the_babel_welsh_date(tmp_path):
    (intent,) = rules.from_event(awaiting(), {**home(language="cy"), "manager_phone": None})
    assert intent.channel == "print"  # no number: the twin prints straight away
    out = printouts.render(intent.twin, tmp_path / printouts.pdf_name(intent.key), api=None, home_id="home_1",
                           now=NOW)
    text = pdf_text(out)
    assert "Mae stori'n aros am eich penderfyniad" in text
    assert intent.twin["text"] in text and "Atebwch GO 4821" in text  # what the text would have said
    assert "argraffwyd 1 Rhagfyr 2026" in text and "tudalen 1" in text  # Babel's Welsh month, in the footer
    assert "printed" not in text and "December" not in text
    assert PdfReader(out).metadata.title == "Mae stori'n aros am eich penderfyniad"


def test_a_twin_recorded_before_texts_had_a_language_prints_in_english(tmp_path):
    twin = {"type": "message", "kind": "published", "title": "A story is now public", "text": "Rose House: ...",
            "lines": [], "home_name": "Rose House"}
    text = pdf_text(printouts.render(twin, tmp_path / "old.pdf", api=None, home_id="home_1", now=NOW))
    assert "printed 1 December 2026" in text


def test_digest_week_is_unaffected_by_language():
    settings = NotifySettings(digest_day=1)
    assert rules.digest_week(NOW, settings) == "2026-W49"
