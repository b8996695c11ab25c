"""The SQLite plumbing the device store and the moderation service share: a durable connection
(WAL, ``synchronous=FULL``, foreign keys, busy timeout), bounded retries while another process
holds the write lock, ``BEGIN IMMEDIATE`` transactions, and forward migrations counted in
``PRAGMA user_version``. One copy, so both ends make the same promises about a saved story."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
Migration = Callable[[sqlite3.Connection], None]

LOCK_RETRY_SECONDS = 30.0
#: the waits between tries while the write lock is held: 0-10 ms at first, doubling to at most 0.5 s
LOCK_BACKOFF = {"base": 0.01, "cap": 0.5, "max_retry_after": None}


def is_lock_error(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def retry_locked(fn: Callable[[], T], *, seconds: float = LOCK_RETRY_SECONDS) -> T:
    """Run ``fn`` again while another process holds the write lock (bounded, with full jitter: the
    one retry policy, :mod:`sync.retry`), so a person never sees "database is locked" because the
    kiosk and a sync ran at the same moment. The usual case, nobody else writing, is one plain call:
    no retry machinery is loaded (the kiosk starts faster) or run (every transaction uses this)."""
    try:
        return fn()
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
    from .retry import Backoff, Retry

    return Retry(Backoff(**LOCK_BACKOFF), max_seconds=seconds).call(
        fn, retry_on=lambda exc: isinstance(exc, sqlite3.OperationalError) and is_lock_error(exc))


def connect_private(path: str | os.PathLike, *, timeout: float) -> sqlite3.Connection:
    """Open a database readable by its owner only. The file is created 0600 *before* SQLite opens
    it, because SQLite gives the ``-wal`` and ``-shm`` files the main file's mode when it creates
    them: a later ``chmod`` of the main file would leave a world-readable write-ahead log."""
    path = Path(path)
    # Only a file that does not exist yet is created here (O_EXCL). Opening and closing an existing
    # database file would be harmful: POSIX drops *all* of a process's fcntl locks on a file when any
    # of its descriptors for that file is closed, so another SQLite connection of this process (a
    # pooled one, or the kiosk's background sync) would silently lose its locks, and another process
    # could then checkpoint or delete the write-ahead log under it ("disk I/O error", lost writes).
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
        except FileNotFoundError:
            pass
    return sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)


def setup_durable(conn: sqlite3.Connection, busy_timeout_ms: int) -> str:
    """WAL + ``synchronous=FULL`` + foreign keys + busy timeout; returns the journal mode obtained."""
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return mode


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (durable on return); rolled back on any error."""
    retry_locked(lambda: conn.execute("BEGIN IMMEDIATE"))
    try:
        yield conn
        retry_locked(lambda: conn.execute("COMMIT"))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def run_script(conn: sqlite3.Connection, sql: str) -> None:
    """DDL statement by statement: ``executescript`` would commit the migration's open transaction."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration], *, upto: int | None = None,
            too_new: Callable[[int], Exception], on_new: Migration | None = None) -> int:
    """Run every migration the file has not had yet, each in its own transaction; returns the version.
    A new file (version 0) gets them all in one transaction: one durable commit instead of one per
    migration (the kiosk's first start on a fresh data folder), and there is nothing older to keep
    if one fails. ``on_new`` runs last in that transaction (the first rows a new file needs).

    Foreign keys are off while migrating (SQLite's way to rebuild a table; it can only be switched
    outside a transaction) and fully checked inside the transaction after each migration.
    Two processes opening an old file at once are fine: the loser sees the new version and skips.
    """
    latest = len(migrations)
    upto = latest if upto is None else upto
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > latest:
        raise too_new(current)
    if current >= upto:
        return current
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        steps = [range(1, upto + 1)] if current == 0 else [range(n, n + 1) for n in range(current + 1, upto + 1)]
        for step in steps:
            retry_locked(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                found = conn.execute("PRAGMA user_version").fetchone()[0]
                if found >= step[-1]:  # another process did it
                    conn.execute("ROLLBACK")
                    continue
                for number in step:
                    if number <= found:
                        continue
                    migrations[number - 1](conn)
                    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                        raise sqlite3.IntegrityError(f"migration {number} would break a foreign key")
                if found == 0 and on_new is not None:
                    on_new(conn)
                conn.execute(f"PRAGMA user_version = {step[-1]}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return upto


class SharedConnection:
    """One connection shared by a service's threads, serialised by a lock (SQLite writes are serial
    anyway, and this keeps each caller's reads consistent with its writes). Subclasses set
    ``self.conn`` and call ``super().__init__()``."""

    conn: sqlite3.Connection

    def __init__(self) -> None:
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (durable on return); rolled back on any error."""
        with self.lock, immediate(self.conn) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn
