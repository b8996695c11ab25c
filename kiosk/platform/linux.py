"""The Linux kiosk appliance (deploy/linux/carekiosk-kiosk.service): cage shows only us, systemd
restarts us. We tell systemd when Welcome is first drawn (``READY=1``; the unit is ``Type=notify``)
and that the UI thread still runs (``WATCHDOG=1`` from the Kivy clock, at a third of
``WatchdogSec``), so a frozen kiosk is killed and started again. Crashes are logged to the journal
by type and place only: an exception's message could quote what a visitor typed."""

from __future__ import annotations

import sys
import traceback
from typing import Mapping

from .base import Platform
from .systemd import sd_notify, watchdog_seconds

#: when systemd gives no WatchdogSec, ping this often anyway (harmless; no supervisor, no socket)
DEFAULT_ALIVE_EVERY = 10.0


class LinuxPlatform(Platform):
    name = "linux"

    def __init__(self, environ: Mapping[str, str] | None = None):
        super().__init__(environ)
        watchdog = watchdog_seconds(self.environ)
        self.alive_every = max(1.0, watchdog / 3) if watchdog else DEFAULT_ALIVE_EVERY
        self.pings = 0
        install_story_free_excepthook()

    def _notify(self, state: str) -> bool:
        return sd_notify(state, self.environ)

    def window_ready(self) -> None:
        super().window_ready()
        self._notify("READY=1\nSTATUS=Welcome is showing")

    def alive(self) -> None:
        if self._notify("WATCHDOG=1"):
            self.pings += 1

    def stopping(self) -> None:
        self._notify("STOPPING=1")

    def status(self, text: str) -> None:
        self._notify(f"STATUS={text}")


def story_free_traceback(exc_type, exc, tb) -> str:
    """The traceback without the exception's message (file, line and function names only)."""
    lines = ["Traceback (most recent call last; the message is left out: it could hold a story's words):\n"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n')
    lines.append(f"{exc_type.__module__}.{exc_type.__qualname__}\n")
    return "".join(lines)


def _hook(exc_type, exc, tb) -> None:
    sys.stderr.write(story_free_traceback(exc_type, exc, tb))
    sys.stderr.flush()


def install_story_free_excepthook() -> None:
    sys.excepthook = _hook
