"""The service's database: one SQLAlchemy Engine, made by :func:`make_engine` from the data folder
(the embedded default: one SQLite file, ``service.sqlite3``) or from a database URL.

SQLite keeps the promises it made before SQLAlchemy:

- the file is created owner-only (0600) before SQLite opens it, so its ``-wal`` and ``-shm`` are too;
- WAL + ``synchronous=FULL``: a batch acknowledged to a device has reached the disk; foreign keys on;
- writes run in ``BEGIN IMMEDIATE`` (SQLAlchemy's documented pysqlite recipe: the driver in
  autocommit mode, our own BEGIN from the ``begin`` event), retried for a bounded time while another
  process writes, and the busy timeout lets ``carekiosk admin`` write while ``carekiosk serve`` runs.

Readers each take a pooled connection and run side by side under WAL (each in a ``BEGIN`` that
gives it one consistent snapshot); writers in one process queue on a lock, since SQLite writes one
at a time anyway and a lock hands over sooner than SQLite's busy handler polls. The schema is
brought up to date on open (``migrations``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator

import platformdirs
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.pool import QueuePool

from sync.errors import UserError
from sync.paths import APP_NAME, HOME_ENV, private_folder
from sync.sqlite_durable import connect_private, retry_locked, setup_durable

BUSY_TIMEOUT_MS = 10_000
DB_FILE = "service.sqlite3"
#: Connections kept open, and how many more a burst may open (up to the web server's 40 worker threads).
POOL_SIZE = 8
POOL_OVERFLOW = 32
WRITE = "carekiosk_write"  # the execution option that makes a transaction BEGIN IMMEDIATE


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """``--data-dir``, else ``CAREKIOSK_HOME``, else the platform's data folder + ``/service``."""
    if data_dir:
        root = Path(data_dir)
    elif os.environ.get(HOME_ENV):
        root = Path(os.environ[HOME_ENV])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "service"
    return root.expanduser().resolve()


def ensure_data_dir(data_dir: Path) -> Path:
    return private_folder(data_dir)  # the folder holds the story database: 0700, tightened if it was open


# -- the engine ------------------------------------------------------------------------------

def make_engine(target: str | os.PathLike) -> Engine:
    """The one place an Engine is made: ``target`` is a data folder (its ``service.sqlite3``), a
    ``sqlite:///…`` URL, or another database URL (PostgreSQL arrives here; see issue 15)."""
    text = os.fspath(target)
    if "://" not in text:
        return _sqlite_engine(ensure_data_dir(Path(text)) / DB_FILE)
    url = make_url(text)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise UserError("The service database must be a file, not an in-memory SQLite database.")
        return _sqlite_engine(Path(url.database).expanduser().resolve())
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True)


def _sqlite_engine(path: Path) -> Engine:
    def connect() -> sqlite3.Connection:
        try:
            conn = connect_private(path, timeout=BUSY_TIMEOUT_MS / 1000)  # isolation_level=None
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"The service database {path} cannot be opened ({exc}).") from None
        try:
            mode = retry_locked(lambda: setup_durable(conn, BUSY_TIMEOUT_MS))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(f"The service database {path} is damaged or not a database ({exc}).") from None
        if mode.lower() != "wal":
            conn.close()
            raise UserError(f"The service database {path} cannot use write-ahead logging.")
        return conn

    engine = create_engine(f"sqlite+pysqlite:///{path}", creator=connect, poolclass=QueuePool,
                           pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=30)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(conn: Connection) -> None:
    """Our own BEGIN (the driver emits none): IMMEDIATE for writes, so a writer takes the lock up
    front instead of failing half-way, retried while another process holds it; DEFERRED for reads."""
    statement = "BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN"
    dbapi = conn.connection.dbapi_connection
    retry_locked(lambda: dbapi.execute(statement))


# -- the database ----------------------------------------------------------------------------

class Database:
    """The service's database: ``read()`` and ``transaction()`` lend a SQLAlchemy Connection."""

    def __init__(self, target: str | os.PathLike, *, migrate: bool = True):
        self.engine = make_engine(target)
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.path: Path | None = Path(self.engine.url.database) if self.sqlite else None
        self._writer = self.engine.execution_options(**{WRITE: True})
        self._write_lock = threading.RLock() if self.sqlite else nullcontext()
        if migrate:
            from . import migrations

            try:
                migrations.upgrade(self)
            except SQLAlchemyDatabaseError as exc:
                self.close()
                raise UserError(f"The service database {self.where} is damaged or not a database "
                                f"({getattr(exc, 'orig', exc)}).") from None
            except BaseException:
                self.close()
                raise

    @property
    def where(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit of work: one consistent snapshot, beside any writer."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write: ``BEGIN IMMEDIATE`` … ``COMMIT`` (durable on return); rolled back on any error."""
        with self._write_lock, self._writer.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def schema_transaction(self) -> Iterator[Connection]:
        """A write for a migration. On SQLite foreign keys are off meanwhile (SQLite's way to rebuild
        a table; switchable only outside a transaction) and fully checked before it commits."""
        with self._write_lock, self._writer.connect() as conn:
            raw = conn.connection.dbapi_connection if self.sqlite else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    yield conn
                    if raw is not None and raw.execute("PRAGMA foreign_key_check").fetchone() is not None:
                        raise UserError("A schema migration would break a link between the service's records; "
                                        "nothing was changed.")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys = ON")
