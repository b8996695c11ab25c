"""Sending through GOV.UK Notify with the real ``notifications-python-client``.

Notify sends texts from a *template*; ours is one template whose whole body is ``((body))``, so the
words stay in :mod:`print_notices.sms.messages` (and in one GSM-7 segment). ``base_url`` points the
client at another Notify-compatible API or the local stand-in.

The client turns a lost connection into an ``HTTPError`` with status 503 and no response; the real
cause (``raise ... from``) says whether the request went (see :func:`base.transport_error`). Every
text carries the notifier's ``reference``, so :meth:`NotifySender.find_sent` can ask Notify for it.
"""

from __future__ import annotations

from datetime import datetime

from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from sync.retry import parse_retry_after

from .base import (NOT_TAKEN_STATUSES, Ambiguous, InvalidNumber, PermanentFailure, SendResult, TemporaryFailure,
                   transport_error)

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


def _messages(error: APIError) -> list[str]:
    found = error.message
    if isinstance(found, list):
        return [str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in found]
    return [str(found)]


class NotifySender:
    name = "notify"

    def __init__(self, api_key: str, template_id: str, *, base_url: str | None = None, timeout: float = 20):
        self.client = NotificationsAPIClient(api_key, base_url=base_url or DEFAULT_BASE_URL, timeout=timeout)
        self.template_id = template_id

    def send(self, to: str, body: str, *, reference: str | None = None) -> SendResult:
        try:
            answer = self.client.send_sms_notification(
                phone_number=to, template_id=self.template_id, personalisation={"body": body}, reference=reference,
            )
        except APIError as exc:
            raise self._map(exc, to) from None
        except (OSError, ValueError) as exc:
            raise transport_error("Notify", exc, to) from None
        return SendResult("notify", str(answer["id"]), "accepted", to)

    def find_sent(self, to: str, body: str, *, reference: str | None = None, since: datetime | None = None,
                  exclude: frozenset[str] = frozenset()) -> SendResult | None:
        """The notification Notify holds under ``reference`` (each notifier text has its own)."""
        if not reference:
            raise TemporaryFailure("A text sent without a reference cannot be looked up in Notify.", to=to)
        try:
            answer = self.client.get_all_notifications(reference=reference)
        except APIError as exc:
            raise self._map(exc, to) from None
        except (OSError, ValueError) as exc:
            raise transport_error("Notify", exc, to) from None
        for item in (answer or {}).get("notifications") or []:
            if item.get("reference") != reference or str(item.get("id")) in exclude:
                continue
            if item.get("type") not in (None, "sms"):
                continue
            return SendResult("notify", str(item["id"]), str(item.get("status") or "accepted"), to)
        return None

    @staticmethod
    def _map(exc: APIError, to: str):
        if exc.response is None:  # no HTTP answer at all: the client wrapped a connection error
            return transport_error("Notify", exc.__cause__ or exc, to)
        status = exc.status_code
        if 200 <= status < 300:  # taken, but the answer could not be read
            return Ambiguous(f"Notify answered HTTP {status} with something unreadable; the text may have gone.",
                             status=status, to=to)
        text = "; ".join(_messages(exc))
        if status in NOT_TAKEN_STATUSES:
            headers = getattr(exc.response, "headers", None) or {}
            return TemporaryFailure(f"Notify is busy or unavailable (HTTP {status}).", status=status, to=to,
                                    retry_after=parse_retry_after(headers.get("Retry-After")))
        if status >= 500:
            return Ambiguous(f"Notify failed while handling the text (HTTP {status}); it may have gone.",
                             status=status, to=to)
        lowered = text.lower()
        if status == 400 and "phone_number" in lowered:
            kind = "landline" if "mobile" in lowered else "invalid"
            what = "not a mobile number" if kind == "landline" else "not a valid phone number"
            return InvalidNumber(f"The number is {what} ({text}).", kind=kind, status=status, to=to,
                                 code=f"notify:{kind}")
        return PermanentFailure(f"Notify refused the text (HTTP {status}: {text}).", status=status, to=to)
