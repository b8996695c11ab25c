"""The notifier's basic end-to-end pass: real service on 127.0.0.1, real Twilio SDK against the
stand-in, real SQLite."""

from __future__ import annotations

import httpx
import pytest

from tests.support.notifier_world import *  # noqa: F401,F403
from tests.support.notifier_world import Clock, make_world, notifier, settings, texts  # noqa: F401

@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("notifier-svc")) as svc:
        yield svc


# -- tests ---------------------------------------------------------------------------------------

def test_events_become_texts_and_printouts_once(service, standin, tmp_path):
    w = make_world(service, "Rose House", "dev-world-1")
    subs = w.submit(2)
    for s in subs:
        w.moderate(s["uuid"])
    w.go_ahead(subs[1]["uuid"])
    clock = Clock(NOON)
    n = notifier(w, standin, tmp_path, clock)
    report = n.run_once()
    sent = texts(standin)
    bodies = [b for _, b in sent]
    assert all(to == MANAGER for to, _ in sent)
    assert sum("is ready to publish" in b for b in bodies) == 2
    assert sum("is now public" in b for b in bodies) == 1
    assert all(gsm7.fits_one_segment(b) for b in bodies)
    assert any(f"GO {subs[0]['ref']}" in b and f"REVIEW {subs[0]['ref']}" in b for b in bodies)
    assert "Test story number" not in " ".join(bodies)  # no pending story text
    # the published story's notice was printed (saved) and recorded as a share
    notice = [r for r in n.ledger.rows(kind="story_notice")]
    assert len(notice) == 1 and notice[0]["state"] == "printed" and Path(notice[0]["pdf_path"]).exists()
    r = httpx.get(f"{service.url}/v1/homes/{w.home_id}/shares", headers=w.h(w.provider))
    assert [(s["kind"], s["ref"]) for s in r.json()["shares"]] == [("notice", subs[1]["ref"])]
    assert report["sent"] == 3
    # a second pass sends nothing new
    again = n.run_once()
    assert texts(standin) == sent and again["sent"] == 0


def test_opted_out_number_gets_printouts_and_is_never_texted_again(service, standin, tmp_path):
    w = make_world(service, "Ash House", "dev-world-2")
    subs = w.submit(2)
    w.moderate(subs[0]["uuid"])
    standin.twilio_error(21610)
    n = notifier(w, standin, tmp_path, Clock(NOON))
    report = n.run_once()
    assert report["undeliverable"] == 1 and report["printed"] == 1
    printed = n.ledger.rows(channel="print")
    assert printed[0]["key"].endswith("|print") and Path(printed[0]["pdf_path"]).exists()
    before = len(texts(standin))
    w.moderate(subs[1]["uuid"])
    n.run_once()
    assert len(texts(standin)) == before  # blocked locally: not even attempted
    assert len(n.ledger.rows(channel="print", state="printed")) == 2


def test_integrity_problem_goes_to_public_interest_contact(service, standin, tmp_path):
    w = make_world(service, "Elm House", "dev-world-3")
    w.submit(3, skip=(2,))
    n = notifier(w, standin, tmp_path, Clock(NOON))
    n.run_once()
    sent = texts(standin)
    assert [to for to, _ in sent] == [PUBLIC_INTEREST]
    assert "may have had 1 story deleted" in sent[0][1]


def test_no_response_digest_and_not_synced_are_computed_from_state(service, standin, tmp_path):
    w = make_world(service, "Oak House", "dev-world-4")
    subs = w.submit(1)
    w.moderate(subs[0]["uuid"])
    w.go_ahead(subs[0]["uuid"])
    real_now = datetime.now(timezone.utc)
    # 8 days later, on a Monday at 09:00 UK time, with digest_day = Monday
    later = real_now + timedelta(days=8)
    monday = (later + timedelta(days=(7 - later.weekday()) % 7)).replace(hour=9, minute=30, second=0, microsecond=0)
    clock = Clock(monday)
    n = notifier(w, standin, tmp_path, clock, digest_day=0, max_per_hour=10)
    n.run_once()
    kinds = {r["kind"]: r for r in n.ledger.rows(channel="sms")}
    assert {"published", "no_response", "digest_ready", "not_synced"} <= set(kinds)
    assert kinds["not_synced"]["recipient"] == FIELD and kinds["not_synced"]["state"] == "sent"
    assert kinds["digest_ready"]["state"] == "sent"
    digest = n.ledger.rows(kind="digest")
    assert digest and digest[0]["state"] == "printed"
    from pypdf import PdfReader  # the digest ends with the home's level page, from the service

    last = " ".join(PdfReader(digest[0]["pdf_path"]).pages[-1].extract_text().split())
    assert "Where we are: level" in last and "What the records show" in last
    # once per week / per story / per silence
    count = len(texts(standin))
    clock.now += timedelta(hours=2)
    n.run_once()
    assert len(texts(standin)) == count
    r = httpx.get(f"{service.url}/v1/homes/{w.home_id}/shares", headers=w.h(w.provider))
    assert sorted(s["kind"] for s in r.json()["shares"]) == ["digest", "notice"]


def test_devices_report_last_contact(service):
    w = make_world(service, "Yew House", "dev-world-5")
    httpx.get(f"{service.url}/v1/homes/{w.home_id}/events", headers=w.h(w.device_token))
    r = httpx.get(f"{service.url}/v1/homes/{w.home_id}/devices", headers=w.h(w.provider))
    assert r.status_code == 200, r.text
    dev = r.json()["devices"][0]
    assert dev["device_id"] == "dev-world-5" and dev["last_seen_at"] and dev["last_received_at"] is None
    assert httpx.get(f"{service.url}/v1/homes/{w.home_id}/devices", headers=w.h(w.device_token)).status_code == 403


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
