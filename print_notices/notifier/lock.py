"""One notifier per data folder: two ``carekiosk notify`` processes on the same ``notifier.sqlite3``
would both send every due text. An advisory ``flock`` on ``notifier.sqlite3.lock`` beside the log
says who is running (the same approach as ``sync/lock.py``); it is non-blocking, and the kernel
releases it when the process dies, so a killed notifier never leaves it stuck."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sync.errors import UserError

EXIT_BUSY = 10
SUFFIX = ".lock"


class NotifierBusy(UserError):
    exit_code = EXIT_BUSY


@contextmanager
def notifier_lock(ledger_path: str | os.PathLike) -> Iterator[Path]:
    """Hold the data folder's notifier lock, or raise :class:`NotifierBusy` at once."""
    path = Path(f"{ledger_path}{SUFFIX}")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NotifierBusy("Another carekiosk notify is already running for this data folder.") from None
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
