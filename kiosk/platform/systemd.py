"""``sd_notify(3)``: tell systemd we are ready, alive (watchdog) or stopping.

The protocol is one datagram of ``KEY=VALUE`` lines to the ``AF_UNIX`` socket named in
``$NOTIFY_SOCKET`` (a leading ``@`` means Linux's abstract namespace). It is this small and fixed
(systemd documents it as a stable interface), so we send it ourselves rather than depend on
libsystemd, which the tablet builds do not have.
"""

from __future__ import annotations

import os
import socket
from typing import Mapping


def notify_socket(environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    return env.get("NOTIFY_SOCKET") or None


def sd_notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``state`` (e.g. ``"READY=1"``, ``"WATCHDOG=1"``); False when no supervisor listens."""
    address = notify_socket(environ)
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError:
        return False


def watchdog_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    """The service's ``WatchdogSec`` as systemd passes it (``$WATCHDOG_USEC``, for our pid), or None."""
    env = os.environ if environ is None else environ
    # WATCHDOG_PID names the unit's main process, which is cage (we are its child): the unit's
    # NotifyAccess=all lets us ping for it, so the pid is not checked here.
    usec = env.get("WATCHDOG_USEC")
    if not usec:
        return None
    try:
        value = int(usec)
    except ValueError:
        return None
    return value / 1_000_000 if value > 0 else None
