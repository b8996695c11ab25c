"""What differs between the places the kiosk runs, behind one small interface.

The Kivy shell (``kiosk.app``) calls the same hooks everywhere; each platform decides what they do:

| hook | Linux appliance (systemd + cage) | Android tablet | desktop trial |
|---|---|---|---|
| ``window_ready()`` (first frame of Welcome drawn) | ``READY=1`` to systemd | keep screen on, immersive fullscreen, lock task | nothing |
| ``alive()`` (from the Kivy clock, every ``alive_every`` s) | ``WATCHDOG=1`` | nothing | nothing |
| ``swallows_key(key)`` | Escape, F1 | Back, Escape, F1 | Escape, F1 |
| ``data_home()`` | ``CAREKIOSK_HOME`` (``/var/lib/carekiosk``) | the app's private storage | the user's folders |
| ``stopping()`` | ``STOPPING=1`` | leave lock task | nothing |

Plain Python (no Kivy), so it is tested on any machine through the same interface:
``current()`` picks the implementation for this process.
"""

from __future__ import annotations

import os
import sys

from .base import Platform, StartupDeadline


def current(environ=None) -> Platform:
    """The platform this process runs on: Android (python-for-android sets ``ANDROID_ARGUMENT``),
    the Linux appliance when systemd supervises us (``NOTIFY_SOCKET``), else a desktop trial."""
    env = os.environ if environ is None else environ
    if "ANDROID_ARGUMENT" in env or "ANDROID_PRIVATE" in env:
        from .android import AndroidPlatform

        return AndroidPlatform(environ=env)
    if sys.platform.startswith("linux") and env.get("NOTIFY_SOCKET"):
        from .linux import LinuxPlatform

        return LinuxPlatform(environ=env)
    from .desktop import DesktopPlatform

    return DesktopPlatform(environ=env)


__all__ = ["Platform", "StartupDeadline", "current"]
