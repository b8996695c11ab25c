"""What to tell whom: events and computed state -> :class:`~print_notices.notifier.ledger.Intent` rows.

| source | SMS kind (to) | printout |
|---|---|---|
| event ``awaiting_provider`` | ``awaiting_decision`` (manager) | twin, only if the text cannot go |
| event ``published`` | ``published`` (manager) | the story notice, always (for the noticeboard) |
| event ``integrity_problem`` | ``integrity_problem`` (public-interest contact) | twin, only if the text cannot go |
| a published story with no reply for 7 days (state) | ``no_response`` (manager) | twin, only if the text cannot go |
| once a week, on ``digest_day`` (state) | ``digest_ready`` (manager) | the weekly digest, always |
| a device not heard from for 3 days (state) | ``not_synced`` (field staff) | twin, only if the text cannot go |

A recipient without a number gets the printout instead. Keys are ``source|kind|role``: the same event
or state never makes a second notification. Bodies come from :mod:`print_notices.sms.messages` (one
GSM-7 segment, no story text except a published title).

Texts and their printouts are in the home's language: the ``language`` of the home's record from the
service (``GET /v1/homes/{id}``), ``en`` or ``cy``; English when the record has none.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from print_notices.content import parse_time
from print_notices.sms import messages
from sync.i18n import LANGS, NP_, pgettext

from .config import NotifySettings
from .ledger import Intent

#: The title of a text's printable twin (English msgids, context ``printout title``).
TITLES = {
    "awaiting_decision": NP_("printout title", "A story is waiting for your decision"),
    "published": NP_("printout title", "A story is now public"),
    "no_response": NP_("printout title", "A public story has no reply yet"),
    "digest_ready": NP_("printout title", "This week's feedback digest"),
    "not_synced": NP_("printout title", "A kiosk has not synced"),
    "integrity_problem": NP_("printout title", "Integrity alert: a story may have been deleted"),
    "summary": NP_("printout title", "Several carekiosk notices"),
}
OTHER_TITLE = NP_("printout title", "carekiosk notice")


def language(home: dict[str, Any]) -> str:
    """The home's language for its texts and printouts: its record's ``language``, else English."""
    lang = home.get("language")
    return lang if lang in LANGS else "en"


def title(kind: str, lang: str) -> str:
    return pgettext("printout title", TITLES.get(kind, OTHER_TITLE), lang)


def key(source: str, kind: str, role: str) -> str:
    return f"{source}|{kind}|{role}"


def message_twin(kind: str, body: str, home: dict[str, Any], extra: list[str] | None = None) -> dict[str, Any]:
    lang = language(home)
    return {"type": "message", "kind": kind, "title": title(kind, lang), "text": body,
            "lines": list(extra or []), "home_name": home.get("name", ""), "lang": lang}


def text_or_print(source: str, kind: str, role: str, home: dict[str, Any], number: str | None, body: str,
                  *, ref: str | None = None, due_at: datetime | None = None) -> Intent:
    """A text to ``number``; without a number, its printable twin straight away."""
    twin = message_twin(kind, body, home)
    if number:
        return Intent(key(source, kind, role), "sms", kind, home["id"], ref, role, number, body, twin, due_at)
    return Intent(key(source, kind, role) + "|print", "print", kind, home["id"], ref, "noticeboard", None, None,
                  twin, due_at)


def from_event(event: dict[str, Any], home: dict[str, Any]) -> list[Intent]:
    kind, data, ref = event["type"], event.get("data") or {}, event.get("ref")
    source, name, lang = event["id"], home.get("name") or "", language(home)
    out: list[Intent] = []
    if kind == "awaiting_provider" and ref:
        deadline = parse_time(data.get("decision_deadline"))
        if deadline is None:
            return out
        body = messages.awaiting_decision(home=name, ref=ref, deadline=deadline, lang=lang)
        out.append(text_or_print(source, "awaiting_decision", "manager", home, home.get("manager_phone"), body, ref=ref))
    elif kind == "published" and ref:
        body = messages.published(home=name, ref=ref, title=str(data.get("title") or ""), lang=lang)
        out.append(text_or_print(source, "published", "manager", home, home.get("manager_phone"), body, ref=ref))
        out.append(Intent(key(source, "story_notice", "noticeboard"), "print", "story_notice", home["id"], ref,
                          "noticeboard", twin={"type": "story", "story_id": data.get("story_id"), "ref": ref,
                                               "home_name": name, "lang": lang}))
    elif kind == "integrity_problem":
        missing = len(data.get("missing") or [])
        if not missing and data.get("chain_ok", True):
            return out
        case = hashlib.sha256(f"{home['id']}:{source}".encode()).hexdigest()[:6]
        body = messages.integrity_problem(home=name, missing=max(missing, 1), case=case, lang=lang)
        out.append(text_or_print(source, "integrity_problem", "public_interest", home,
                                 home.get("public_interest_phone"), body))
    return out


def no_response(opinions: Iterable[dict[str, Any]], home: dict[str, Any], now: datetime,
                days: int = 7) -> list[Intent]:
    out = []
    for op in opinions:
        published = parse_time(op.get("dateOfPublication"))
        if op.get("status") != "published" or published is None or op.get("responses"):
            continue
        if now - published < timedelta(days=days):
            continue
        body = messages.no_response(home=home.get("name") or "", ref=op["ref"], days=days, lang=language(home))
        out.append(text_or_print(f"story:{op['id']}", "no_response", "manager", home, home.get("manager_phone"),
                                 body, ref=op["ref"]))
    return out


def digest_week(now: datetime, settings: NotifySettings) -> str | None:
    """``2025-W11`` once this week's digest is due (on or after ``digest_day`` at ``quiet_end``), else None."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    if local.weekday() < settings.digest_day:
        return None
    if local.weekday() == settings.digest_day and local.time() < settings.quiet_end:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def digest(home: dict[str, Any], week: str, opinions: list[dict[str, Any]], awaiting: int,
           now: datetime) -> list[Intent]:
    since = now - timedelta(days=7)
    new = sum(1 for op in opinions if op.get("status") == "published"
              and (parse_time(op.get("dateOfPublication")) or since) > since)
    lang = language(home)
    body = messages.digest_ready(home=home.get("name") or "", published_count=new, awaiting_count=awaiting,
                                 lang=lang)
    source = f"week:{home['id']}:{week}"
    return [
        text_or_print(source, "digest_ready", "manager", home, home.get("manager_phone"), body),
        Intent(key(source, "digest", "noticeboard"), "print", "digest", home["id"], week, "noticeboard",
               twin={"type": "digest", "week": week, "home_name": home.get("name") or "", "lang": lang}),
    ]


def not_synced(devices: Iterable[dict[str, Any]], home: dict[str, Any], field_staff: str | None, now: datetime,
               days: int = 3) -> list[Intent]:
    """Devices not heard from for ``days``: the latest of their last call, last story, last
    heartbeat (``health.reported_at``; every sync and every few minutes sends one) and enrolment."""
    out = []
    for dev in devices:
        beat = parse_time((dev.get("health") or {}).get("reported_at"))
        heard = [t for t in (parse_time(dev.get("last_seen_at")), parse_time(dev.get("last_received_at")), beat,
                             parse_time(dev.get("enrolled_at"))) if t]
        last = max(heard) if heard else None
        if last is None or now - last < timedelta(days=days):
            continue
        contacts = [t for t in (parse_time(dev.get("last_seen_at")), parse_time(dev.get("last_received_at")), beat) if t]
        contacted = max(contacts) if contacts else None
        body = messages.not_synced(home=home.get("name") or "", days=days, last_sync=contacted,
                                   lang=language(home))
        # one text per silence: a device that syncs and goes quiet again gets a new key
        out.append(text_or_print(f"device:{dev['device_id']}@{last.isoformat()}", "not_synced", "field_staff",
                                 home, field_staff, body))
    return out
