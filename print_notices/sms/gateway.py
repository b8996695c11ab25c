"""One text, end to end: skip numbers that must not be texted, send with backoff, remember what the
provider said about the number (in ``log``, the notifier's send log: see
:mod:`print_notices.sms.suppressions`). The notifier uses :func:`deliver`; its answer says whether a
printout must stand in for the text, or (``unknown``) whether the provider must first be asked if
the text went before it may be sent again."""

from __future__ import annotations

from dataclasses import dataclass

from . import suppressions
from sync.retry import Retry

from .base import (Ambiguous, InvalidNumber, OptedOut, PermanentFailure, Sender, SendResult, TemporaryFailure,
                   send_with_backoff)
from .gsm7 import fits_one_segment


@dataclass(frozen=True)
class Outcome:
    status: str  # sent | opted_out | invalid | retry_later (surely not sent) | unknown (may have gone) | failed
    result: SendResult | None = None
    detail: str | None = None

    @property
    def print_instead(self) -> bool:
        """The reader will not get this text; the notifier prints its twin notice instead."""
        return self.status in {"opted_out", "invalid", "failed"}


def deliver(log, sender: Sender, to: str, body: str, *, reference: str | None = None,
            retry: Retry | None = None) -> Outcome:
    if not fits_one_segment(body):
        raise ValueError("an SMS body must fit one GSM-7 segment; compose it with print_notices.sms.messages")
    blocked = suppressions.suppression(log, to)
    if blocked == "opted_out":
        return Outcome("opted_out", detail="the number opted out of texts")
    if blocked:
        return Outcome("invalid", detail=f"the number is flagged as {blocked}")
    try:
        result = send_with_backoff(sender, to, body, reference=reference, retry=retry)
    except OptedOut as exc:
        suppressions.record_problem(log, to, "opted_out", code=exc.code, detail=str(exc), provider=sender.name)
        return Outcome("opted_out", detail=str(exc))
    except InvalidNumber as exc:
        suppressions.record_problem(log, to, exc.kind, code=exc.code, detail=str(exc), provider=sender.name)
        return Outcome("invalid", detail=str(exc))
    except TemporaryFailure as exc:
        return Outcome("retry_later", detail=str(exc))
    except Ambiguous as exc:
        return Outcome("unknown", detail=str(exc))
    except PermanentFailure as exc:
        return Outcome("failed", detail=str(exc))
    return Outcome("sent", result=result)
