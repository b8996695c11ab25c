"""At most ``limit`` (3) texts to one number in any hour; when more are due, they go as ONE summary.

For one recipient with ``due`` texts waiting and ``recent`` texts already accepted in the last hour:

- ``recent + due <= limit``: send each text as it is;
- otherwise, if ``recent < limit``: fold every waiting text into one summary text (the printable
  twins still print where they would have);
- otherwise (the hour's allowance is used up): hold everything until the oldest of those texts is
  an hour old, then decide again.

So a manager never gets more than ``limit`` texts in an hour, and a burst of events becomes one text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from print_notices.sms import gsm7
from sync.i18n import pgettext

WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Plan:
    action: str  # send | summarise | hold
    until: datetime | None = None


def plan(due: int, recent: list[datetime], now: datetime, limit: int = 3) -> Plan:
    recent = sorted(t for t in recent if t > now - WINDOW)
    if len(recent) + due <= limit:
        return Plan("send")
    if due > 1 and len(recent) < limit:
        return Plan("summarise")
    if len(recent) < limit:  # one text due but... cannot happen (recent + 1 <= limit); kept for clarity
        return Plan("send")
    return Plan("hold", until=recent[len(recent) - limit] + WINDOW)


def summary_text(home: str, items: list[dict], lang: str = "en") -> str:
    """One GSM-7 segment about several notifications (no story text, no names), in English or Welsh
    (the wording is folded to GSM-7, as in :mod:`print_notices.sms.messages`)."""
    decide = [i["ref"] for i in items if i["kind"] == "awaiting_decision" and i.get("ref")]
    published = sum(1 for i in items if i["kind"] == "published")
    unanswered = sum(1 for i in items if i["kind"] == "no_response")
    other = len(items) - len(decide) - published - unanswered
    parts = []
    if published:
        parts.append(pgettext("sms", "New public stories: {n}.", lang, n=published))
    if unanswered:
        parts.append(pgettext("sms", "Public 7 days, no reply: {n}.", lang, n=unanswered))
    if other:
        parts.append(pgettext("sms", "Other notices: {n}.", lang, n=other))
    tail = gsm7.fold(" ".join(parts))
    # Translators: after the home's name, e.g. "Ty Gwyn: 5 updates."
    head_fixed = gsm7.fold(pgettext("sms", ": {n} updates.", lang, n=len(items)))

    def awaiting(refs: str, rest: int) -> str:
        more = pgettext("sms", " +{n} more", lang, n=rest) if rest else ""
        return gsm7.fold(pgettext("sms", " Awaiting your decision: {refs}{more} (reply GO or REVIEW + number).", lang,
                                  refs=refs, more=more))

    if decide:
        refs, shown = "", 0
        for ref in decide:
            trial = (refs + " " + ref).strip()
            candidate = awaiting(trial, len(decide) - shown - 1)
            if gsm7.septet_count(head_fixed + candidate + " " + tail) + 12 > gsm7.SINGLE_SEGMENT:
                break
            refs, shown = trial, shown + 1
        rest = len(decide) - shown
        decide_text = (awaiting(refs, rest) if refs
                       else gsm7.fold(pgettext("sms", " Awaiting your decision: {n}.", lang, n=rest)))
    else:
        decide_text = ""
    fixed = head_fixed + decide_text + (" " + tail if tail else "")
    home = " ".join(gsm7.fold(home).split()) or "carekiosk"
    home = gsm7.truncate(home, max(4, gsm7.SINGLE_SEGMENT - gsm7.septet_count(fixed)))
    text = home + fixed
    if not gsm7.fits_one_segment(text):
        text = gsm7.truncate(text, gsm7.SINGLE_SEGMENT)
    return text
