"""Two-way SMS: Twilio's inbound-message webhook, ``POST /v1/sms/twilio/inbound``.

A manager answers a decision text with ``GO 4821`` or ``REVIEW 4821``. Twilio posts the reply here
(form-encoded, signed with ``X-Twilio-Signature``); we check the signature with Twilio's own
``RequestValidator`` and the account's auth token, then - only for a number registered as some
home's ``manager_phone`` - record the provider decision (:func:`lifecycle.provider_decide`) and answer
with TwiML holding one short confirmation (one GSM-7 segment, no story text, no names).

Configuration (read on every request, so rotating the token needs no restart):

- the Twilio auth token: env ``CAREKIOSK_TWILIO_AUTH_TOKEN``, else the file ``twilio-auth-token`` in
  the service data folder (mode 0600; refused when readable by others). Without one every webhook
  request is refused with 503: nothing can be trusted.
- the public address Twilio signs: env ``CAREKIOSK_PUBLIC_URL`` (e.g. ``https://ck.example.org``)
  when the service sits behind a TLS proxy; else the address the request arrived at.

Unsigned or forged requests get 403 and change nothing. A number that is not a registered manager
number gets an empty TwiML answer (no reply text at all: nothing confirms that the service, a home
or a story exists). Logs carry the outcome only - never the number, the body or the reference.

Delivery status callbacks for the texts the notifier sends are received by the notifier itself
(``print_notices/notifier/status.py``), which holds the send log and the suppression list.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from twilio.request_validator import RequestValidator

from . import lifecycle
from .errors import ApiError

log = logging.getLogger("carekiosk.server.sms")

TOKEN_ENV = "CAREKIOSK_TWILIO_AUTH_TOKEN"
TOKEN_FILE = "twilio-auth-token"
PUBLIC_URL_ENV = "CAREKIOSK_PUBLIC_URL"
INBOUND_PATH = "/v1/sms/twilio/inbound"

COMMAND = re.compile(r"^\s*(GO|REVIEW)\s*[#:\-]?\s*(\d{4,8})\s*[.!]?\s*$", re.IGNORECASE)
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


def auth_token(data_dir: Path) -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    path = Path(data_dir) / TOKEN_FILE
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.error("%s is readable by other users; the Twilio webhook is refused until it is chmod 600", TOKEN_FILE)
        return None
    return path.read_text(encoding="utf-8").strip() or None


def signed_url(request: Request) -> str:
    """The address Twilio computed the signature over."""
    public = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    path_query = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if public:
        return public + path_query
    return str(request.url)


def twiml(message: str | None) -> Response:
    body = '<?xml version="1.0" encoding="UTF-8"?><Response>'
    if message:
        body += f"<Message>{escape(message)}</Message>"
    body += "</Response>"
    return Response(body, media_type="application/xml")


def _homes_for(conn, number: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM homes WHERE manager_phone = ?", (number,))]


def handle_inbound(svc, params: dict[str, str]) -> str | None:
    """Act on one validated inbound text; returns the reply text (None: answer with empty TwiML)."""
    number = (params.get("From") or "").strip()
    text = (params.get("Body") or "").strip()
    with svc.db.read() as conn:
        homes = _homes_for(conn, number) if number else []
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
        marks = ",".join("?" * len(homes))
        rows = conn.execute(f"SELECT * FROM stories WHERE ref = ? AND home_id IN ({marks})"
                            " ORDER BY received_at DESC", (ref, *homes)).fetchall()
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


def register(app: FastAPI, service_of) -> None:
    """Add the webhook to ``app`` (``service_of(request)`` gives the :class:`~sync.server.app.Service`)."""

    @app.post(INBOUND_PATH, tags=["sms"], response_class=Response, responses={
        200: {"description": "TwiML: a <Response> with at most one <Message>.",
              "content": {"application/xml": {"schema": {"type": "string"}}}},
        403: {"description": "Missing or wrong X-Twilio-Signature."},
        503: {"description": "No Twilio auth token is configured."}},
        openapi_extra={"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {
                "From": {"type": "string"}, "To": {"type": "string"}, "Body": {"type": "string"},
                "MessageSid": {"type": "string"}, "AccountSid": {"type": "string"}},
                "additionalProperties": {"type": "string"}}}}}})
    async def twilio_inbound(request: Request):
        """Twilio's inbound SMS webhook: `GO 4821` / `REVIEW 4821` / `HELP` from a home's manager."""
        svc = service_of(request)
        token = auth_token(svc.data_dir)
        if not token:
            raise ApiError(503, "Text replies are not set up on this service (no Twilio auth token).")
        raw = await request.body()
        params: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not RequestValidator(token).validate(signed_url(request), params, signature):
            log.warning("inbound sms refused: bad or missing signature")
            raise ApiError(403, "This request is not signed by Twilio.")
        reply = await run_in_threadpool(handle_inbound, svc, params)
        return twiml(reply)
