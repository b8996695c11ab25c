"""What to tell whom: events and computed state -> :class:`~print_notices.notifier.ledger.Intent` rows.

| source | SMS kind (to) | printout |
|---|---|---|
| event ``awaiting_provider`` | ``awaiting_decision`` (manager), with how critical it is | twin, only if the text cannot go |
| … and strongly or severely critical | ``public_interest_critical`` (each public-interest body) | a letter to it, always |
| event ``review_requested`` | ``public_interest_review`` (each public-interest body) | a letter to it, always |
| event ``restricted`` | ``public_interest_restricted`` (each public-interest body) | a letter to it, always |
| event ``published`` | ``published`` (manager) | the story notice, always (for the noticeboard) |
| event ``response_posted`` of a reply sent by text (``via: text``) | ``reply_posted`` (manager) | twin, only if the text cannot go |
| event ``integrity_problem`` | ``integrity_problem`` (each public-interest body) | twin, only if the text cannot go |
| a published story with no reply from the home for 7 days (state) | ``no_response`` (manager) | twin, only if the text cannot go |
| once a week, on ``digest_day`` (state) | ``digest_ready`` (manager) | the weekly digest, always |
| a transparency rule raised for the home (state, once a month while raised) | ``transparency_flag`` (each public-interest body) | a letter to it, always |
| a device not heard from for 3 days (state) | ``not_synced`` (field staff) | twin, only if the text cannot go |

The home's public-interest bodies are the commissioners, regulators and Healthwatch covering it
(``public_interest_bodies`` in ``GET /v1/homes/{id}``; each with its own alert number, or none).
A recipient without a number gets the printout instead. Keys are ``source|kind|role``: the same event
or state never makes a second notification. Bodies come from :mod:`print_notices.sms.messages` (one
GSM-7 segment, no story text except a published title, no person's name).

``[notify] audiences`` can narrow what one notifier sends (``manager``, ``public_interest``,
``field_staff``, ``noticeboard``): the service's operator may run one for the public-interest bodies
so that no provider can keep their alerts from them, and the home its own for the rest.

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
from sync.conversation import alerts_public_interest
from sync.i18n import LANGS, NP_, pgettext

from .config import NotifySettings
from .ledger import Intent

#: The title of a text's printable twin (English msgids, context ``printout title``).
TITLES = {
    "awaiting_decision": NP_("printout title", "A story is waiting for your decision"),
    "published": NP_("printout title", "A story is now public"),
    "reply_posted": NP_("printout title", "Your reply is now public"),
    "no_response": NP_("printout title", "A public story has no reply yet"),
    "digest_ready": NP_("printout title", "This week's feedback digest"),
    "not_synced": NP_("printout title", "A kiosk has not synced"),
    "integrity_problem": NP_("printout title", "Integrity alert: a story may have been deleted"),
    "summary": NP_("printout title", "Several carekiosk notices"),
    "public_interest_critical": NP_("printout title", "A strongly critical story is with the provider"),
    "public_interest_review": NP_("printout title", "A provider asked for a story to be reviewed"),
    "public_interest_restricted": NP_("printout title", "A story has been restricted"),
    "transparency_flag": NP_("printout title", "A transparency rule flags a home"),
}
#: printed for a public-interest body above the text: who the letter is for
FOR = NP_("printout", "For: {organisation}")
OTHER_TITLE = NP_("printout title", "carekiosk notice")


def language(home: dict[str, Any]) -> str:
    """The home's language for its texts and printouts: its record's ``language``, else English."""
    lang = home.get("language")
    return lang if lang in LANGS else "en"


def title(kind: str, lang: str) -> str:
    return pgettext("printout title", TITLES.get(kind, OTHER_TITLE), lang)


def key(source: str, kind: str, role: str) -> str:
    return f"{source}|{kind}|{role}"


def message_twin(kind: str, body: str, home: dict[str, Any], extra: list[str] | None = None,
                 addressee: str | None = None) -> dict[str, Any]:
    lang = language(home)
    twin = {"type": "message", "kind": kind, "title": title(kind, lang), "text": body,
            "lines": list(extra or []), "home_name": home.get("name", ""), "lang": lang}
    if addressee:
        twin["for"] = pgettext("printout", FOR, lang, organisation=addressee)
    return twin


def public_interest_bodies(home: dict[str, Any]) -> list[dict[str, Any]]:
    """The bodies to alert about the home; a service from before organisations gave one number."""
    found = [b for b in home.get("public_interest_bodies") or [] if isinstance(b, dict) and b.get("id")]
    if not found and home.get("public_interest_phone"):
        found = [{"id": "contact", "name": "", "kind": "commissioner", "phone": home["public_interest_phone"]}]
    return found


def to_public_interest(source: str, kind: str, home: dict[str, Any], body: str, *, ref: str | None = None,
                       always_print: bool = True) -> list[Intent]:
    """The same alert to each public-interest body: a text where it has a number, and a letter
    addressed to it (always, unless ``always_print`` is off: then only when it cannot be texted)."""
    out = []
    for org in public_interest_bodies(home):
        role = f"public_interest:{org['id']}"
        twin = message_twin(kind, body, home, addressee=org.get("name") or None)
        if org.get("phone"):
            out.append(Intent(key(source, kind, role), "sms", kind, home["id"], ref, "public_interest", org["phone"],
                              body, twin))
        if always_print or not org.get("phone"):
            out.append(Intent(key(source, kind, role) + "|print", "print", kind, home["id"], ref, "public_interest",
                              None, None, twin))
    return out


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
    criticality = data.get("criticality") if isinstance(data.get("criticality"), int) else None
    if kind == "awaiting_provider" and ref:
        deadline = parse_time(data.get("decision_deadline"))
        if deadline is None:
            return out
        body = messages.awaiting_decision(home=name, ref=ref, deadline=deadline, criticality=criticality, lang=lang)
        out.append(text_or_print(source, "awaiting_decision", "manager", home, home.get("manager_phone"), body, ref=ref))
        if alerts_public_interest(criticality):
            alert = messages.public_interest_critical(home=name, ref=ref, deadline=deadline, criticality=criticality,
                                                      lang=lang)
            out += to_public_interest(source, "public_interest_critical", home, alert, ref=ref)
    elif kind == "review_requested" and ref:
        alert = messages.public_interest_review(home=name, ref=ref, criticality=criticality, lang=lang)
        out += to_public_interest(source, "public_interest_review", home, alert, ref=ref)
    elif kind == "restricted" and ref:
        alert = messages.public_interest_restricted(home=name, ref=ref, criticality=criticality, lang=lang)
        out += to_public_interest(source, "public_interest_restricted", home, alert, ref=ref)
    elif kind == "published" and ref:
        body = messages.published(home=name, ref=ref, title=str(data.get("title") or ""), lang=lang)
        out.append(text_or_print(source, "published", "manager", home, home.get("manager_phone"), body, ref=ref))
        out.append(Intent(key(source, "story_notice", "noticeboard"), "print", "story_notice", home["id"], ref,
                          "noticeboard", twin={"type": "story", "story_id": data.get("story_id"), "ref": ref,
                                               "home_name": name, "lang": lang}))
    elif kind == "response_posted" and ref and data.get("via") == "text":
        body = messages.reply_posted(home=name, ref=ref, lang=lang)
        out.append(text_or_print(source, "reply_posted", "manager", home, home.get("manager_phone"), body, ref=ref))
    elif kind == "integrity_problem":
        missing = len(data.get("missing") or [])
        if not missing and data.get("chain_ok", True):
            return out
        case = hashlib.sha256(f"{home['id']}:{source}".encode()).hexdigest()[:6]
        body = messages.integrity_problem(home=name, missing=max(missing, 1), case=case, lang=lang)
        bodies = public_interest_bodies(home)
        if bodies:
            out += to_public_interest(source, "integrity_problem", home, body, always_print=False)
        else:  # nobody to tell: the printout, for whoever keeps the notices
            out.append(text_or_print(source, "integrity_problem", "public_interest", home, None, body))
    return out


def transparency_flags(report: dict[str, Any] | None, home: dict[str, Any], now: datetime) -> list[Intent]:
    """Each transparency rule raised for the home, to its public-interest bodies: once a month while
    it stays raised (the key holds the rule and the month)."""
    out: list[Intent] = []
    month = f"{now.year:04d}-{now.month:02d}"
    for flag in (report or {}).get("flags") or []:
        rule = str(flag.get("rule") or "")
        if not rule:
            continue
        body = messages.transparency_flag(home=home.get("name") or "", rule=rule, home_id=home["id"],
                                          lang=language(home))
        out += to_public_interest(f"transparency:{home['id']}:{rule}:{month}", "transparency_flag", home, body)
    return out


def no_response(opinions: Iterable[dict[str, Any]], home: dict[str, Any], now: datetime,
                days: int = 7) -> list[Intent]:
    out = []
    for op in opinions:
        published = parse_time(op.get("dateOfPublication"))
        home_replied = any(r.get("responderKind", "provider") == "provider" for r in op.get("responses") or [])
        if op.get("status") != "published" or published is None or home_replied:
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
