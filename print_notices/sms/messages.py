"""The text of every SMS kind, always within ONE GSM-7 segment (160 septets).

Rules (from DESIGN.md): no person is named; no story text is quoted unless the story is published
(only then its public title); a decision request carries the reference and the reply keywords
(``GO 4821`` / ``REVIEW 4821``). Variable parts (the home's name, a published title) are folded to
GSM-7 and shortened to fit, so the fixed wording and the reference always survive.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from . import gsm7

LIMIT = gsm7.SINGLE_SEGMENT
UK = ZoneInfo("Europe/London")

KINDS = ("awaiting_decision", "published", "no_response", "digest_ready", "not_synced", "integrity_problem")


class MessageTooLong(ValueError):
    """The fixed wording alone does not fit one segment (a programming error, caught by tests)."""


def when(moment: datetime) -> str:
    """``Thu 13 Mar 17:00`` in UK time: short, unambiguous on a basic phone."""
    local = moment.astimezone(UK) if moment.tzinfo else moment
    return local.strftime("%a %-d %b %H:%M")


def _fit(template: str, *, home: str = "", extra: str = "", **fixed: object) -> str:
    """Fill ``template``: fixed parts verbatim, then ``extra`` (a title) and ``home`` shortened to fit."""
    values = {k: gsm7.fold(str(v)) for k, v in fixed.items()}
    home = " ".join(gsm7.fold(home).split()) or "your home"
    extra = " ".join(gsm7.fold(extra).split())
    bare = template.format(home="", extra="", **values)
    room = LIMIT - gsm7.septet_count(bare)
    if room < 4:
        raise MessageTooLong(template)
    if extra:
        # The title gets what the home's name leaves over, but never less than 20 septets.
        home_room = min(gsm7.septet_count(home), max(room - 20, room // 3))
        home = gsm7.truncate(home, home_room)
        extra = gsm7.truncate(extra, room - gsm7.septet_count(home))
    else:
        home = gsm7.truncate(home, room)
    text = template.format(home=home, extra=extra, **values)
    assert gsm7.fits_one_segment(text), text
    return text


def awaiting_decision(*, home: str, ref: str, deadline: datetime) -> str:
    return _fit("{home}: story {ref} is ready to publish. Reply GO {ref} to go ahead, or REVIEW {ref} for a "
                "second check, by {deadline}. No reply = go ahead.", home=home, ref=ref, deadline=when(deadline))


def published(*, home: str, ref: str, title: str) -> str:
    return _fit("{home}: story {ref} is now public: \"{extra}\". Please reply to it online, then print it "
                "for the noticeboard.", home=home, extra=title, ref=ref)


def no_response(*, home: str, ref: str, days: int = 7) -> str:
    return _fit("{home}: story {ref} has been public for {days} days with no reply from the home. A reply "
                "shows people you listen.", home=home, ref=ref, days=days)


def digest_ready(*, home: str, published_count: int, awaiting_count: int = 0) -> str:
    return _fit("{home}: this week's feedback digest is ready to print. New public stories: {n}. "
                "Awaiting your decision: {w}.", home=home, n=published_count, w=awaiting_count)


def not_synced(*, home: str, days: int, last_sync: datetime | None) -> str:
    last = f"last {when(last_sync)}" if last_sync else "never synced"
    return _fit("carekiosk: the kiosk at {home} has not synced for {days} days ({last}). Stories may be "
                "waiting. Please check it.", home=home, days=days, last=last)


def integrity_problem(*, home: str, missing: int, case: str) -> str:
    what = "1 story" if missing == 1 else f"{missing} stories"
    return _fit("carekiosk alert {case}: the kiosk at {home} may have had {what} deleted before they were sent. "
                "The moderator has been told.", home=home, case=case, what=what)


COMPOSERS = {
    "awaiting_decision": awaiting_decision,
    "published": published,
    "no_response": no_response,
    "digest_ready": digest_ready,
    "not_synced": not_synced,
    "integrity_problem": integrity_problem,
}


def compose(kind: str, **fields: object) -> str:
    try:
        composer = COMPOSERS[kind]
    except KeyError:
        raise ValueError(f"unknown SMS kind {kind!r}; one of {', '.join(KINDS)}") from None
    return composer(**fields)
