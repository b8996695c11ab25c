"""Capped exponential backoff with full jitter, honouring ``Retry-After``.

Full jitter (a uniformly random wait between 0 and ``min(cap, base * 2**attempt)``) spreads many
kiosks that lost the same Wi-Fi at the same moment, so they do not all come back at once. When the
service says ``Retry-After``, we wait at least that long; a ``Retry-After`` longer than
``max_retry_after`` means "not in this run" and the caller should stop and try again later.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return max(0.0, seconds)


@dataclass
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    max_retry_after: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, attempt: int) -> float:
        """The largest wait for the ``attempt``-th retry (0-based)."""
        return min(self.cap, self.base * (2 ** min(attempt, 62)))

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wait = self.rng.uniform(0, self.ceiling(attempt))
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait

    def too_long(self, retry_after: float | None) -> bool:
        return retry_after is not None and retry_after > self.max_retry_after


@dataclass
class Sleeper:
    """Injectable sleeping and clock; records every wait (tests read ``waits``)."""

    sleep: "callable" = time.sleep
    clock: "callable" = time.monotonic
    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if seconds > 0:
            self.sleep(seconds)
