"""Texts whose provider answer was lost, rows claimed once, and a loop that keeps going.

Real service on 127.0.0.1, real Twilio / Notify SDKs against the stand-in, real SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from print_notices.notifier import runner
from print_notices.notifier.ledger import Intent, Ledger
from print_notices.sms.notify_sender import NotifySender
from print_notices.sms.twilio_sender import TwilioSender
from sync.client import RequestRefused
from tests.support.service import running_service


from tests.support import notifier_world as W  # noqa: E402
FOUR_TRIES = W.tries(4)
NOTIFY_KEY = "carekiosk_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("uncertain-svc")) as svc:
        yield svc


def _one_published(service, name: str, device: str):
    w = W.make_world(service, name, device)
    w.moderate(w.submit(1)[0]["uuid"])  # one awaiting_decision text for the manager
    return w


def _slow_twilio(standin) -> TwilioSender:
    return TwilioSender(W.SID, W.TOKEN, from_number=W.FROM, base_url=standin.url, timeout=1.0)


def test_slow_answer_sends_one_text_then_is_confirmed_not_resent(service, standin, tmp_path):
    """The reviewer's case through the notifier: accepted, answered after 1.5 s, timeout 1 s,
    4 tries allowed. One text reaches the provider; later passes ask, find it and never resend."""
    w = _one_published(service, "Slow House", "dev-slow-1")
    clock = W.Clock(W.NOON)
    n = W.notifier(w, standin, tmp_path, clock, sender=_slow_twilio(standin), retry=FOUR_TRIES)
    standin.accept_then_slow(1.5, times=4)
    report = n.run_once()
    assert report["unknown"] == 1 and report["sent"] == 0
    [row] = n.ledger.rows(channel="sms")
    assert row["state"] == "unknown" and row["attempt_at"] and row["attempts"] == 1
    assert len(standin.accepted) == 1
    n.run_once()  # too soon: the provider is given time to finish; nothing asked, nothing sent
    assert standin.lookups() == [] and len(standin.sends()) == 1
    clock.now += timedelta(minutes=3)
    report = n.run_once()
    assert report["confirmed"] == 1
    row = n.ledger.get(row["key"])
    assert row["state"] == "sent" and row["provider_ref"] == standin.accepted[0]["sid"]
    assert len(standin.sends()) == 1 and len(standin.accepted) == 1
    clock.now += timedelta(hours=1)
    n.run_once()
    assert len(standin.sends()) == 1


def test_lost_answer_for_a_text_that_never_arrived_is_resent_once(service, standin, tmp_path):
    w = _one_published(service, "Gap House", "dev-gap-1")
    clock = W.Clock(W.NOON)
    n = W.notifier(w, standin, tmp_path, clock, retry=FOUR_TRIES)
    standin.reset_without_accepting()  # a reset, but the provider kept nothing
    assert n.run_once()["unknown"] == 1 and len(standin.sends()) == 1
    clock.now += timedelta(minutes=3)
    report = n.run_once()
    assert report["sent"] == 1 and report["confirmed"] == 0
    assert len(standin.lookups()) == 1 and len(standin.sends()) == 2 and len(standin.accepted) == 1
    [row] = n.ledger.rows(channel="sms")
    assert row["state"] == "sent" and row["provider_ref"] == standin.accepted[0]["sid"] and row["attempts"] == 2


def test_provider_cannot_be_asked_keeps_the_text_unknown(service, standin, tmp_path):
    w = _one_published(service, "Dark House", "dev-dark-1")
    clock = W.Clock(W.NOON)
    sender = _slow_twilio(standin)
    n = W.notifier(w, standin, tmp_path, clock, sender=sender, retry=FOUR_TRIES)
    standin.accept_then_reset()
    n.run_once()
    live = sender.http.base_url
    sender.http.base_url = "http://127.0.0.1:9"  # the provider is unreachable when we ask
    clock.now += timedelta(minutes=3)
    assert n.run_once()["unknown"] == 1
    assert n.ledger.rows(channel="sms")[0]["state"] == "unknown" and len(standin.sends()) == 1
    sender.http.base_url = live
    clock.now += timedelta(minutes=3)
    assert n.run_once()["confirmed"] == 1 and len(standin.sends()) == 1


def test_notify_lost_answer_is_found_by_reference(service, standin, tmp_path):
    w = _one_published(service, "Notify House", "dev-notify-1")
    clock = W.Clock(W.NOON)
    sender = NotifySender(NOTIFY_KEY, "f33517ff-2a88-4f6e-b855-c550268ce08a", base_url=standin.url, timeout=1.0)
    n = W.notifier(w, standin, tmp_path, clock, sender=sender, retry=FOUR_TRIES)
    standin.accept_then_slow(1.5, times=4)
    assert n.run_once()["unknown"] == 1
    clock.now += timedelta(minutes=3)
    assert n.run_once()["confirmed"] == 1
    [row] = n.ledger.rows(channel="sms")
    [lookup] = standin.lookups()
    assert lookup.query == {"reference": runner.reference_for(row["key"])}
    assert row["state"] == "sent" and row["provider_ref"] == standin.accepted[0]["id"]
    assert len(standin.sends()) == 1


def test_a_claimed_row_is_sent_by_one_notifier_only(service, standin, tmp_path):
    """Two notifiers on one ledger file (two SQLite connections) holding the same pending row:
    only the one whose claim changed the row calls the provider."""
    w = _one_published(service, "Twin House", "dev-twin-1")
    path = tmp_path / "notifier.sqlite3"
    a = W.notifier(w, standin, tmp_path, W.Clock(W.NOON), ledger=Ledger(path))
    b = W.notifier(w, standin, tmp_path, W.Clock(W.NOON), ledger=Ledger(path))
    a.ledger.record([Intent("ev_x|published|manager", "sms", "published", w.home_id, "1", "manager", W.MANAGER,
                            "Twin House: hello.")], now=W.NOON)
    [row] = b.ledger.open_rows("sms")
    report = {k: 0 for k in ("sent", "retry_later", "unknown", "undeliverable")}
    a._send_one(dict(row), report)
    b._send_one(dict(row), report)  # read before a's claim: stale, must not send
    assert report["sent"] == 1 and len(standin.sends()) == 1


CLAIMER = textwrap.dedent("""
    import sys, time
    from datetime import datetime, timezone
    from print_notices.notifier.ledger import Ledger
    path, start, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    ledger = Ledger(path)
    rows = ledger.open_rows("sms")
    while time.time() < start:
        time.sleep(0.001)
    won = [r["key"] for r in rows if ledger.claim(r["key"], ("pending",), "sending", datetime.now(timezone.utc),
                                                   attempts=r["attempts"])]
    open(out, "w").write("\\n".join(won))
""")


def test_claims_race_between_two_processes(tmp_path):
    """Two real processes claim the same 60 pending rows at the same moment: each row is won once."""
    import time

    path = tmp_path / "notifier.sqlite3"
    with Ledger(path) as ledger:
        ledger.record([Intent(f"ev_{i}|published|manager", "sms", "published", "h", str(i), "manager", W.MANAGER,
                              f"text {i}") for i in range(60)], now=W.NOON)
    start = time.time() + 1.5
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-c", CLAIMER, str(path), str(start), str(tmp_path / f"won{i}")],
                              env=env) for i in range(2)]
    for p in procs:
        assert p.wait(60) == 0
    won = [set(filter(None, (tmp_path / f"won{i}").read_text().split("\n"))) for i in range(2)]
    assert not (won[0] & won[1]) and len(won[0] | won[1]) == 60


def test_a_home_answering_4xx_and_an_unwritable_printout_do_not_stop_the_pass(service, standin, tmp_path, caplog):
    import logging

    caplog.set_level(logging.INFO)
    w = W.make_world(service, "Hardy House", "dev-hardy-1")
    subs = w.submit(2)
    for sub in subs:
        w.moderate(sub["uuid"])  # two awaiting_decision texts
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    n = W.notifier(w, standin, tmp_path, W.Clock(W.NOON), out_dir=blocker / "printouts")
    real_opinions, calls = n.api.opinions, []

    def opinions(home_id):  # the service answers with a 4xx other than 401/403 (RequestRefused) once
        calls.append(home_id)
        if len(calls) == 1:
            raise RequestRefused("The service refused the request (HTTP 404: Not found).", status=404)
        return real_opinions(home_id)

    n.api.opinions = opinions
    standin.twilio_error(21610)  # opted out: the texts become printouts, which cannot be written
    report = n.run_once()
    assert report["home_errors"] == 1 and report["print_errors"] == 2 and report["undeliverable"] == 2
    rows = n.ledger.rows(channel="print")
    assert [r["state"] for r in rows] == ["pending", "pending"]  # kept for the next pass
    assert W.MANAGER not in caplog.text and "HTTP 404" not in caplog.text  # logged by type only
    n.settings.out_dir = tmp_path / "printouts"  # the disk is fixed
    report = n.run_once()
    assert report["printed"] == 2 and report["home_errors"] == 0


def test_loop_carries_on_after_lookup_and_os_errors():
    class Flaky:
        def __init__(self):
            self.calls = 0

        def run_once(self):
            self.calls += 1
            if self.calls == 1:
                raise LookupError("HTTP 404 for /v1/homes/x")
            if self.calls == 2:
                raise OSError(28, "No space left on device")
            return {"sent": 1, "service_errors": 0}

    flaky, slept, lines = Flaky(), [], []

    def sleep(seconds):
        slept.append(seconds)
        if len(slept) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner.loop(flaky, once=False, interval=1, echo=lines.append, sleep=sleep)
    assert flaky.calls == 3 and lines == ["notify: sent 1"]
