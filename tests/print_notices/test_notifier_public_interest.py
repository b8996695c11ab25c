"""The home's public-interest bodies are kept informed by the notifier: a strongly or severely
critical story with the provider, a review request, a restriction, a transparency flag - each a
text to every body with a number (one GSM-7 segment, no story words, no names) and a letter
addressed to each; the manager's decision text says how critical the story is. Real service on
127.0.0.1, real Twilio SDK against the stand-in, real SQLite."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from print_notices.notifier import rules
from print_notices.sms import gsm7
from tests.support.notifier_world import (MANAGER, NOON, PUBLIC_INTEREST, Clock, make_world, notifier, running_service,
                                          texts)

REGULATOR = "+447700900302"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("pib-svc")) as svc:
        yield svc


def _world(service, name: str, device: str):
    w = make_world(service, name, device)  # its public-interest contact (a commissioner) has a number
    service.public_interest_key("Care Inspectorate Wales", "regulator", w.home_id, phone=REGULATOR)
    service.public_interest_key("Healthwatch Powys", "healthwatch", w.home_id)  # no number: letters only
    return w


def test_critical_reviewed_and_restricted_stories_alert_every_public_interest_body(service, standin, tmp_path):
    w = _world(service, "Rose House", "dev-pib-1")
    low, high, restricted = w.submit(3)
    w.moderate(low["uuid"], criticality=1)
    w.moderate(high["uuid"], criticality=4)
    w.moderate(restricted["uuid"], "restrict", criticality=3, reason="It names a nurse.")
    n = notifier(w, standin, tmp_path, Clock(NOON), max_per_hour=10)
    n.run_once()
    sent = texts(standin)
    manager = [b for to, b in sent if to == MANAGER]
    assert any(f"story {low['ref']} (minimally critical) is ready" in b for b in manager)
    assert any(f"story {high['ref']} (strongly critical) is ready" in b for b in manager)
    for number in (PUBLIC_INTEREST, REGULATOR):
        mine = [b for to, b in sent if to == number]
        assert any(f"story {high['ref']}" in b and "strongly critical" in b for b in mine), mine
        assert any(f"story {restricted['ref']}" in b and "is restricted" in b for b in mine), mine
        assert not any(f"story {low['ref']}" in b for b in mine)  # not critical enough to alert them
    # every text: one segment, no story words, no names
    for _, body in sent:
        assert gsm7.fits_one_segment(body), body
        assert "Test story number" not in body and "names a nurse" not in body
    # a letter to each body, Healthwatch too (it has no number)
    letters = [r for r in n.ledger.rows(channel="print") if r["kind"].startswith("public_interest")]
    assert len(letters) == 2 * 3
    pdfs = {" ".join(PdfReader(r["pdf_path"]).pages[0].extract_text().split()) for r in letters}
    assert any("For: Healthwatch Powys" in p and "A story has been restricted" in p for p in pdfs)
    assert any("For: Care Inspectorate Wales" in p and "A strongly critical story is with the provider" in p
               for p in pdfs)

    # the provider asks for a review: every body hears of it, once
    r = httpx.post(f"{service.url}/v1/organisation/stories/{high['uuid']}/decision", json={"decision": "request_review"},
                   headers=w.h(w.provider), timeout=10)
    assert r.status_code == 200, r.text
    n.run_once()
    review = [(to, b) for to, b in texts(standin)[len(sent):] if "asked for a review" in b]
    assert sorted(to for to, _ in review) == sorted([PUBLIC_INTEREST, REGULATOR])
    assert all(high["ref"] in b and "strongly critical" in b for _, b in review)
    before = len(texts(standin))
    n.run_once()
    assert len(texts(standin)) == before  # nothing twice


def test_a_transparency_flag_alerts_the_bodies_once_a_month(service, standin, tmp_path):
    w = _world(service, "Lapse House", "dev-pib-2")
    subs = w.submit(3)
    for sub in subs:
        w.moderate(sub["uuid"], criticality=0)
    service.apply_lapses(datetime.now(timezone.utc) + timedelta(days=4))  # three decisions left to lapse
    flagged = httpx.get(f"{service.url}/v1/public/homes/{w.home_id}/transparency", timeout=10).json()["transparency"]
    assert [f["rule"] for f in flagged["flags"]] == ["lets_decisions_lapse"]
    clock = Clock(NOON + timedelta(days=5))
    n = notifier(w, standin, tmp_path, clock, max_per_hour=10)
    n.run_once()
    flags = [(to, b) for to, b in texts(standin) if "transparency flag" in b]
    assert sorted(to for to, _ in flags) == sorted([PUBLIC_INTEREST, REGULATOR])
    assert all("lets decisions lapse" in b and w.home_id in b and gsm7.fits_one_segment(b) for _, b in flags)
    clock.now += timedelta(days=1)
    n.run_once()
    assert len([b for _, b in texts(standin) if "transparency flag" in b]) == 2  # not again this month
    clock.now += timedelta(days=31)
    n.run_once()
    assert len([b for _, b in texts(standin) if "transparency flag" in b]) == 4  # a new month, still raised


def test_an_operators_notifier_serves_only_the_public_interest_bodies(service, standin, tmp_path):
    """``audiences = ["public_interest"]`` with the moderator's key: the operator's notifier alerts the
    bodies about every home, so no provider can keep the alerts from them; the manager gets nothing from it."""
    w = _world(service, "Operator House", "dev-pib-3")
    [sub] = w.submit(1)
    w.moderate(sub["uuid"], "restrict", criticality=5, reason="Names staff.")
    n = notifier(w, standin, tmp_path, Clock(NOON), audiences=["public_interest"])
    n.api.token = w.moderator
    n.run_once()
    mine = [(to, b) for to, b in texts(standin) if sub["ref"] in b]
    assert sorted(to for to, _ in mine) == sorted([PUBLIC_INTEREST, REGULATOR])
    assert all(r["recipient_role"] == "public_interest" for r in n.ledger.rows())


def test_the_rules_without_a_service(tmp_path):
    home = {"id": "home_1", "name": "Tŷ Gwyn", "language": "cy", "manager_phone": MANAGER,
            "public_interest_bodies": [{"id": "org_1", "name": "Cyngor Sir Powys", "kind": "commissioner",
                                        "phone": PUBLIC_INTEREST}]}
    event = {"id": "ev_9", "type": "awaiting_provider", "ref": "4821",
             "data": {"decision_deadline": "2025-03-13T17:00:00+00:00", "criticality": 5}}
    intents = rules.from_event(event, home)
    kinds = sorted((i.kind, i.channel) for i in intents)
    assert kinds == [("awaiting_decision", "sms"), ("public_interest_critical", "print"),
                     ("public_interest_critical", "sms")]
    welsh = next(i for i in intents if i.kind == "public_interest_critical" and i.channel == "sms")
    assert "hynod feirniadol" in welsh.body and welsh.twin["for"] == "At: Cyngor Sir Powys"
    # an older service: no criticality in the event, a single public-interest number
    old = {"id": "home_2", "name": "X", "manager_phone": MANAGER, "public_interest_phone": PUBLIC_INTEREST}
    older = rules.from_event({"id": "ev_1", "type": "awaiting_provider", "ref": "1234",
                              "data": {"decision_deadline": "2025-03-13T17:00:00+00:00"}}, old)
    assert [i.kind for i in older] == ["awaiting_decision"] and "critical" not in older[0].body
    restricted = rules.from_event({"id": "ev_2", "type": "restricted", "ref": "1234", "data": {"reason": "x"}}, old)
    assert {i.recipient for i in restricted if i.channel == "sms"} == {PUBLIC_INTEREST}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
