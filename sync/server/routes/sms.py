"""Two-way SMS: Twilio's inbound-message webhook, ``POST /v1/sms/twilio/inbound``.

A manager answers a decision text with ``GO 4821`` or ``REVIEW 4821``. Twilio posts the reply here
(form-encoded, signed with ``X-Twilio-Signature``); we check the signature with Twilio's own
``RequestValidator`` and the account's auth token, then hand the text to
:mod:`..domain.text_replies` and answer with TwiML holding its one short confirmation.

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
import stat
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from twilio.request_validator import RequestValidator

from ..deps import ServiceDep
from ..domain.text_replies import handle_inbound
from ..errors import ApiError

log = logging.getLogger("carekiosk.server.sms")

TOKEN_ENV = "CAREKIOSK_TWILIO_AUTH_TOKEN"
TOKEN_FILE = "twilio-auth-token"
PUBLIC_URL_ENV = "CAREKIOSK_PUBLIC_URL"
INBOUND_PATH = "/v1/sms/twilio/inbound"

router = APIRouter()


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
    with open(path, encoding="utf-8") as fh:
        return fh.read().strip() or None


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


@router.post(INBOUND_PATH, tags=["sms"], response_class=Response, responses={
    200: {"description": "TwiML: a <Response> with at most one <Message>.",
          "content": {"application/xml": {"schema": {"type": "string"}}}},
    403: {"description": "Missing or wrong X-Twilio-Signature."},
    503: {"description": "No Twilio auth token is configured."}},
    openapi_extra={"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
        "schema": {"type": "object", "properties": {
            "From": {"type": "string"}, "To": {"type": "string"}, "Body": {"type": "string"},
            "MessageSid": {"type": "string"}, "AccountSid": {"type": "string"}},
            "additionalProperties": {"type": "string"}}}}}})
async def twilio_inbound(request: Request, svc: ServiceDep):
    """Twilio's inbound SMS webhook: `GO 4821` / `REVIEW 4821` / `HELP` from a home's manager."""
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
