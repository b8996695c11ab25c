"""Quiet hours, the >3-per-hour summary (injectable clock) and delivery status callbacks."""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from twilio.request_validator import RequestValidator

from print_notices.notifier import batching, quiet_hours, status
from print_notices.sms import gsm7, suppressions
from tests.support.service import running_service


from tests.support import notifier_world as W  # noqa: E402
UK_EVENING = datetime(2025, 3, 12, 21, 30, tzinfo=timezone.utc)  # 21:30 GMT
UK_SUMMER_NIGHT = datetime(2025, 7, 1, 6, 30, tzinfo=timezone.utc)  # 07:30 BST


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("timing-svc")) as svc:
        yield svc


def test_quiet_hours_window_and_release():
    assert quiet_hours.is_quiet(UK_EVENING)
    assert quiet_hours.release_time(UK_EVENING) == datetime(2025, 3, 13, 8, 0, tzinfo=timezone.utc)
    assert quiet_hours.is_quiet(UK_SUMMER_NIGHT)  # BST: 07:30 local
    assert quiet_hours.release_time(UK_SUMMER_NIGHT) == datetime(2025, 7, 1, 7, 0, tzinfo=timezone.utc)
    assert not quiet_hours.is_quiet(datetime(2025, 3, 12, 12, tzinfo=timezone.utc))
    assert quiet_hours.is_quiet(datetime(2025, 3, 12, 13, 30, tzinfo=timezone.utc), time(13), time(14))


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(timezone.utc)))
def test_release_is_never_quiet_and_never_early(moment):
    released = quiet_hours.release_time(moment)
    assert released >= moment and not quiet_hours.is_quiet(released)
    assert released - moment <= timedelta(hours=12)


def test_batching_plan():
    now = datetime(2025, 3, 12, 12, tzinfo=timezone.utc)
    assert batching.plan(3, [], now).action == "send"
    assert batching.plan(4, [], now).action == "summarise"
    assert batching.plan(2, [now - timedelta(minutes=10)] * 2, now).action == "summarise"
    held = batching.plan(1, [now - timedelta(minutes=m) for m in (50, 20, 5)], now)
    assert held.action == "hold" and held.until == now + timedelta(minutes=10)
    assert batching.plan(2, [now - timedelta(minutes=70)] * 3, now).action == "send"  # older than an hour


@given(st.lists(st.sampled_from(["awaiting_decision", "published", "no_response", "digest_ready"]), min_size=2,
                max_size=40), st.text(min_size=0, max_size=200))
def test_summary_fits_one_segment(kinds, home):
    items = [{"kind": k, "ref": str(10000000 + i)} for i, k in enumerate(kinds)]
    text = batching.summary_text(home, items)
    assert gsm7.fits_one_segment(text)
    if "awaiting_decision" in kinds:
        assert "GO or REVIEW" in text or "Awaiting your decision" in text


@given(st.lists(st.sampled_from(["awaiting_decision", "published", "no_response", "digest_ready"]), min_size=2,
                max_size=40), st.text(min_size=0, max_size=200))
def test_welsh_summary_fits_one_segment(kinds, home):
    items = [{"kind": k, "ref": str(10000000 + i)} for i, k in enumerate(kinds)]
    text = batching.summary_text(home, items, lang="cy")
    assert gsm7.fits_one_segment(text)
    assert "updates" not in text and "diweddariad" in text
    if "awaiting_decision" in kinds:
        assert "GO neu REVIEW" in text or "Yn aros am eich penderfyniad" in text


def test_welsh_summary_names_the_references_to_answer():
    items = [{"kind": "awaiting_decision", "ref": "4821"}, {"kind": "awaiting_decision", "ref": "3307"},
             {"kind": "published", "ref": "1596"}]
    text = batching.summary_text("Tŷ Gwyn", items, lang="cy")
    assert text == ("Ty Gwyn: 3 diweddariad. Yn aros am eich penderfyniad: 4821 3307 (atebwch GO neu REVIEW + rhif). "
                    "Straeon cyhoeddus newydd: 1.")
    assert batching.summary_text("Tŷ Gwyn", items) == (
        "Ty Gwyn: 3 updates. Awaiting your decision: 4821 3307 (reply GO or REVIEW + number). New public stories: 1.")


def test_texts_held_overnight_then_sent_in_the_morning(service, standin, tmp_path):
    w = W.make_world(service, "Night House", "dev-night-1")
    sub = w.submit(1)[0]
    w.moderate(sub["uuid"])
    clock = W.Clock(UK_EVENING)
    n = W.notifier(w, standin, tmp_path, clock)
    assert n.run_once()["held"] == 1 and W.texts(standin) == []
    clock.now = datetime(2025, 3, 13, 7, 59, tzinfo=timezone.utc)
    n.run_once()
    assert W.texts(standin) == []
    clock.now = datetime(2025, 3, 13, 8, 0, tzinfo=timezone.utc)
    n.run_once()
    assert len(W.texts(standin)) == 1


def test_more_than_three_in_an_hour_become_one_summary(service, standin, tmp_path):
    w = W.make_world(service, "Busy House", "dev-busy-1")
    subs = w.submit(6)
    clock = W.Clock(W.NOON)
    n = W.notifier(w, standin, tmp_path, clock)
    w.moderate(subs[0]["uuid"])
    w.moderate(subs[1]["uuid"])
    n.run_once()
    assert len(W.texts(standin)) == 2  # two: sent one by one
    for s in subs[2:]:
        w.moderate(s["uuid"])
    clock.now += timedelta(minutes=5)
    report = n.run_once()
    sent = W.texts(standin)
    assert report["summarised"] == 1 and len(sent) == 3  # the 4 new ones became ONE text
    summary = sent[-1][1]
    assert "4 updates" in summary and gsm7.fits_one_segment(summary)
    assert all(s["ref"] in summary for s in subs[2:])
    assert len(n.ledger.rows(state="batched")) == 4
    # the allowance is used: the next one waits for the hour to pass, then goes
    w.moderate(w.submit(1, start_seq=7, prev_hash=subs[-1]["chain_hash"])[0]["uuid"])
    clock.now += timedelta(minutes=5)
    assert n.run_once()["held"] == 1 and len(W.texts(standin)) == 3
    clock.now = W.NOON + timedelta(minutes=61)
    n.run_once()
    assert len(W.texts(standin)) == 4


def test_a_welsh_homes_burst_becomes_one_welsh_summary(service, standin, tmp_path):
    w = W.make_world(service, "Tŷ Gwyn", "dev-gwyn-1", language="cy")
    subs = w.submit(5)
    clock = W.Clock(W.NOON)
    n = W.notifier(w, standin, tmp_path, clock)
    w.moderate(subs[0]["uuid"])
    n.run_once()
    for s in subs[1:]:
        w.moderate(s["uuid"])
    clock.now += timedelta(minutes=5)
    assert n.run_once()["summarised"] == 1
    first, summary = [body for _to, body in W.texts(standin)]
    assert first.startswith("Ty Gwyn: mae") and "Atebwch GO" in first
    assert summary.startswith("Ty Gwyn: 4 diweddariad") and "atebwch GO neu REVIEW" in summary
    assert gsm7.fits_one_segment(summary) and all(s["ref"] in summary for s in subs[1:])


def test_status_callbacks_are_validated_and_failures_print(service, standin, tmp_path):
    w = W.make_world(service, "Late House", "dev-late-1")
    w.moderate(w.submit(1)[0]["uuid"])
    n = W.notifier(w, standin, tmp_path, W.Clock(W.NOON))
    n.run_once()
    row = n.ledger.rows(channel="sms")[0]
    url = "https://ck.example.org/sms/status"
    params = {"MessageSid": row["provider_ref"], "MessageStatus": "undelivered", "ErrorCode": "30003",
              "To": W.MANAGER, "AccountSid": W.SID}
    forged = RequestValidator("wrong").compute_signature(url, params)
    assert status.receive(n.ledger, params, url=url, signature=forged, auth_token=W.TOKEN) == (403, None)
    assert status.receive(n.ledger, params, url=url, signature=None, auth_token=W.TOKEN) == (403, None)
    good = RequestValidator(W.TOKEN).compute_signature(url, params)
    code, recorded = status.receive(n.ledger, params, url=url, signature=good, auth_token=W.TOKEN)
    assert code == 200 and recorded["flagged"] == "undeliverable"
    logged = n.ledger.get(row["key"])
    assert logged["status"] == "failed" and "undelivered" in logged["error"] and logged["state"] == "sent"
    assert suppressions.suppression(n.ledger, W.MANAGER) == "undeliverable"
    n.run_once()  # the printable twin goes out instead
    twin = n.ledger.get(row["key"] + "|print")
    assert twin["state"] == "printed" and Path(twin["pdf_path"]).exists()


def test_status_server_over_http(tmp_path):
    import httpx

    from print_notices.notifier.ledger import Ledger

    ledger_path = tmp_path / "notifier.sqlite3"
    Ledger(ledger_path).close()
    server = status.serve(ledger_path, "127.0.0.1", 0, auth_token=W.TOKEN, public_url=None)
    try:
        host, port = server.server_address[:2]
        url = f"http://127.0.0.1:{port}/sms/status"
        params = {"MessageSid": "SMabc", "MessageStatus": "delivered", "To": W.MANAGER}
        sig = RequestValidator(W.TOKEN).compute_signature(url, params)
        assert httpx.post(url, data=params, headers={"X-Twilio-Signature": sig}).status_code == 200
        assert httpx.post(url, data=params).status_code == 403
        # nothing unbounded is read before the signature check
        assert httpx.post(url, content=b"x" * (64 * 1024 + 1)).status_code == 413
        import socket

        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            raw.sendall(b"POST /sms/status HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
            assert raw.recv(64).startswith(b"HTTP/1.0 400")
    finally:
        server.shutdown()
    with Ledger(ledger_path) as ledger:
        assert suppressions.delivery(ledger, "SMabc")["status"] == "delivered"
