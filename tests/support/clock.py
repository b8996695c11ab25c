"""A clock the tests set by hand, handed to the service (``create_app(clock=...)``) or the notifier
in place of the real time: ``clock()`` is ``clock.now``; ``clock.advance(hours=73)`` moves it on."""

from __future__ import annotations

from datetime import datetime, timedelta


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += timedelta(**kw)
