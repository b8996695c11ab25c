"""A manager's text to the service: ``GO 4821``, ``REVIEW 4821``, ``REPLY 4821 <words>`` (Welsh
``ATEB 4821 …``) or ``HELP``.

- **Exactly once.** Every inbound text carries Twilio's ``MessageSid``; it is written to
  ``inbound_texts`` in the same transaction as whatever the text does, together with the answer it
  got, and before anything else in it. Twilio retrying the webhook (or anyone replaying a signed
  request) gets that same answer back and changes nothing; a text without a ``MessageSid`` is not
  from Twilio's messaging webhook and is ignored.
- **Only the story texted about.** A reference is unique within a home (``sync.refs``), so it names
  one story of the manager's homes; when older kiosks left two stories of a home with one code the
  answer is "decide online" and nothing is done. A GO for a story whose 72 hours are over, or that was
  decided already, says so: a late or replayed text can never reach another story.
- **REPLY** posts nothing at once: the words are held for a moderator (``held_responses``, see
  :mod:`.held_responses`), as Care Opinion checks a responder's first replies - a text cannot show
  who typed it, so every reply by text is checked. Once posted as the home's organisation, the
  notifier texts the manager that it is public. Long replies arrive as one message (Twilio joins the
  parts of a long text), up to the length of any response.
- Only a number registered as some home's ``manager_phone`` is answered at all. Every answer is one
  GSM-7 segment in the home's language, names no story words and no person; a story of another home
  is answered as a number that does not exist. Logs carry the outcome only, never the number, the
  body or the reference.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from sync.i18n import LANGS, NP_, pgettext

from ..clock import iso
from ..errors import ApiError
from ..models import MAX_TEXT
from ..queries.homes import ids_with_manager_phone
from ..queries.stories import by_ref
from ..schema import homes as homes_table, inbound_texts
from . import held_responses, lifecycle

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ..service import Service

log = logging.getLogger("carekiosk.server.sms")

# ASCII digits only (re.ASCII): ``\d`` would also match "GO 3\u066266" (an Arabic-Indic two), no reference.
_REF = r"[#:\-]?\s*([0-9]{4,8})"
DECISION = re.compile(rf"^\s*(GO|REVIEW)\s*{_REF}\s*[.!]?\s*$", re.IGNORECASE | re.ASCII)
COMMAND = DECISION  # the name issue 11's tests know it by
REPLY = re.compile(rf"^\s*(REPLY|ATEB)\b\s*{_REF}(?![0-9])\s*[:\-,.]?\s*(.*)$", re.IGNORECASE | re.ASCII | re.DOTALL)
REPLY_NO_REF = re.compile(r"^\s*(REPLY|ATEB)\b", re.IGNORECASE | re.ASCII)
HELP = re.compile(r"^\s*(HELP|INFO|HELO|CYMORTH|\?)\s*$", re.IGNORECASE)
OPT_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "YES", "UNSTOP"}
#: a segment: 160 GSM-7 septets (the answers use no extended characters, so one each)
SEGMENT = 160

#: Every answer, in the home's language (context ``sms reply``); each fits one GSM-7 segment with the
#: longest reference (8 digits) and keyword, checked by the tests in both languages.
REPLIES = {
    "go_ahead": NP_("sms reply", "Thank you. Story {ref}: go ahead recorded. It is now public and you can "
                                 "reply: {keyword} {ref} and your words."),
    "request_review": NP_("sms reply", "Thank you. Story {ref}: review requested. A moderator will check it "
                                       "again before it is published."),
    "already_go": NP_("sms reply", "Story {ref}: go ahead was already recorded. Nothing more to do."),
    "already_review": NP_("sms reply", "Story {ref}: a review was already requested. Nothing more to do."),
    "not_waiting": NP_("sms reply", "Story {ref} is not waiting for your decision (already decided, or the 72 "
                                    "hours are over). Nothing was changed."),
    "ambiguous": NP_("sms reply", "More than one story has the number {ref}. Please answer online. Nothing "
                                  "was changed."),
    "unknown": NP_("sms reply", "There is no story {ref} for your home. Please check the number in our text. "
                                "Nothing was changed."),
    "not_public": NP_("sms reply", "Story {ref} is not public, so it cannot be answered yet. Nothing was "
                                   "changed."),
    "reply_held": NP_("sms reply", "Thank you. Your reply to story {ref} will be checked by a moderator. We "
                                   "will text you when it is public."),
    "reply_empty": NP_("sms reply", "Please put your words after the number, for example: {keyword} {ref} "
                                    "Thank you for telling us."),
    "reply_no_ref": NP_("sms reply", "Please start with the story number, for example: {keyword} 4821 and "
                                     "then your words."),
    "reply_too_long": NP_("sms reply", "Your reply to story {ref} is too long for one reply. Please send it "
                                       "in shorter parts. Nothing was posted."),
    "help": NP_("sms reply", "carekiosk: reply GO and the story number to publish it (GO 4821), REVIEW 4821 "
                             "for a second check, or {keyword} 4821 and your words."),
}
#: the reply keyword a home's texts name (both are always accepted)
KEYWORD = {"en": "REPLY", "cy": "ATEB"}


def fold(text: str) -> str:
    """GSM-7 has no ŵ, ŷ or â: drop the accents (w, y, a), so a Welsh answer stays one segment."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def answer(kind: str, lang: str, **values: str) -> str:
    lang = lang if lang in LANGS else "en"
    return fold(pgettext("sms reply", REPLIES[kind], lang, keyword=KEYWORD[lang], **{"ref": "", **values}))


def handle_inbound(svc: "Service", params: dict[str, str]) -> str | None:
    """Act on one validated inbound text, once; returns the answer (None: answer with empty TwiML)."""
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    if not sid or len(sid) > 64:
        log.info("inbound sms without a message id: ignored")
        return None
    with svc.db.read() as conn:
        done = _done(conn, sid)
    if done is not None:
        log.info("inbound sms already handled: the same answer again")
        return done
    svc.lapse()
    try:
        with svc.db.transaction() as conn:
            done = _done(conn, sid)
            if done is not None:
                return done
            # the message id first: anything that fails below rolls it back with everything else
            conn.execute(insert(inbound_texts).values(message_sid=sid, received_at=iso(svc.now()), outcome="new"))
            home_id, outcome, reply = _act(conn, svc, params)
            conn.execute(update(inbound_texts).where(inbound_texts.c.message_sid == sid)
                         .values(home_id=home_id, outcome=outcome, reply=reply))
    except IntegrityError:  # the same text handled meanwhile by another instance: its answer
        with svc.db.read() as conn:
            return _done(conn, sid)
    log.info("inbound sms: %s", outcome)
    return reply


def _done(conn: "Connection", sid: str) -> str | None:
    row = conn.execute(select(inbound_texts.c.outcome, inbound_texts.c.reply)
                       .where(inbound_texts.c.message_sid == sid)).first()
    if row is None:
        return None
    return row.reply or ""


def _lang(conn: "Connection", home_id: str) -> str:
    return conn.execute(select(homes_table.c.language).where(homes_table.c.id == home_id)).scalar() or "en"


def _act(conn: "Connection", svc: "Service", params: dict[str, str]) -> tuple[str | None, str, str | None]:
    """(home id or None, outcome, answer) for one new text, inside the transaction that records it."""
    number = (params.get("From") or "").strip()
    text = (params.get("Body") or "").strip()
    homes = ids_with_manager_phone(conn, number) if number else []
    if not homes:
        return None, "unregistered", None  # nothing confirms that the service, a home or a story exists
    lang = _lang(conn, homes[0])
    if text.upper() in OPT_WORDS:  # Twilio itself handles STOP/START; we add nothing
        return homes[0], "opt_word", None
    decision, reply = DECISION.match(text), REPLY.match(text)
    if not decision and not reply:
        kind = "reply_no_ref" if REPLY_NO_REF.match(text) else "help"
        return homes[0], kind, answer(kind, lang)
    ref = (decision or reply).group(2)
    rows = by_ref(conn, ref, homes)
    if len(rows) > 1:  # only kiosks from before reference slots can leave this
        return homes[0], "ambiguous", answer("ambiguous", lang, ref=ref)
    if not rows:
        return homes[0], "unknown", answer("unknown", lang, ref=ref)
    story = rows[0]
    lang = _lang(conn, story["home_id"])
    if decision:
        kind = _decide(conn, svc, story, "go_ahead" if decision.group(1).upper() == "GO" else "request_review")
    else:
        kind = _reply(conn, svc, story, " ".join(reply.group(3).split()))
    return story["home_id"], kind, answer(kind, lang, ref=ref)


def _decide(conn: "Connection", svc: "Service", story, decision: str) -> str:
    if story["status"] != "awaiting_provider":
        if decision == "go_ahead" and (story["provider_decision"] or "") == "go_ahead":
            return "already_go"
        if decision == "request_review" and story["review_requested"] and story["status"] == "in_moderation":
            return "already_review"
        return "not_waiting"
    try:
        lifecycle.provider_decide(conn, story["uuid"], decision, now=svc.now(), actor=f"provider-sms:{story['home_id']}")
    except ApiError:
        return "not_waiting"
    return decision


def _reply(conn: "Connection", svc: "Service", story, words: str) -> str:
    if story["status"] != "published":
        return "not_public"
    if not words:
        return "reply_empty"
    if len(words) > MAX_TEXT:
        return "reply_too_long"
    held_responses.hold(conn, story, words, via="text", now=svc.now())
    return "reply_held"
