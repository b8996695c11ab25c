"""Two-way SMS: POST /v1/sms/twilio/inbound, signed with Twilio's real RequestValidator; and the shares
and devices extensions."""

from __future__ import annotations

import re

import pytest
from twilio.request_validator import RequestValidator

from print_notices.sms import gsm7
from sync.server.domain import text_replies
from sync.server.routes import sms as sms_webhook
from tests.support.service import add_home, provider_key

TOKEN = "test-auth-token-123"
URL = "http://testserver/v1/sms/twilio/inbound"
MANAGER = "+447700900123"  # tests.support.service.DEFAULT_PHONE: Rose House's manager


@pytest.fixture(autouse=True)
def twilio_token(monkeypatch):
    monkeypatch.setenv(sms_webhook.TOKEN_ENV, TOKEN)
    monkeypatch.delenv(sms_webhook.PUBLIC_URL_ENV, raising=False)


_SIDS = iter(range(1, 10**9))


def post(world, params: dict, *, token: str = TOKEN, url: str = URL, signature: str | None = None):
    """A signed webhook call; each a new message (its own MessageSid) unless the params name one."""
    params = {"MessageSid": f"SMauto{next(_SIDS):06d}", **params}
    sig = signature if signature is not None else RequestValidator(token).compute_signature(url, params)
    headers = {"X-Twilio-Signature": sig} if sig else {}
    return world.client.post("/v1/sms/twilio/inbound", data=params, headers=headers)


def message(response) -> str:
    found = re.search(r"<Message>(.*)</Message>", response.text, re.S)
    return found.group(1) if found else ""


def awaiting(world) -> dict:
    sub = world.accepted(1)[0]
    r = world.decide(sub["uuid"], "publish")
    assert r.status_code == 200 and r.json()["status"] == "awaiting_provider"
    return sub


def status(world, uuid: str) -> str:
    return world.client.get(f"/v1/moderation/stories/{uuid}", headers=world.mod).json()["story"]["status"]


def test_go_from_the_manager_publishes_and_confirms(world):
    sub = awaiting(world)
    r = post(world, {"From": MANAGER, "To": "+447700900000", "Body": f"go {sub['ref']}", "MessageSid": "SM1"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    text = message(r)
    assert f"Story {sub['ref']}: go ahead recorded" in text and gsm7.fits_one_segment(text)
    assert status(world, sub["uuid"]) == "published"
    history = world.client.get(f"/v1/moderation/stories/{sub['uuid']}", headers=world.mod).json()["story"]["history"]
    assert history[-1]["action"] == "go_ahead" and history[-1]["actor"].startswith("provider-sms:")
    # Twilio retrying the same webhook: a clear answer, nothing changes
    again = message(post(world, {"From": MANAGER, "Body": f"GO {sub['ref']}"}))
    assert "already recorded" in again


def test_review_sends_back_to_moderation(world):
    sub = awaiting(world)
    text = message(post(world, {"From": MANAGER, "Body": f"REVIEW {sub['ref']}"}))
    assert "review requested" in text and gsm7.fits_one_segment(text)
    assert status(world, sub["uuid"]) == "in_moderation"
    assert "already requested" in message(post(world, {"From": MANAGER, "Body": f"REVIEW {sub['ref']}"}))


def test_help_and_unknown_words_explain(world):
    for body in ("HELP", "what is this"):
        text = message(post(world, {"From": MANAGER, "Body": body}))
        assert "GO" in text and "REVIEW" in text and gsm7.fits_one_segment(text)


def test_ref_not_awaiting_gets_a_clear_reply(world):
    sub = world.accepted(1)[0]  # received, never published
    text = message(post(world, {"From": MANAGER, "Body": f"GO {sub['ref']}"}))
    assert "not waiting for your decision" in text and gsm7.fits_one_segment(text)
    assert "There is no story 99999999" in message(post(world, {"From": MANAGER, "Body": "GO 99999999"}))


def test_unknown_number_changes_nothing_and_learns_nothing(world):
    sub = awaiting(world)
    r = post(world, {"From": "+447700900777", "Body": f"GO {sub['ref']}"})
    assert r.status_code == 200 and message(r) == ""
    assert status(world, sub["uuid"]) == "awaiting_provider"
    assert message(post(world, {"From": "+447700900777", "Body": "HELP"})) == ""


def test_another_homes_manager_cannot_decide(world):
    sub = awaiting(world)
    other = add_home(world.data_dir, "Far House", manager_phone="+447700900321")
    provider_key(world.data_dir, other)
    text = message(post(world, {"From": "+447700900321", "Body": f"GO {sub['ref']}"}))
    assert text.startswith(f"There is no story {sub['ref']} for your home")  # as if it did not exist
    assert status(world, sub["uuid"]) == "awaiting_provider"


def test_unsigned_and_forged_requests_are_refused(world):
    sub = awaiting(world)
    params = {"From": MANAGER, "Body": f"GO {sub['ref']}"}
    assert post(world, params, signature="").status_code == 403
    assert post(world, params, token="not-the-token").status_code == 403
    assert post(world, params, url="https://elsewhere.example/v1/sms/twilio/inbound").status_code == 403
    good = RequestValidator(TOKEN).compute_signature(URL, params)
    tampered = world.client.post("/v1/sms/twilio/inbound", data={**params, "From": "+447700900124"},
                                 headers={"X-Twilio-Signature": good})
    assert tampered.status_code == 403 and "error" in tampered.json()
    assert status(world, sub["uuid"]) == "awaiting_provider"


def test_public_url_behind_a_proxy_and_token_file(world, monkeypatch):
    sub = awaiting(world)
    monkeypatch.setenv(sms_webhook.PUBLIC_URL_ENV, "https://ck.example.org")
    monkeypatch.delenv(sms_webhook.TOKEN_ENV)
    path = world.data_dir / sms_webhook.TOKEN_FILE
    path.write_text("file-token\n")
    path.chmod(0o644)
    params = {"From": MANAGER, "Body": f"GO {sub['ref']}"}
    public = "https://ck.example.org/v1/sms/twilio/inbound"
    assert post(world, params, token="file-token", url=public).status_code == 503  # readable by others: refused
    path.chmod(0o600)
    assert post(world, params, token="file-token", url=URL).status_code == 403
    assert "go ahead recorded" in message(post(world, params, token="file-token", url=public))


def test_not_configured_is_503(world, monkeypatch):
    monkeypatch.delenv(sms_webhook.TOKEN_ENV)
    assert post(world, {"From": MANAGER, "Body": "HELP"}).status_code == 503


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_reply_fits_one_segment(lang):
    for kind in text_replies.REPLIES:
        text = text_replies.answer(kind, lang, ref="12345678")
        assert gsm7.is_gsm7(text) and gsm7.fits_one_segment(text), text


def test_shares_by_provider_and_device(world):
    for who, body in ((world.prov, {"kind": "digest", "ref": "2025-W02"}), (world.dev, {"kind": "leaflet"})):
        r = world.client.post(f"/v1/homes/{world.home_id}/shares", json=body, headers=who)
        assert r.status_code == 201, r.text
        assert r.json()["share"]["kind"] == body["kind"]
    assert world.client.post(f"/v1/homes/{world.other_home_id}/shares", json={"kind": "notice"},
                             headers=world.prov).status_code == 403
    assert world.client.post(f"/v1/homes/{world.other_home_id}/shares", json={"kind": "notice"},
                             headers=world.dev).status_code == 403
    assert world.client.post(f"/v1/homes/{world.home_id}/shares", json={"kind": "flyer"},
                             headers=world.prov).status_code == 422
    assert world.client.post(f"/v1/homes/{world.home_id}/shares", json={"kind": "notice"},
                             headers=world.mod).status_code == 403
    listed = world.client.get(f"/v1/homes/{world.home_id}/shares", headers=world.prov).json()["shares"]
    assert [(s["kind"], s["actor"].split(":")[0]) for s in listed] == [("digest", "provider"), ("leaflet", "device")]
    # the engagement report reads the same table
    from sync.server.queries.shares import count_between

    with world.database() as db, db.read() as conn:
        assert count_between(conn, world.home_id, "2000-01-01", "2100-01-01") == 2
