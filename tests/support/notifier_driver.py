"""The real ``carekiosk notify`` for the crash tests, with a frozen clock and, optionally, a step
observer that stops the process at a named point of the send path until the test SIGKILLs it.

    python tests/support/notifier_driver.py --now 2025-03-12T12:00:00+00:00 [--pause POINT[:N]] \\
        notify --once --server URL --key KEY --home HOME

It runs the ``carekiosk`` command itself (``kiosk.cli.main``: settings, the one-notifier lock, the
send log, exit codes), handing the notifier its clock and observer through click's context object
as the composition root allows. At the N-th time (default 1) the notifier reports POINT (one of
``print_notices.notifier.runner.STEPS``) it writes ``CAREKIOSK-PAUSED <point> <n>`` to stderr and
sleeps until killed.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime


class PauseAt:
    """An ``on_step`` observer that stops the process at the ``nth`` report of ``point``."""

    def __init__(self, point: str, nth: int = 1):
        self.point, self.nth, self.hits = point, nth, 0

    def __call__(self, name: str) -> None:
        if name != self.point:
            return
        self.hits += 1
        if self.hits != self.nth:
            return
        sys.stderr.write(f"CAREKIOSK-PAUSED {name} {self.hits}\n")
        sys.stderr.flush()
        while True:  # until the test's SIGKILL
            time.sleep(3600)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", required=True, help="the frozen clock (ISO 8601 with a UTC offset)")
    parser.add_argument("--pause", metavar="POINT[:N]", help="stop at the N-th time the notifier reaches POINT")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the carekiosk command line (notify ...)")
    args = parser.parse_args(argv)

    from kiosk.cli import main as carekiosk
    from print_notices.commands import NOTIFIER_CLOCK, NOTIFIER_ON_STEP
    from print_notices.notifier.runner import STEPS

    moment = datetime.fromisoformat(args.now)
    if moment.tzinfo is None:
        parser.error("--now needs a UTC offset, e.g. 2025-03-12T12:00:00+00:00")
    wiring = {NOTIFIER_CLOCK: lambda: moment}
    if args.pause:
        point, _, nth = args.pause.partition(":")
        if point not in STEPS:
            parser.error(f"--pause: {point!r} is not one of {', '.join(STEPS)}")
        wiring[NOTIFIER_ON_STEP] = PauseAt(point, int(nth or 1))
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    carekiosk.main(command, prog_name="carekiosk", obj=wiring)


if __name__ == "__main__":
    main()
