"""Exactly-once evidence: `carekiosk notify --once` as a real child process, SIGKILLed at each named
point of the send path, then restarted, against the real service and the Twilio stand-in (real SDK).
The child is ``tests/support/notifier_driver.py``: the real command with a frozen clock and a step
observer that stops it at the point asked for. Texts are counted at the stand-in per notification.

Expected: every notification arrives (nothing lost) and none arrives twice. A kill at
``after_provider_accept`` (the provider has the text, the ledger does not) leaves the row ``sending``;
the restarted notifier asks the provider before sending it again, finds it, and records it. The one
remaining way to a duplicate is the provider not yet showing a text it accepted when asked
(``lookups_lag``), which is shown here too. Also: only one notifier per data folder (flock).
"""

from __future__ import annotations

import collections
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from print_notices.notifier.ledger import Ledger
from tests.support import notifier_world as W

EXPECTED_TEXTS = 4  # three decision requests to the manager, one integrity alert to the public-interest contact


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from tests.support.service import running_service

    with running_service(tmp_path_factory.mktemp("crash-svc")) as svc:
        w = W.make_world(svc, "Crash House", "dev-crash-1")
        subs = w.submit(4, skip=(3,))  # seq 3 never arrives: one integrity_problem event
        for s in subs[:3]:
            w.moderate(s["uuid"])
        yield w


DRIVER = Path(__file__).resolve().parents[1] / "support" / "notifier_driver.py"


def _env(home: Path, standin_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "CAREKIOSK_", "NOTIFY_"))}
    env.update({"CAREKIOSK_HOME": str(home), "TWILIO_ACCOUNT_SID": W.SID, "TWILIO_AUTH_TOKEN": W.TOKEN,
                "TWILIO_FROM_NUMBER": W.FROM, "CAREKIOSK_SMS_BASE_URL": standin_url, "PYTHONUNBUFFERED": "1"})
    return env


def _notify_args(world) -> list[str]:
    return ["notify", "--once", "--server", world.svc.url, "--key", world.provider, "--home", world.home_id]


def _cmd(world, pause: str | None = None) -> list[str]:
    """The notifier at noon on a Wednesday (outside quiet hours), stopping at ``pause`` if given."""
    return [sys.executable, str(DRIVER), "--now", W.NOON.isoformat(), *(["--pause", pause] if pause else []),
            "--", *_notify_args(world)]


def _run_and_kill(world, home: Path, standin_url: str, pause: str) -> str:
    proc = subprocess.Popen(_cmd(world, pause), env=_env(home, standin_url), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    try:
        for line in proc.stderr:
            if line.startswith("CAREKIOSK-PAUSED"):
                return line.split()[1]
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"the notifier never reached {pause} (exit {proc.poll()})")
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # the child we started, by its id
        proc.wait(10)


def _run(world, home: Path, standin_url: str) -> subprocess.CompletedProcess:
    done = subprocess.run(_cmd(world), env=_env(home, standin_url), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    for number in (W.MANAGER, W.PUBLIC_INTEREST, W.FIELD):  # privacy: no phone number in the output
        assert number not in done.stdout + done.stderr
    return done


def _per_key(standin) -> collections.Counter:
    return collections.Counter(W.texts(standin))


def _setup_home(tmp_path: Path) -> Path:
    home = tmp_path / "notifier-home"
    home.mkdir()
    (home / "carekiosk.toml").write_text('[notify]\ndigest_day = "sun"\n')
    return home


SCENARIOS = [
    ("after_intents", 1), ("before_send", 1), ("before_send", 3), ("after_provider_accept", 1),
    ("after_provider_accept", 3), ("after_mark_sent", 2), ("after_mark_sent", 4),
]


@pytest.mark.parametrize("point,nth", SCENARIOS, ids=[f"{p}-{n}" for p, n in SCENARIOS])
def test_killed_at_a_named_point_then_restarted(world, tmp_path, point, nth):
    home = _setup_home(tmp_path)
    with W.standin_module.StandIn() as standin:
        reached = _run_and_kill(world, home, standin.url, f"{point}:{nth}")
        assert reached == point
        at_kill = _per_key(standin)
        done = _run(world, home, standin.url)
        counts = _per_key(standin)
    assert len(counts) == EXPECTED_TEXTS, "every notification arrives after the restart"
    dupes = {k: n for k, n in counts.items() if n > 1}
    assert dupes == {}, f"duplicate text: {dupes}"
    if point == "after_provider_accept":
        # the text in flight at the kill was found at the provider, not sent again
        assert sum(at_kill.values()) == nth and "confirmed 1" in done.stdout
    with Ledger(home / "notifier.sqlite3") as ledger:
        assert all(r["state"] == "sent" for r in ledger.rows(channel="sms"))
        assert len(ledger.rows(channel="sms")) == EXPECTED_TEXTS
        assert len({r["provider_ref"] for r in ledger.rows(channel="sms")}) == EXPECTED_TEXTS


def test_the_remaining_window_is_a_provider_that_does_not_show_an_accepted_text(world, tmp_path):
    """Killed after the provider accepted, restarted while the provider's records lag behind: the
    look-up finds nothing, so the text goes again - the only duplicate this design allows."""
    home = _setup_home(tmp_path)
    with W.standin_module.StandIn() as standin:
        _run_and_kill(world, home, standin.url, "after_provider_accept:2")
        at_kill = _per_key(standin)
        standin.lookups_lag = True
        _run(world, home, standin.url)
        counts = _per_key(standin)
    dupes = {k: n for k, n in counts.items() if n > 1}
    assert len(counts) == EXPECTED_TEXTS and list(dupes.values()) == [2] and list(dupes)[0] in at_kill


@pytest.mark.parametrize("delay", [0.9, 1.3])
def test_killed_at_an_arbitrary_moment(world, tmp_path, delay):
    """A kill at a time, not a point: still nothing lost and nothing doubled (a text in flight at
    the kill is looked up at the provider before it is sent again)."""
    home = _setup_home(tmp_path)
    with W.standin_module.StandIn() as standin:
        proc = subprocess.Popen(_cmd(world), env=_env(home, standin.url), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        _run(world, home, standin.url)
        counts = _per_key(standin)
    assert len(counts) == EXPECTED_TEXTS
    with Ledger(home / "notifier.sqlite3") as ledger:
        attempts = {(r["recipient"], r["body"]): r["attempts"] for r in ledger.rows(channel="sms")}
    for text, n in counts.items():
        assert n == 1, f"sent {n} times ({attempts[text]} attempts)"


def test_a_second_notifier_on_the_same_data_folder_exits_at_once(world, tmp_path):
    """Two real `carekiosk notify` processes on one data folder: the second (the plain command)
    refuses to start, and the lock goes with the first process when it dies."""
    home = _setup_home(tmp_path)
    with W.standin_module.StandIn() as standin:
        first = subprocess.Popen(_cmd(world, "after_intents"), env=_env(home, standin.url), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            assert first.stderr.readline().startswith("CAREKIOSK-PAUSED after_intents")  # holds the lock
            second = subprocess.run([sys.executable, "-m", "kiosk.cli", *_notify_args(world)],
                                    env=_env(home, standin.url), capture_output=True, text=True, timeout=60)
            assert second.returncode == 10
            assert second.stderr.strip() == "carekiosk: Another carekiosk notify is already running for this data folder."
            lock_file = home / "notifier.sqlite3.lock"
            assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600  # the owner's only
            assert W.texts(standin) == []  # the second sent nothing
        finally:
            os.kill(first.pid, signal.SIGKILL)  # the child we started, by its id
            first.wait(10)
        _run(world, home, standin.url)  # the dead process's lock is gone
        counts = _per_key(standin)
    assert len(counts) == EXPECTED_TEXTS and set(counts.values()) == {1}


def test_once_exits_5_when_the_service_cannot_be_reached(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = _setup_home(tmp_path)
    env = _env(home, "http://127.0.0.1:9")
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "notify", "--once", "--server", f"http://127.0.0.1:{port}",
                           "--key", "ckp_test"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 5, done.stderr
    assert "service_errors 1" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == (
        "carekiosk: The moderation service could not be reached, so new events were not read; texts already "
        "recorded were still sent. Try again later.")
