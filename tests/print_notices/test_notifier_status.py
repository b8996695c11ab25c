"""`carekiosk status` shows the numbers the notifier could not text, as the notifier's own send log
records them: real `carekiosk notify --once` runs (real service on 127.0.0.1, the real Twilio SDK
against the stand-in answering 21614 / 21610 / 21211), then `carekiosk status` in a child process.
Only the last three digits of a number are ever shown."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import httpx
import pytest

from sync.paths import Paths
from tests.support.service import make_submissions, running_service
from tests.support.standin import StandIn

SID, TOKEN, FROM = "AC" + "2" * 32, "twilio-test-token", "+447700900000"
#: (the manager's number, what Twilio answers when it is texted, what status says about it)
CASES = [
    ("+447700900456", 21614, "ending 456 is a landline"),
    ("+447700900321", 21610, "ending 321 has opted out"),
    ("+447700900789", 21211, "ending 789 is not a valid number"),
]


def _env(ck_env: dict[str, str], standin_url: str) -> dict[str, str]:
    env = {k: v for k, v in ck_env.items() if not k.startswith(("TWILIO_", "CAREKIOSK_", "NOTIFY_"))}
    env.update({"CAREKIOSK_HOME": ck_env["CAREKIOSK_HOME"], "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_FROM_NUMBER": FROM, "CAREKIOSK_SMS_BASE_URL": standin_url, "PYTHONUNBUFFERED": "1"})
    return env


def _home_with_a_story_awaiting_decision(svc, number: str, n: int) -> str:
    """A home whose manager (``number``) is due one text: a story moderated into awaiting_provider."""
    home = svc.add_home(f"Status House {n}", manager_phone=number)
    device = svc.enrol(svc.enrol_code(home), f"dev-status-{n}")
    [sub] = make_submissions(svc.public_key, f"dev-status-{n}", 1)
    r = httpx.post(f"{svc.url}/v1/stories", json={"stories": [sub]},
                   headers={"Authorization": f"Bearer {device['device_token']}"})
    assert r.status_code == 200, r.text
    r = httpx.post(f"{svc.url}/v1/moderation/stories/{sub['uuid']}/decision", json={"action": "publish", "criticality": 1},
                   headers={"Authorization": f"Bearer {svc.moderator_key()}"})
    assert r.status_code == 200, r.text
    return home


@pytest.mark.slow
def test_status_shows_the_numbers_the_notifier_could_not_text(tmp_path, ck_home, ck_env, carekiosk_cmd):
    # never quiet (start == end), so the texts go whatever the time of day
    (ck_home / "carekiosk.toml").write_text('[notify]\nquiet_start = "00:00"\nquiet_end = "00:00"\n'
                                            'digest_day = "sun"\n')
    with running_service(tmp_path / "svc") as svc, StandIn() as standin:
        homes = [_home_with_a_story_awaiting_decision(svc, number, n) for n, (number, _, _) in enumerate(CASES)]
        key = svc.provider_key(*homes)
        env = _env(ck_env, standin.url)
        for home, (number, code, _) in zip(homes, CASES):
            standin.twilio_error(code)  # the first text to this home's manager
            done = subprocess.run([*carekiosk_cmd, "notify", "--once", "--server", svc.url, "--key", key,
                                   "--home", home], env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr[-2000:]
            assert number not in done.stdout + done.stderr
        assert sorted(r.form.get("To") for r in standin.sends()) == sorted(n for n, _, _ in CASES)

    as_json = subprocess.run([*carekiosk_cmd, "status", "--json"], env=env, capture_output=True, text=True,
                             timeout=60)
    assert as_json.returncode == 0, as_json.stderr
    problems = json.loads(as_json.stdout)["problems"]
    for _, code, said in CASES:
        assert any(said in p and str(code) in p for p in problems), (said, problems)
    human = subprocess.run([*carekiosk_cmd, "status"], env=env, capture_output=True, text=True, timeout=60)
    assert human.returncode == 0, human.stderr
    shown = " ".join(human.stdout.split())  # rich may wrap a long line
    for _, _, said in CASES:
        assert said in shown
    for number, _, _ in CASES:  # never the whole number
        for output in (as_json.stdout, as_json.stderr, human.stdout, human.stderr):
            assert number not in output and number[1:] not in output and number[-10:] not in output

    # the device database holds only its own tables (status created none in it)
    database = Paths.from_env(ck_home).database
    with sqlite3.connect(database) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & {"sms_numbers", "sms_deliveries", "notices_log"}, tables


def test_status_without_a_notifier_shows_no_number_problems(ck_home, ck_env, carekiosk_cmd):
    done = subprocess.run([*carekiosk_cmd, "status", "--json"], env=ck_env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["problems"] == []
    assert not (Paths.from_env(ck_home).data_dir / "notifier.sqlite3").exists()  # status made no send log


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
