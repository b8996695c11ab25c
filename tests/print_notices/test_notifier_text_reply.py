"""A manager's reply by text closes the loop by text: REPLY (or ATEB) to the real service, signed with
Twilio's RequestValidator; a moderator posts it; the notifier (real Twilio SDK against the stand-in)
texts the manager once that it is public, in the home's language, and never for a reply posted by a key."""

from __future__ import annotations

import httpx
import pytest
from twilio.request_validator import RequestValidator

from print_notices.sms import gsm7
from sync.server.routes import sms as sms_webhook
from tests.support.notifier_world import *  # noqa: F401,F403
from tests.support.notifier_world import NOON, Clock, make_world, notifier, texts
from tests.support.service import running_service

AUTH = "text-reply-token"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("text-reply-svc"), env={sms_webhook.TOKEN_ENV: AUTH}) as svc:
        yield svc


def inbound(svc, frm: str, body: str, sid: str) -> str:
    params = {"MessageSid": sid, "From": frm, "To": "+447700900000", "Body": body}
    url = svc.url + sms_webhook.INBOUND_PATH
    r = httpx.post(url, data=params, headers={"X-Twilio-Signature": RequestValidator(AUTH).compute_signature(
        url, params)}, timeout=10)
    assert r.status_code == 200, r.text
    return r.text


@pytest.mark.parametrize("lang,keyword,manager,expect", [
    ("en", "REPLY", "+447700900311", "your reply to story"),
    ("cy", "ATEB", "+447700900312", "mae eich ateb i stori"),
])
def test_a_reply_by_text_is_confirmed_by_text_once_it_is_posted(service, standin, tmp_path, lang, keyword, manager,
                                                                  expect):
    w = make_world(service, f"Reply Home {lang}", f"dev-reply-{lang}", manager_phone=manager, language=lang)
    sub = w.submit(1)[0]
    w.moderate(sub["uuid"])
    w.go_ahead(sub["uuid"])
    other = w.submit(1, start_seq=2, prev_hash=sub["chain_hash"])[0]
    w.moderate(other["uuid"])
    w.go_ahead(other["uuid"])
    # the home answers one story by its key, the other by text
    r = httpx.post(f"{service.url}/v1/provider/stories/{other['uuid']}/responses", headers=w.h(w.provider),
                   json={"body": "Thank you.", "responder_name": "Sam", "responder_role": "Manager"})
    assert r.status_code == 201, r.text
    assert "<Message>" in inbound(service, manager, f"{keyword} {sub['ref']} We have fixed the heating.",
                                  f"SMreply{lang}")
    clock = Clock(NOON)
    n = notifier(w, standin, tmp_path, clock)
    n.run_once()
    before = [b for to, b in texts(standin) if to == manager]
    assert not any(expect in b.lower() for b in before)  # held: nothing to confirm yet
    held = httpx.get(service.url + "/v1/moderation/replies", headers=w.h(w.moderator)).json()["replies"]
    [mine] = [h for h in held if h["ref"] == sub["ref"]]
    r = httpx.post(f"{service.url}/v1/moderation/replies/{mine['id']}", json={"action": "post"},
                   headers=w.h(w.moderator))
    assert r.status_code == 200, r.text
    n.run_once()
    n.run_once()
    confirmations = [b for to, b in texts(standin) if to == manager and expect in b.lower()]
    assert len(confirmations) == 1, texts(standin)
    assert sub["ref"] in confirmations[0] and other["ref"] not in confirmations[0]
    assert gsm7.is_gsm7(confirmations[0]) and gsm7.segments(confirmations[0]) == 1
    assert "heating" not in confirmations[0]
