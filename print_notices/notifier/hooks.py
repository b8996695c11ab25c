"""Named points in the send path where a crash test can stop the notifier (test-only).

``CAREKIOSK_NOTIFY_TEST_PAUSE=after_provider_accept`` (or ``point:N`` for the N-th time the point is
reached) makes the process write ``CAREKIOSK-PAUSED <point> <n>`` to stderr and then sleep until it
is killed. Unset (always, outside tests), :func:`point` does nothing.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "CAREKIOSK_NOTIFY_TEST_PAUSE"
POINTS = ("after_intents", "before_send", "after_provider_accept", "after_mark_sent", "after_batch",
          "before_print", "after_print", "after_mark_printed")
_hits: dict[str, int] = {}


def point(name: str) -> None:
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] != int(nth or 1):
        return
    sys.stderr.write(f"CAREKIOSK-PAUSED {name} {_hits[name]}\n")
    sys.stderr.flush()
    while True:  # until the test's SIGKILL
        time.sleep(3600)
