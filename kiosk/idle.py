"""The idle timer, as plain logic the app polls (so tests can drive it with a fake clock).

A visit left alone for ``timeout`` seconds shows "Are you still there?" for ``countdown`` seconds;
if nobody touches the screen the draft is wiped and Welcome returns. While the person is typing
(story or contact screen) the timeout is never under ``typing_minimum`` (60 s): slow typists are
not interrupted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

DEFAULT_TIMEOUT = 90.0
DEFAULT_COUNTDOWN = 15.0
TYPING_MINIMUM = 60.0
THANKS_SECONDS = 40.0  # two numbers to note down (the reference and the reply code)

ACTIVE = "active"
WARNING = "warning"
EXPIRED = "expired"


@dataclass
class IdleTimer:
    timeout: float = DEFAULT_TIMEOUT
    countdown: float = DEFAULT_COUNTDOWN
    typing_minimum: float = TYPING_MINIMUM
    clock: Callable[[], float] = field(default=time.monotonic)
    typing: bool = False

    def __post_init__(self) -> None:
        self.last_activity = self.clock()

    @property
    def effective_timeout(self) -> float:
        return max(self.timeout, self.typing_minimum) if self.typing else self.timeout

    def touch(self) -> None:
        """Someone touched the screen or pressed a key."""
        self.last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    def state(self) -> str:
        idle = self.idle_for()
        limit = self.effective_timeout
        if idle < limit:
            return ACTIVE
        if idle < limit + self.countdown:
            return WARNING
        return EXPIRED

    def seconds_left(self) -> int:
        """Whole seconds of the countdown left (shown on "Are you still there?")."""
        left = self.effective_timeout + self.countdown - self.idle_for()
        return max(0, int(left + 0.999))


def clamp_timeout(value, default: float = DEFAULT_TIMEOUT, minimum: float = 10.0) -> float:
    """A timeout from the settings file: a number of seconds, not silly-small; else the default."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return default
    if seconds != seconds or seconds <= 0:
        return default
    return max(minimum, seconds)
