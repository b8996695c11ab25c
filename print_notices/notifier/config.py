"""``[notify]`` settings, overridable by the environment and the command line.

```toml
[notify]
server_url = "https://moderation.example.org"   # env CAREKIOSK_NOTIFY_SERVER
key = "ckp_..."                                 # env CAREKIOSK_NOTIFY_KEY (a provider key)
homes = ["home_1a2b3c4d"]                       # optional: only these homes (default: every home the key sees)
field_staff_phone = "+447700900456"             # not-synced texts; env CAREKIOSK_NOTIFY_FIELD_STAFF_PHONE
quiet_start = "21:00"                           # texts are held from here ...
quiet_end = "08:00"                             # ... until here (local time)
timezone = "Europe/London"
max_per_hour = 3                                # more texts than this to one number in an hour -> one summary
interval = 60                                   # seconds between passes without --once
digest_day = "mon"                              # the weekly "digest ready" text and digest printout
no_response_days = 7
not_synced_days = 3
printer = "Office"                              # CUPS queue for printouts (else [printing] printer; none: PDFs only)
out_dir = "/path/to/notices"                    # where PDFs go (default: <data folder>/notices/notifier)
story_url = "https://www.careopinion.org.uk/{story_id}"   # optional: QR code on story notices
status_listen = "127.0.0.1:8471"                # optional: receive Twilio/Notify status callbacks here
status_url = "https://ck.example.org/sms/status"  # the public address Twilio posts (and signs) callbacks to
audiences = ["public_interest"]                 # optional: only these recipients (manager, public_interest,
                                                #   field_staff, noticeboard); default: all of them
```
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sync.config import Config
from sync.errors import UserError
from sync.paths import Paths

DEFAULTS = {"server_url": None, "key": None, "insecure": False, "homes": [], "field_staff_phone": None, "quiet_start": "21:00",
            "quiet_end": "08:00", "timezone": "Europe/London", "max_per_hour": 3, "interval": 60,
            "digest_day": "mon", "no_response_days": 7, "not_synced_days": 3, "printer": None, "out_dir": None,
            "story_url": None, "status_listen": None, "status_url": None, "audiences": []}
AUDIENCES = ("manager", "public_interest", "field_staff", "noticeboard")
ENV = {"server_url": "CAREKIOSK_NOTIFY_SERVER", "key": "CAREKIOSK_NOTIFY_KEY",
       "field_staff_phone": "CAREKIOSK_NOTIFY_FIELD_STAFF_PHONE"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _time(value: str, what: str) -> time:
    try:
        hours, minutes = str(value).strip().split(":")
        if not (hours + minutes).isascii() or not (hours.isdigit() and minutes.isdigit()):
            raise ValueError  # int() would also read other scripts' digits ("٢١")
        return time(int(hours), int(minutes))
    except ValueError:
        raise UserError(f"[notify] {what} must be a time like 21:00.") from None


def _number(value: object, what: str, *, whole: bool = True, minimum: float = 1) -> int | float:
    """A setting that must be a number (a whole one unless ``whole`` is False) of at least ``minimum``."""
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool):
        number = None
    else:
        try:
            number = int(str(value).strip()) if whole else float(str(value).strip())
        except ValueError:
            number = None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        raise UserError(f"[notify] {what} must be {kind} such as {int(minimum) if minimum >= 1 else 60}.")
    if number < minimum:
        raise UserError(f"[notify] {what} must be {kind} of at least {minimum:g}.")
    return number


def _zone(value: object) -> str:
    name = str(value or "").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise UserError(f"[notify] timezone must be a time zone name such as Europe/London, not {name!r}.") from None
    return name


def _listen(value: object) -> str | None:
    if not value:
        return None
    host, _, port = str(value).rpartition(":")
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise UserError("[notify] status_listen must be an address and port such as 127.0.0.1:8471.")
    return str(value)


def _audiences(value: object) -> list[str]:
    found = [value] if isinstance(value, str) else list(value or [])
    wrong = [a for a in found if a not in AUDIENCES]
    if wrong:
        raise UserError(f"[notify] audiences may hold only {', '.join(AUDIENCES)}, not {wrong[0]!r}.")
    return [str(a) for a in found]


@dataclass
class NotifySettings:
    server_url: str | None = None
    key: str | None = None
    homes: list[str] = field(default_factory=list)
    field_staff_phone: str | None = None
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    timezone: str = "Europe/London"
    max_per_hour: int = 3
    interval: float = 60.0
    digest_day: int = 0
    no_response_days: int = 7
    not_synced_days: int = 3
    printer: str | None = None
    out_dir: Path | None = None
    story_url: str | None = None
    status_listen: str | None = None
    status_url: str | None = None
    insecure: bool = False  # allow plain http:// to a non-loopback service (trusted networks only)
    audiences: list[str] = field(default_factory=list)  # empty: every audience

    @classmethod
    def load(cls, paths: Paths | None = None, env: Mapping[str, str] | None = None, **overrides) -> "NotifySettings":
        paths = paths or Paths.from_env()
        env = os.environ if env is None else env
        config = Config.load(paths)
        raw = config.section("notify", DEFAULTS)
        for key, name in ENV.items():
            if env.get(name):
                raw[key] = env[name]
        for key, value in overrides.items():
            if value not in (None, (), []):
                raw[key] = list(value) if isinstance(value, tuple) else value
        if not raw.get("printer"):
            raw["printer"] = config.section("printing", {"printer": None}).get("printer")
        day = str(raw["digest_day"]).strip().lower()[:3]
        if day not in DAYS:
            raise UserError("[notify] digest_day must be a weekday such as mon.")
        homes = raw.get("homes") or []
        if isinstance(homes, str):
            homes = [homes]
        return cls(
            server_url=(raw["server_url"] or "").rstrip("/") or None, key=raw["key"] or None, homes=list(homes),
            insecure=bool(raw.get("insecure", False)),
            field_staff_phone=raw["field_staff_phone"] or None,
            quiet_start=_time(raw["quiet_start"], "quiet_start"), quiet_end=_time(raw["quiet_end"], "quiet_end"),
            timezone=_zone(raw["timezone"]), max_per_hour=_number(raw["max_per_hour"], "max_per_hour"),
            interval=_number(raw["interval"], "interval", whole=False, minimum=0.1),
            digest_day=DAYS.index(day), no_response_days=_number(raw["no_response_days"], "no_response_days"),
            not_synced_days=_number(raw["not_synced_days"], "not_synced_days"), printer=raw["printer"] or None,
            out_dir=Path(raw["out_dir"]).expanduser() if raw["out_dir"] else paths.data_dir / "notices" / "notifier",
            story_url=raw["story_url"] or None, status_listen=_listen(raw["status_listen"]),
            status_url=raw["status_url"] or None, audiences=_audiences(raw.get("audiences")))
