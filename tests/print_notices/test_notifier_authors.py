"""Texts to authors who left a mobile number, sent by the service's own sender (the number is sealed:
only the service's key opens it), against the real service's data folder and the real Twilio SDK
talking to the stand-in: one text when the story is published and one when the home answers, in the
story's language, never twice, never at night, never again after STOP, nothing without a number."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from print_notices.notifier.authors import run_once
from print_notices.sms import gsm7
from print_notices.sms.twilio_sender import TwilioSender
from sync.server.db import Database, database_target
from sync.story import validate_story
from sync.server.schema import author_texts
from tests.support.notifier_world import FROM, NOON, SID, TOKEN, make_world, settings, texts
from tests.support.service import make_submissions, running_service

AUTHOR = "+447400123456"  # a valid UK mobile form (the kiosk accepts only those); never texted: a stand-in
WELSH_AUTHOR = "+447400123457"
NIGHT = datetime(2025, 3, 12, 23, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("authors-svc")) as svc:
        yield svc


def story(text: str, mobile: str | None, language: str = "en") -> dict:
    """What the kiosk seals: checked by the same rules as `carekiosk add` (the service checks them too)."""
    return validate_story({"text": text, "author_role": "relative", "title": "A story", "language": language,
                           "contact": {"mobile": mobile} if mobile else None}).to_payload()


def test_authors_get_one_text_when_published_and_one_when_answered(service, standin, tmp_path):
    w = make_world(service, "Authors House", "dev-authors-1")
    subs = make_submissions(service.public_key, w.device_id, 3, stories=[
        story("The garden is lovely.", AUTHOR), story("Mae'r bwyd yn dda.", WELSH_AUTHOR, "cy"),
        story("No number left.", None)])
    r = httpx.post(service.url + "/v1/stories", json={"stories": subs}, headers=w.h(w.device_token))
    assert [x["result"] for x in r.json()["results"]] == ["accepted"] * 3, r.text
    for s in subs:
        w.moderate(s["uuid"])
        w.go_ahead(s["uuid"])
    sender = TwilioSender(SID, TOKEN, from_number=FROM, base_url=standin.url)
    cfg = settings(tmp_path)
    assert run_once(service.data_dir, sender, cfg, NIGHT)["quiet"] == 2  # held until morning
    assert texts(standin) == []
    counts = run_once(service.data_dir, sender, cfg, NOON)
    assert counts["sent"] == 2
    sent = dict(texts(standin))
    assert set(sent) == {AUTHOR, WELSH_AUTHOR}
    assert f"your story {subs[0]['ref']} about Authors House is now public" in sent[AUTHOR]
    assert subs[1]["ref"] in sent[WELSH_AUTHOR] and "gyhoeddus" in sent[WELSH_AUTHOR]
    for body in sent.values():
        assert gsm7.is_gsm7(body) and gsm7.segments(body) == 1
        assert "garden" not in body and "bwyd" not in body
    assert run_once(service.data_dir, sender, cfg, NOON)["sent"] == 0  # never twice
    # the home answers the first story: its author hears once more; the second author said STOP meanwhile
    for s in subs[:2]:
        r = httpx.post(f"{service.url}/v1/provider/stories/{s['uuid']}/responses", headers=w.h(w.provider),
                       json={"body": "Thank you.", "responder_name": "Sam", "responder_role": "Manager"})
        assert r.status_code == 201, r.text
    standin.twilio_error(21610)  # the first of the two sends is refused: that number opted out
    counts = run_once(service.data_dir, sender, cfg, NOON)
    assert counts["sent"] + counts["opted_out"] == 2 and counts["opted_out"] == 1
    answered = [(to, b) for to, b in texts(standin)[2:] if "replied to your story" in b or "ateb" in b.lower()]
    assert len(answered) >= 1
    with Database(database_target(service.data_dir, service.database_url)) as db, db.read() as conn:
        states = {(r.story_uuid, r.kind): r.state for r in conn.execute(author_texts.select())}
    assert states[(subs[2]["uuid"], "published")] == "no_number"
    assert sorted(states.values()).count("opted_out") == 1
    before = len(texts(standin))
    assert run_once(service.data_dir, sender, cfg, NOON) == {"sent": 0, "quiet": 0, "opted_out": 0, "invalid": 0,
                                                            "failed": 0, "uncertain": 0}
    assert len(texts(standin)) == before
    # nothing the service answers over HTTP carries an author's number
    for path in (f"/v1/homes/{w.home_id}/events?after=0", f"/v1/provider/stories"):
        assert AUTHOR not in httpx.get(service.url + path, headers=w.h(w.provider)).text
