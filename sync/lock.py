"""One sync at a time per device: the kiosk's background sync and a field worker's ``carekiosk sync``
may start together, and two runs would send the same batch twice (harmless — the service answers
``duplicate`` — but wasteful on a poor connection). An advisory file lock beside the database says
who is syncing; the lock goes with the process, so a killed sync never leaves it stuck."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UserError

EXIT_BUSY = 10


class SyncBusy(UserError):
    exit_code = EXIT_BUSY


@contextmanager
def sync_lock(database: str | os.PathLike) -> Iterator[None]:
    """Hold the device's sync lock, or raise :class:`SyncBusy` at once if another run holds it."""
    path = Path(f"{database}.sync-lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy("Another sync is already running on this device (the kiosk or a field worker); "
                           "try again in a minute.") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
