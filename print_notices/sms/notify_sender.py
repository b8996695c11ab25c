"""Sending through GOV.UK Notify with the real ``notifications-python-client``.

Notify sends texts from a *template*; ours is one template whose whole body is ``((body))``, so the
words stay in :mod:`print_notices.sms.messages` (and in one GSM-7 segment). ``base_url`` points the
client at another Notify-compatible API or the local stand-in.
"""

from __future__ import annotations

from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from .base import InvalidNumber, PermanentFailure, SendResult, TemporaryFailure, parse_retry_after

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
        except OSError as exc:
            raise TemporaryFailure(f"Notify could not be reached ({exc})", to=to) from None
        return SendResult("notify", str(answer["id"]), "accepted", to)

    @staticmethod
    def _map(exc: APIError, to: str):
        status = exc.status_code
        text = "; ".join(_messages(exc))
        if status == 429 or status >= 500:
            headers = getattr(exc.response, "headers", None) or {}
            return TemporaryFailure(f"Notify is busy or unavailable (HTTP {status}).", status=status, to=to,
                                    retry_after=parse_retry_after(headers.get("Retry-After")))
        lowered = text.lower()
        if status == 400 and "phone_number" in lowered:
            kind = "landline" if "mobile" in lowered else "invalid"
            what = "not a mobile number" if kind == "landline" else "not a valid phone number"
            return InvalidNumber(f"The number is {what} ({text}).", kind=kind, status=status, to=to,
                                 code=f"notify:{kind}")
        return PermanentFailure(f"Notify refused the text (HTTP {status}: {text}).", status=status, to=to)
