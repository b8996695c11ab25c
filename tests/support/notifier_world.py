"""Shared set-up for the notifier tests: a real service on 127.0.0.1 with a home, keys and a device,
the real Twilio SDK against the stand-in, and a notifier over a real SQLite send log."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone  # noqa: F401  (the notifier tests star-import it)
from pathlib import Path

import httpx

from print_notices.notifier.config import NotifySettings
from print_notices.notifier.ledger import Ledger
from print_notices.notifier.runner import Notifier, connect
from print_notices.sms import gsm7
from print_notices.sms.twilio_sender import TwilioSender
from sync.retry import Backoff, Retry
from tests.support.clock import Clock  # noqa: F401  (the notifier tests take it from here)
from tests.support.service import make_submissions, running_service

MANAGER = "+447700900123"
PUBLIC_INTEREST = "+447700900999"
FIELD = "+447700900555"
SID, TOKEN, FROM = "AC" + "1" * 32, "twilio-test-token", "+447700900000"
NOON = datetime(2025, 3, 12, 12, 0, tzinfo=timezone.utc)  # a Wednesday, outside quiet hours


@dataclass
class World:
    svc: object
    home_id: str
    provider: str
    moderator: str
    device_token: str
    device_id: str
    uuids: list[str] = field(default_factory=list)

    def h(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def submit(self, count: int, *, start_seq: int = 1, skip: tuple[int, ...] = (), prev_hash=None) -> list[dict]:
        subs = make_submissions(self.svc.public_key, self.device_id, count, start_seq=start_seq, prev_hash=prev_hash)
        sent = [s for s in subs if s["seq"] not in skip]
        r = httpx.post(self.svc.url + "/v1/stories", json={"stories": sent}, headers=self.h(self.device_token))
        assert r.status_code == 200, r.text
        self.uuids += [s["uuid"] for s in sent]
        return sent

    def moderate(self, uuid: str, action: str = "publish", **kw) -> dict:
        if action in ("publish", "restrict"):
            kw.setdefault("criticality", 2)
        r = httpx.post(f"{self.svc.url}/v1/moderation/stories/{uuid}/decision", json={"action": action, **kw},
                       headers=self.h(self.moderator))
        assert r.status_code == 200, r.text
        return r.json()

    def go_ahead(self, uuid: str) -> dict:
        r = httpx.post(f"{self.svc.url}/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                       headers=self.h(self.provider))
        assert r.status_code == 200, r.text
        return r.json()


def make_world(svc, name: str = "Rose House", device_id: str = "dev-rose-1", *, manager_phone: str = MANAGER,
               public_interest_phone: str | None = PUBLIC_INTEREST, language: str = "en") -> World:
    home = svc.add_home(name, manager_phone=manager_phone, public_interest_phone=public_interest_phone,
                        language=language)
    dev = svc.enrol(svc.enrol_code(home), device_id)
    return World(svc, home, svc.provider_key(home), svc.moderator_key(), dev["device_token"], device_id)


def settings(tmp_path: Path, **kw) -> NotifySettings:
    base = dict(field_staff_phone=FIELD, quiet_start=time(21), quiet_end=time(8), digest_day=6,
                out_dir=tmp_path / "printouts", max_per_hour=3)
    base.update(kw)
    return NotifySettings(**base)


def tries(attempts: int) -> Retry:
    """A quick SMS retry policy for tests (waits of at most 50 ms)."""
    return Retry(Backoff(base=0.01, cap=0.05), max_attempts=attempts)


def notifier(world: World, standin, tmp_path: Path, clock: Clock, ledger: Ledger | None = None, *,
             sender=None, retry: Retry | None = None, homes: list[str] | None = None, **kw) -> Notifier:
    s = settings(tmp_path, server_url=world.svc.url, key=world.provider, homes=homes or [world.home_id], **kw)
    sender = sender or TwilioSender(SID, TOKEN, from_number=FROM, base_url=standin.url)
    return Notifier(s, ledger or Ledger(tmp_path / "notifier.sqlite3"), connect(s), sender,
                    clock=clock, retry=retry or tries(2))


def texts(standin) -> list[tuple[str, str]]:
    """Every text handed to the (Twilio) stand-in - send requests only, not look-ups."""
    return [(r.form.get("To"), r.form.get("Body")) for r in standin.requests
            if r.method == "POST" and r.path.endswith("/Messages.json")]

from tests.support import standin as standin_module  # noqa: E402,F401  (the provider stand-in)
