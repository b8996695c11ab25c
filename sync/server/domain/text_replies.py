"""A manager's text reply to a decision text: ``GO 4821`` or ``REVIEW 4821`` (or ``HELP``).

Only a number registered as some home's ``manager_phone`` is acted on; the decision goes through
:func:`lifecycle.provider_decide` like the provider's own. Every reply fits one GSM-7 segment and
carries no story text and no names; logs carry the outcome only, never the number, body or ref.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from ..errors import ApiError
from ..queries.homes import ids_with_manager_phone
from ..queries.stories import by_ref
from . import lifecycle

if TYPE_CHECKING:
    from ..service import Service

log = logging.getLogger("carekiosk.server.sms")

# ASCII digits only: ``\d`` would also match "GO 3\u066266" (with an Arabic-Indic two), which no reference is.
COMMAND = re.compile(r"^\s*(GO|REVIEW)\s*[#:\-]?\s*([0-9]{4,8})\s*[.!]?\s*$", re.IGNORECASE)
HELP = re.compile(r"^\s*(HELP|INFO|\?)\s*$", re.IGNORECASE)
OPT_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "YES", "UNSTOP"}

# Every reply fits one GSM-7 segment (160 characters, no characters outside the basic set).
REPLIES = {
    "go_ahead": "Thank you. Story {ref}: go ahead recorded. It is now public and you can reply to it online.",
    "request_review": "Thank you. Story {ref}: review requested. A moderator will check it again before it "
                      "is published.",
    "already_go": "Story {ref}: go ahead was already recorded. Nothing more to do.",
    "already_review": "Story {ref}: a review was already requested. Nothing more to do.",
    "not_waiting": "Story {ref} is not waiting for your decision (already decided, or the 72 hours are "
                   "over). Nothing was changed.",
    "ambiguous": "More than one story has the number {ref}. Please decide online. Nothing was changed.",
    "help": "carekiosk: to answer a story text, reply GO and its number to publish it (GO 4821), or "
            "REVIEW and its number for a second check (REVIEW 4821).",
}


def handle_inbound(svc: "Service", params: dict[str, str]) -> str | None:
    """Act on one validated inbound text; returns the reply text (None: answer with empty TwiML)."""
    number = (params.get("From") or "").strip()
    text = (params.get("Body") or "").strip()
    with svc.db.read() as conn:
        homes = ids_with_manager_phone(conn, number) if number else []
    if not homes:
        log.info("inbound sms from an unregistered number: ignored")
        return None
    if text.upper() in OPT_WORDS:  # Twilio itself handles STOP/START; we add nothing
        return None
    match = COMMAND.match(text)
    if not match:
        log.info("inbound sms from a manager: help sent")
        return REPLIES["help"]
    word, ref = match.group(1).upper(), match.group(2)
    decision = "go_ahead" if word == "GO" else "request_review"
    svc.lapse()
    with svc.db.transaction() as conn:
        rows = by_ref(conn, ref, homes)
        waiting = [r for r in rows if r["status"] == "awaiting_provider"]
        if len(waiting) > 1:
            log.info("inbound sms decision: ambiguous reference")
            return REPLIES["ambiguous"].format(ref=ref)
        if not waiting:
            done = rows[0] if rows else None
            if done is not None and decision == "go_ahead" and (done["provider_decision"] or "") == "go_ahead":
                return REPLIES["already_go"].format(ref=ref)
            if done is not None and decision == "request_review" and done["review_requested"] \
                    and done["status"] == "in_moderation":
                return REPLIES["already_review"].format(ref=ref)
            log.info("inbound sms decision: story not awaiting a decision")
            return REPLIES["not_waiting"].format(ref=ref)
        story = waiting[0]
        try:
            lifecycle.provider_decide(conn, story["uuid"], decision, now=svc.now(),
                                      actor=f"provider-sms:{story['home_id']}")
        except ApiError:
            return REPLIES["not_waiting"].format(ref=ref)
    log.info("inbound sms decision recorded: %s", decision)
    return REPLIES[decision].format(ref=ref)
