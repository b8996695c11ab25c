"""The one retry policy: capped exponential backoff with full jitter, ``Retry-After`` honoured, built
on tenacity. Device sync, bundle import, the SMS senders and the SQLite write lock all retry through
:class:`Retry`, so they make the same promises about how long they wait and when they stop.

Full jitter (a uniformly random wait between 0 and ``min(cap, base * 2**n)`` before the n-th retry,
n from 0) spreads many kiosks that lost the same Wi-Fi at the same moment, so they do not all come
back at once. When the other side says ``Retry-After``, we wait at least that long; a
``Retry-After`` longer than ``max_retry_after`` means "not in this run": the call gives up and the
caller tries again later (the next sync, the notifier's next pass).

Sleeping, the clock and the random numbers are injectable, so tests run fast and repeatably.
"""

from __future__ import annotations

import math
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, TypeVar

import tenacity
from tenacity import wait_exponential, wait_random_exponential

T = TypeVar("T")


_DELTA_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if _DELTA_SECONDS.fullmatch(value):  # ASCII digits only: float() would also read "١٢٠", "1_20", "1e3"
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def retry_after_of(exc: BaseException | None) -> float | None:
    """The ``retry_after`` an error carries (the client's and the SMS senders' errors do), if any."""
    value = getattr(exc, "retry_after", None)
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


@dataclass(frozen=True)
class Stopped:
    """Why a retried call gave up: ``attempts`` ran out, the other side asked for a ``retry_after``
    longer than we wait, or the next wait would end past the ``deadline``."""

    reason: str  # "attempts" | "retry_after" | "deadline"
    attempts: int
    retry_after: float | None = None


class Backoff(wait_random_exponential):
    """tenacity's full-jitter wait, with ``Retry-After`` as a floor and an injectable ``rng``.

    ``wait_random_exponential`` draws ``uniform(0, min(max, multiplier * 2**(attempt - 1)))`` from
    the global :mod:`random`; this draws the same from ``rng`` so a test can pin it."""

    def __init__(self, base: float = 0.5, cap: float = 30.0, *, max_retry_after: float | None = 300.0,
                 rng: random.Random | None = None):
        super().__init__(multiplier=base, max=cap)
        self.base, self.cap = float(base), float(cap)
        self.max_retry_after = max_retry_after
        self.rng = rng or random.Random()

    def ceiling(self, retry: int) -> float:
        """The largest jittered wait before the ``retry``-th retry (0-based)."""
        return wait_exponential.__call__(self, _Attempt(retry + 1))

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        wait = self.rng.uniform(0, self.ceiling(retry))
        return wait if retry_after is None else max(wait, retry_after)

    def too_long(self, retry_after: float | None) -> bool:
        return retry_after is not None and self.max_retry_after is not None and retry_after > self.max_retry_after

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        return self.delay(retry_state.attempt_number - 1, retry_after_of(exc))


@dataclass
class _Attempt:
    """Just enough of a ``RetryCallState`` for tenacity's wait arithmetic."""

    attempt_number: int


@dataclass
class Retry:
    """Try ``fn`` again after the failures ``retry_on`` names, waiting a :class:`Backoff` between
    tries, until it works or a limit is reached: ``max_attempts`` tries in all, a ``deadline``
    (a ``clock()`` value no wait may end after) or ``max_seconds`` from the first try. ``None`` means
    no such limit. Every wait is appended to ``waits`` when a list is given (a report reads it)."""

    backoff: Backoff = field(default_factory=Backoff)
    max_attempts: int | None = None
    deadline: float | None = None
    max_seconds: float | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    waits: list[float] | None = None

    def _sleep(self, seconds: float) -> None:
        if self.waits is not None:
            self.waits.append(seconds)
        if seconds > 0:
            self.sleep(seconds)

    def _stop_reason(self, state: tenacity.RetryCallState, started: float) -> Stopped | None:
        exc = state.outcome.exception() if state.outcome else None
        attempts, retry_after = state.attempt_number, retry_after_of(exc)
        if self.max_attempts is not None and attempts >= max(1, int(self.max_attempts)):
            return Stopped("attempts", attempts, retry_after)
        if self.backoff.too_long(retry_after):
            return Stopped("retry_after", attempts, retry_after)
        wake = self.clock() + state.upcoming_sleep  # tenacity computes the wait before asking stop
        if self.deadline is not None and wake > self.deadline:
            return Stopped("deadline", attempts, retry_after)
        if self.max_seconds is not None and wake - started > self.max_seconds:
            return Stopped("deadline", attempts, retry_after)
        return None

    def call(self, fn: Callable[[], T], *,
             retry_on: type[BaseException] | tuple[type[BaseException], ...] | Callable[[BaseException], bool],
             on_failure: Callable[[BaseException], None] | None = None,
             give_up: Callable[[BaseException, Stopped], BaseException] | None = None) -> T:
        """``fn()``, retried. Errors ``retry_on`` does not name are raised at once. ``on_failure`` sees
        every retryable failure (the last one too). When a limit is reached the last error is raised,
        or what ``give_up(last_error, why)`` returns."""
        if isinstance(retry_on, type) or isinstance(retry_on, tuple):
            kinds = retry_on
            retry_on = lambda exc: isinstance(exc, kinds)  # noqa: E731
        started = self.clock()
        stopped: list[Stopped] = []

        def stop(state: tenacity.RetryCallState) -> bool:
            why = self._stop_reason(state, started)
            if why is not None:
                stopped.append(why)
            return why is not None

        def gave_up(state: tenacity.RetryCallState):
            exc = state.outcome.exception()
            if give_up is None:
                raise exc
            raise give_up(exc, stopped[-1]) from None

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(retry_on), wait=self.backoff, stop=stop, sleep=self._sleep,
            after=(lambda state: on_failure(state.outcome.exception())) if on_failure else None,
            retry_error_callback=gave_up)
        return retrying(fn)
