"""Sending through Twilio (or a Twilio-compatible provider) with the real ``twilio`` SDK.

The SDK builds absolute ``https://api.twilio.com/...`` URLs. To reach a Twilio-compatible provider,
or the local stand-in in tests, :class:`BaseUrlHttpClient` (a ``TwilioHttpClient``) swaps the scheme
and host of each request for ``base_url`` (keeping any path prefix), and remembers the last
response's headers so a 429's ``Retry-After`` can be honoured. Everything else is the stock SDK.

What a failed ``messages.create`` means (see :mod:`print_notices.sms.base`): no connection, 429 and
503 say the text was not taken (:class:`TemporaryFailure`, retried); a read timeout, a connection
reset after the request went, an unreadable success or another 5xx may hide an accepted text
(:class:`Ambiguous`, not retried). Twilio has no idempotency key, so :meth:`TwilioSender.find_sent`
answers "did it go?" by listing the messages sent to the number and matching the body.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from sync.retry import parse_retry_after

from .base import (NOT_TAKEN_STATUSES, Ambiguous, InvalidNumber, OptedOut, PermanentFailure, SendResult,
                   TemporaryFailure, transport_error)

OPTED_OUT = {21610}
INVALID = {21211: "invalid", 21614: "landline", 21612: "invalid", 21217: "invalid", 21408: "invalid"}
NOT_TAKEN_CODES = {20429, 20503}
DEFAULT_TIMEOUT = 20.0
#: how many of the newest messages to a number are read when checking whether a text went
LOOKUP_LIMIT = 200
#: allowance for the provider's clock being behind ours when matching by creation time
CLOCK_SLACK = timedelta(minutes=10)

#: The SDK logs every request at INFO, query parameters included - a look-up's ``To`` is a phone
#: number, and carekiosk never logs one. Its own logger, quiet below WARNING.
_SDK_LOG = logging.getLogger("carekiosk.sms.twilio_sdk")
_SDK_LOG.setLevel(logging.WARNING)


class BaseUrlHttpClient(TwilioHttpClient):
    """A TwilioHttpClient that sends every request to ``base_url`` instead of ``*.twilio.com``."""

    def __init__(self, base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT, **kwargs):
        kwargs.setdefault("logger", _SDK_LOG)
        super().__init__(timeout=timeout, **kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.last_headers: dict[str, str] = {}

    def rewrite(self, url: str) -> str:
        if not self.base_url:
            return url
        base = urlsplit(self.base_url)
        parts = urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query,
                           parts.fragment))

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        response = super().request(method, self.rewrite(url), params=params, data=data, headers=headers,
                                   auth=auth, timeout=timeout, allow_redirects=allow_redirects)
        self.last_headers = dict(response.headers or {})
        return response


class TwilioSender:
    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None = None,
                 messaging_service_sid: str | None = None, base_url: str | None = None,
                 status_callback: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        if not (from_number or messaging_service_sid):
            raise ValueError("Twilio needs a from number or a messaging service SID")
        self.http = BaseUrlHttpClient(base_url, timeout=timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback

    def send(self, to: str, body: str, *, reference: str | None = None) -> SendResult:
        kwargs = {"to": to, "body": body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.from_number
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        try:
            message = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            raise self._map(exc, to) from None
        except (TwilioException, OSError, ValueError) as exc:
            # OSError: requests' errors (refused/DNS/connect timeout -> not sent; read timeout or a
            # reset after sending -> ambiguous). TwilioException/ValueError: an answer we could not
            # read, possibly a success.
            raise transport_error("Twilio", exc, to) from None
        segments = int(message.num_segments) if getattr(message, "num_segments", None) else None
        return SendResult("twilio", message.sid, message.status or "accepted", to, segments)

    def find_sent(self, to: str, body: str, *, reference: str | None = None, since: datetime,
                  exclude: frozenset[str] = frozenset()) -> SendResult | None:
        """The message with this body sent to ``to`` since ``since``, if Twilio has one.

        Lists by number (and sender), not by ``DateSent``: a message still queued at Twilio has no
        send date yet and a date filter would miss exactly the text we are asking about."""
        kwargs = {"to": to, "limit": LOOKUP_LIMIT, "page_size": min(LOOKUP_LIMIT, 100)}
        if self.from_number and not self.messaging_service_sid:
            kwargs["from_"] = self.from_number
        try:
            messages = self.client.messages.list(**kwargs)
        except TwilioRestException as exc:
            raise self._map(exc, to) from None
        except (TwilioException, OSError, ValueError) as exc:
            raise transport_error("Twilio", exc, to) from None
        earliest = since - CLOCK_SLACK
        for message in messages:
            if message.sid in exclude or (message.direction or "").startswith("inbound"):
                continue
            if message.date_created is not None and message.date_created < earliest:
                continue
            if (message.body or "").strip() == body.strip() or (message.body or "").startswith(body):
                segments = int(message.num_segments) if getattr(message, "num_segments", None) else None
                return SendResult("twilio", message.sid, message.status or "accepted", to, segments)
        return None

    def _map(self, exc: TwilioRestException, to: str):
        code, status = exc.code, exc.status
        if code in OPTED_OUT:
            return OptedOut("The number has opted out of texts (replied STOP).", code=code, status=status, to=to)
        if code in INVALID:
            kind = INVALID[code]
            what = "a landline" if kind == "landline" else "not a valid mobile number"
            return InvalidNumber(f"The number is {what}.", kind=kind, code=code, status=status, to=to)
        if status in NOT_TAKEN_STATUSES or code in NOT_TAKEN_CODES:
            retry = parse_retry_after({k.lower(): v for k, v in self.http.last_headers.items()}.get("retry-after"))
            return TemporaryFailure(f"Twilio is busy or unavailable (HTTP {status}).", code=code, status=status,
                                    to=to, retry_after=retry)
        if (status or 0) >= 500 or code == 20500:
            return Ambiguous(f"Twilio failed while handling the text (HTTP {status}); it may have gone.", code=code,
                             status=status, to=to)
        return PermanentFailure(f"Twilio refused the text (HTTP {status}, code {code}: {exc.msg}).", code=code,
                                status=status, to=to)
