"""What the SMS providers told us about numbers and deliveries, kept in the notifier's send log
(:class:`print_notices.notifier.ledger.Ledger`, ``notifier.sqlite3`` in the data folder; its
migrations create the two tables):

- ``sms_numbers``: numbers that must not be texted (opted out, invalid, landline), with the code.
  An opted-out number gets printouts instead; an invalid or landline one is shown in
  ``carekiosk status`` (:func:`sms_problems`, through :mod:`print_notices.notifier.problems`) until
  someone fixes the number.
- ``sms_deliveries``: the latest status the provider reported for each message (status callbacks),
  mirrored into ``notices_log`` so a failed delivery is visible where the notice was logged.

Every function takes that ``log`` (anything with ``.conn`` and ``.transaction()`` over that file).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

#: provider statuses that mean the text did not arrive
FAILED = {"failed", "undelivered", "permanent-failure", "temporary-failure", "technical-failure"}
#: Twilio delivery error codes that mean the number itself is the problem
UNDELIVERABLE_CODES = {"30003": "undeliverable", "30005": "invalid", "30006": "landline", "21610": "opted_out"}

_ORDER = ["queued", "accepted", "sending", "sent", "created", "delivered", "undelivered", "failed",
          "permanent-failure", "temporary-failure", "technical-failure"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record_problem(log, number: str, state: str, *, code: object = None, detail: str | None = None,
                   provider: str | None = None) -> None:
    """Remember that ``number`` must not be texted (an opt-out overrides other states)."""
    now = _now()
    with log.transaction() as c:
        c.execute(
            "INSERT INTO sms_numbers (number, state, code, detail, provider, first_seen, updated_at)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(number) DO UPDATE SET"
            " state = CASE WHEN sms_numbers.state = 'opted_out' THEN 'opted_out' ELSE excluded.state END,"
            " code = excluded.code, detail = excluded.detail, provider = excluded.provider,"
            " updated_at = excluded.updated_at",
            (number, state, None if code is None else str(code), detail, provider, now, now),
        )


def suppression(log, number: str) -> str | None:
    """Why ``number`` must not be texted (``opted_out``, ``invalid``, ...), or None if it may be."""
    row = log.conn.execute("SELECT state FROM sms_numbers WHERE number = ?", (number,)).fetchone()
    return row[0] if row else None


def clear(log, number: str) -> bool:
    """Forget a problem (the number was corrected, or the person opted back in by texting START)."""
    with log.transaction() as c:
        return c.execute("DELETE FROM sms_numbers WHERE number = ?", (number,)).rowcount > 0


def sms_problems(log) -> list[dict[str, Any]]:
    """Numbers with a problem, for ``carekiosk status``: [{number, state, code, detail, provider, since}]."""
    rows = log.conn.execute(
        "SELECT number, state, code, detail, provider, first_seen, updated_at FROM sms_numbers ORDER BY first_seen,"
        " number").fetchall()
    return [dict(zip(("number", "state", "code", "detail", "provider", "since", "updated_at"), row)) for row in rows]


def record_status_callback(log, params: Mapping[str, Any]) -> dict[str, Any]:
    """Record a delivery status callback from Twilio (form fields ``MessageSid``, ``MessageStatus``,
    ``To``, ``ErrorCode``) or Notify (JSON ``id``, ``status``, ``to``). Returns what was recorded.

    Callbacks can arrive out of order and more than once: a final state is never replaced by an
    earlier one. A failure whose code blames the number also flags the number.
    """
    if "MessageSid" in params or "SmsSid" in params:
        provider = "twilio"
        ref = params.get("MessageSid") or params.get("SmsSid")
        status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
        number = params.get("To")
        code = params.get("ErrorCode") or None
    else:
        provider = "notify"
        ref = params.get("id")
        status = (params.get("status") or "").lower()
        number = params.get("to")
        code = status if status in FAILED else None
    if not ref or not status:
        raise ValueError("a status callback needs a message id and a status")
    code = None if code in (None, "", "0") else str(code)
    now = _now()
    with log.transaction() as c:
        old = c.execute("SELECT status FROM sms_deliveries WHERE provider_ref = ?", (ref,)).fetchone()
        if old and _rank(old[0]) > _rank(status):
            return {"provider_ref": ref, "status": old[0], "ignored": status}
        c.execute(
            "INSERT INTO sms_deliveries (provider_ref, provider, number, status, error_code, updated_at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT(provider_ref) DO UPDATE SET status = excluded.status,"
            " error_code = COALESCE(excluded.error_code, sms_deliveries.error_code),"
            " number = COALESCE(excluded.number, sms_deliveries.number), updated_at = excluded.updated_at",
            (ref, provider, number, status, code, now),
        )
        if status in FAILED:
            c.execute("UPDATE notices_log SET status = 'failed', error = ? WHERE provider_ref = ?",
                      (f"{provider} delivery {status}" + (f" (code {code})" if code else ""), ref))
        elif status == "delivered":
            c.execute("UPDATE notices_log SET status = 'delivered' WHERE provider_ref = ?", (ref,))
    flagged = None
    if status in FAILED and number:
        flagged = UNDELIVERABLE_CODES.get(code or "")
        if provider == "notify" and status == "permanent-failure":
            flagged = "undeliverable"
        if flagged:
            record_problem(log, number, flagged, code=code, detail=f"delivery {status}", provider=provider)
    return {"provider_ref": ref, "status": status, "error_code": code, "flagged": flagged}


def delivery(log, provider_ref: str) -> dict[str, Any] | None:
    row = log.conn.execute(
        "SELECT provider_ref, provider, number, status, error_code, updated_at FROM sms_deliveries"
        " WHERE provider_ref = ?", (provider_ref,)).fetchone()
    return dict(zip(("provider_ref", "provider", "number", "status", "error_code", "updated_at"), row)) if row else None


def _rank(status: str) -> int:
    try:
        return _ORDER.index(status)
    except ValueError:
        return 0
