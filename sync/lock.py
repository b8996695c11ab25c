"""One process at a time, by an advisory file lock (``filelock``: ``flock`` on Linux), for the two
jobs that must not run twice: a device's sync (the kiosk's background sync and a field worker's
``carekiosk sync`` may start together and would send the same batch twice) and the notifier (two
``carekiosk notify`` on one data folder would both send every due text).

The lock is taken without waiting (a second run says so at once), the lock file is readable by its
owner only, and the kernel releases the lock when the process dies, so a killed run never leaves
it stuck."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from .errors import UserError

EXIT_BUSY = 10


class Busy(UserError):
    """Another process holds the lock."""

    exit_code = EXIT_BUSY


class SyncBusy(Busy):
    pass


@contextmanager
def held(path: str | os.PathLike, busy: Busy) -> Iterator[Path]:
    """Hold the lock on ``path`` for the ``with`` block, or raise ``busy`` at once."""
    lock = FileLock(str(path), mode=0o600, blocking=False)
    try:
        lock.acquire()
    except Timeout:
        raise busy from None
    try:
        yield Path(path)
    finally:
        lock.release()


def sync_lock(database: str | os.PathLike):
    """Hold the device's sync lock, or raise :class:`SyncBusy` at once if another run holds it."""
    return held(f"{database}.sync-lock", SyncBusy(
        "Another sync is already running on this device (the kiosk or a field worker); try again in a minute."))
