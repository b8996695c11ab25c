"""The platform interface (see :mod:`kiosk.platform`) and the start-up deadline every platform has."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Callable, Mapping

#: Escape and F1 never reach Kivy's own handlers (exit, settings panel) on any platform.
ESCAPE, F1 = 27, 282
#: the start-up deadline's exit status (docs/kiosk.md): the window never showed Welcome
EXIT_NO_WINDOW = 3
DEFAULT_STARTUP_DEADLINE = 60.0


class StartupDeadline:
    """Fail loudly instead of a black screen: if Welcome is not drawn within ``seconds`` of start,
    say so in one sentence and end the process (``on_expire``; default ``os._exit``) so a
    supervisor (systemd's ``Restart=always``) starts it afresh. ``met()`` disarms it."""

    def __init__(self, seconds: float, *, on_expire: Callable[[str], None] | None = None):
        self.seconds = float(seconds)
        self._on_expire = on_expire or _exit_with
        self._timer: threading.Timer | None = None
        self.expired = False

    def start(self) -> "StartupDeadline":
        if self.seconds > 0 and self._timer is None:
            self._timer = threading.Timer(self.seconds, self._expire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def met(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _expire(self) -> None:
        self.expired = True
        self._on_expire(
            f"carekiosk: the kiosk's window did not show Welcome within {self.seconds:g} s "
            "(the display or its OpenGL driver is not answering); stopping so it can be started again.")


def _exit_with(sentence: str) -> None:
    # Straight to fd 2: Kivy (KIVY_NO_CONSOLELOG) may have replaced sys.stderr.
    os.write(2, (sentence + "\n").encode("utf-8"))
    os._exit(EXIT_NO_WINDOW)


class Platform:
    """The hooks the kiosk calls; the defaults are the desktop's (do nothing special)."""

    name = "desktop"
    #: seconds between ``alive()`` calls from the Kivy clock; None: the platform does not want them
    alive_every: float | None = None

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.ready_sent = False

    def swallowed_keys(self) -> frozenset[int]:
        return frozenset({ESCAPE, F1})

    def environment_defaults(self) -> dict[str, str]:
        """Environment the window library needs here, set before Kivy loads (a value already set wins).

        On Linux: SDL2 in the Kivy wheel has no Wayland driver, and when it cannot open the X display
        (not up yet, or refusing us) it silently falls back to its *offscreen* driver, so the kiosk
        runs for ever drawing into nothing - a black screen with the process alive. Asking for X11
        alone (and Kivy's SDL2 window alone) turns that into an exit within seconds."""
        if sys.platform.startswith("linux"):
            return {"SDL_VIDEODRIVER": "x11", "KIVY_WINDOW": "sdl2"}
        return {}

    def prepare_environment(self) -> None:
        for key, value in self.environment_defaults().items():
            os.environ.setdefault(key, value)

    def swallows_key(self, key: int) -> bool:
        """True for keys a visitor must not be able to use (leave the app, open settings)."""
        return key in self.swallowed_keys()

    def data_home(self) -> Path | None:
        """Where settings and data live if the platform decides (None: ``CAREKIOSK_HOME`` or the
        user's folders, see :class:`sync.paths.Paths`)."""
        return None

    def window_ready(self) -> None:
        """Welcome has been drawn for the first time."""
        self.ready_sent = True

    def alive(self) -> None:
        """The UI thread is running (called from the Kivy clock)."""

    def stopping(self) -> None:
        """The kiosk is shutting down on purpose."""

    def status(self, text: str) -> None:
        """A short, story-free line for the supervisor's status display."""
