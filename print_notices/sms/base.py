"""The one small interface every SMS provider implements, and what a send can come back with.

A sender turns a provider's answer into exactly one of: a :class:`SendResult` (accepted), or one of
the errors below, so callers never look at provider error codes themselves:

- :class:`OptedOut` - the number has opted out (Twilio 21610): stop texting it, print instead.
- :class:`InvalidNumber` - not a number that can get texts (Twilio 21211 invalid, 21614 landline).
- :class:`TemporaryFailure` - rate limited (429) or the provider is down (5xx, no connection): try
  again later, after ``retry_after`` seconds if the provider said so.
- :class:`PermanentFailure` - anything else the provider refused (bad credentials, bad request).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol, runtime_checkable


@dataclass(frozen=True)
class SendResult:
    provider: str
    provider_ref: str  # Twilio message SID / Notify notification id
    status: str = "accepted"
    to: str = ""
    segments: int | None = None


class SmsError(Exception):
    """A send that did not succeed. ``code`` is the provider's code (e.g. 21610), when there is one."""

    permanent = True

    def __init__(self, message: str, *, code: int | str | None = None, status: int | None = None,
                 to: str | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.code = code
        self.status = status
        self.to = to
        self.retry_after = retry_after


class OptedOut(SmsError):
    """The recipient replied STOP (or equivalent): do not text them again; print instead."""


class InvalidNumber(SmsError):
    """The number cannot receive texts: not a valid number, or a landline."""

    def __init__(self, message: str, *, kind: str = "invalid", **kw):
        super().__init__(message, **kw)
        self.kind = kind  # "invalid" or "landline"


class TemporaryFailure(SmsError):
    """Rate limited or provider trouble: the same send may succeed later."""

    permanent = False


class PermanentFailure(SmsError):
    """Refused for a reason retrying will not fix (credentials, account, malformed request)."""


@runtime_checkable
class Sender(Protocol):
    name: str

    def send(self, to: str, body: str, *, reference: str | None = None) -> SendResult:
        """Hand one text to the provider. Raises an :class:`SmsError` subclass when not accepted."""
        ...


@dataclass
class Backoff:
    """Capped exponential backoff with full jitter, honouring ``Retry-After`` (kept under ``cap``)."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.cap)
        return self.rng.uniform(0, min(self.cap, self.base * 2 ** attempt))


def send_with_backoff(sender: Sender, to: str, body: str, *, reference: str | None = None,
                      backoff: Backoff | None = None) -> SendResult:
    """``sender.send`` again after 429/5xx/connection trouble; other errors are raised at once.

    After the last attempt the :class:`TemporaryFailure` is raised, so the caller keeps the message
    queued and tries again on its next run.
    """
    backoff = backoff or Backoff()
    for attempt in range(backoff.attempts):
        try:
            return sender.send(to, body, reference=reference)
        except TemporaryFailure as exc:
            if attempt == backoff.attempts - 1:
                raise
            backoff.sleep(backoff.delay(attempt, exc.retry_after))
    raise AssertionError("unreachable")


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, moment.timestamp() - time.time())
