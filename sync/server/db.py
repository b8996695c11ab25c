"""The service's database: one SQLAlchemy Engine, made by :func:`make_engine` from the data folder
(the embedded default: one SQLite file, ``service.sqlite3``) or from a database URL: a
``postgresql://`` URL (``CAREKIOSK_DATABASE_URL`` or ``--database-url``) puts the service on
PostgreSQL through psycopg 3, for many homes and several instances (docs/server.md). The key pair
and the other files stay in the data folder either way.

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

PostgreSQL runs every transaction at READ COMMITTED; what several instances must agree on is made
safe by locks taken where it matters (rows ``FOR UPDATE``, the per-home event head, an advisory lock
for migrations), not by a stricter isolation level that would make callers retry. After
PostgreSQL restarts the pool notices the first broken connection and replaces them all, so the
service carries on by itself; while it is unreachable, :func:`unavailable` tells the app to answer 503.
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
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import QueuePool

from sync.errors import UserError
from sync.paths import APP_NAME, HOME_ENV, private_folder
from sync.sqlite_durable import connect_private, is_lock_error, retry_locked, setup_durable

BUSY_TIMEOUT_MS = 10_000
DB_FILE = "service.sqlite3"
#: Connections kept open, and how many more a burst may open (up to the web server's 40 worker threads).
POOL_SIZE = 8
POOL_OVERFLOW = 32
WRITE = "carekiosk_write"  # the execution option that makes a transaction BEGIN IMMEDIATE
#: Where the service's database is, when it is not the SQLite file in the data folder.
DATABASE_URL_ENV = "CAREKIOSK_DATABASE_URL"
#: How long to wait for PostgreSQL to accept a connection before answering 503.
CONNECT_TIMEOUT_S = 5
#: The advisory lock every migration takes on PostgreSQL (an arbitrary constant: "ck" + "mg").
MIGRATION_LOCK = 0x636B6D67


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


def database_url(given: str | None = None) -> str | None:
    """``--database-url``, else ``CAREKIOSK_DATABASE_URL``, else None (the SQLite file in the data folder)."""
    chosen = (given or os.environ.get(DATABASE_URL_ENV) or "").strip()
    return chosen or None


def database_target(data_dir: str | os.PathLike, given_url: str | None = None) -> str | os.PathLike:
    """What :func:`make_engine` is given for a data folder: the database URL if one is set, else the folder."""
    return database_url(given_url) or data_dir


def unavailable(exc: BaseException) -> bool:
    """Is this the database being out of reach (down, restarting, refusing connections, the pool
    exhausted), rather than a fault in a query? The app answers those with 503 and Retry-After."""
    if isinstance(exc, (PoolTimeout, DisconnectionError)):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if isinstance(exc.orig, sqlite3.Error):  # on SQLite, only "busy for too long" is the database being away
        return isinstance(exc.orig, sqlite3.OperationalError) and is_lock_error(exc.orig)
    return isinstance(exc, (OperationalError, InterfaceError))


# -- the engine ------------------------------------------------------------------------------

def make_engine(target: str | os.PathLike) -> Engine:
    """The one place an Engine is made: ``target`` is a data folder (its ``service.sqlite3``), a
    ``sqlite:///…`` URL, or a ``postgresql://…`` URL (psycopg 3)."""
    text = os.fspath(target)
    if "://" not in text:
        return _sqlite_engine(ensure_data_dir(Path(text)) / DB_FILE)
    try:
        url = make_url(text)
    except ArgumentError:
        raise UserError("The database URL is not in the form postgresql://user:password@host:port/database.") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise UserError("The service database must be a file, not an in-memory SQLite database.")
        return _sqlite_engine(Path(url.database).expanduser().resolve())
    if backend == "postgresql":
        return _postgresql_engine(url)
    raise UserError(f"The service database must be SQLite or PostgreSQL, not {backend}.")


def _postgresql_engine(url: URL) -> Engine:
    """psycopg 3 whatever driver the URL names (``postgresql://`` would mean psycopg2 to SQLAlchemy).

    No ``pool_pre_ping``: it would cost a round trip on every checkout. When PostgreSQL restarts,
    the first use of a pooled connection fails as a disconnect; SQLAlchemy then discards every
    connection made before it (so each later request connects afresh) and that one request is
    answered 503 with Retry-After, which the kiosks honour."""
    if url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=10, pool_recycle=3600,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "carekiosk"})


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


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- the database ----------------------------------------------------------------------------

class Database:
    """The service's database: ``read()`` and ``transaction()`` lend a SQLAlchemy Connection."""

    def __init__(self, target: str | os.PathLike, *, migrate: bool = True):
        """``target``: a data folder (its SQLite file) or a database URL; see :func:`database_target`."""
        self.engine = make_engine(target)
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.path: Path | None = Path(self.engine.url.database) if self.sqlite else None
        self._writer = self.engine.execution_options(**{WRITE: True})
        self._reader = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._write_lock = threading.RLock() if self.sqlite else nullcontext()
        if migrate:
            from . import migrations

            try:
                migrations.upgrade(self)
            except (SQLAlchemyDatabaseError, PoolTimeout, DisconnectionError) as exc:
                self.close()
                if unavailable(exc):
                    raise UserError(f"The service database {self.where} cannot be reached "
                                    f"({_first_line(exc)}).") from None
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
        """A read-only unit of work, beside any writer. On SQLite one consistent snapshot (a ``BEGIN``
        under WAL). On PostgreSQL each statement sees what was committed when it started (READ
        COMMITTED, as inside a transaction there), run without BEGIN/COMMIT: two round trips fewer
        per request, which is most of a small read's cost."""
        if self.sqlite:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        else:
            with self._reader.connect() as conn:
                yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write: ``BEGIN IMMEDIATE`` … ``COMMIT`` (durable on return); rolled back on any error."""
        with self._write_lock, self._writer.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def schema_transaction(self) -> Iterator[Connection]:
        """A write for a migration. On SQLite foreign keys are off meanwhile (SQLite's way to rebuild
        a table; switchable only outside a transaction) and fully checked before it commits; the
        write lock keeps other processes out. On PostgreSQL an advisory lock held to the end of the
        transaction does that, so several instances opening one empty database migrate it once."""
        with self._write_lock, self._writer.connect() as conn:
            raw = conn.connection.dbapi_connection if self.sqlite else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    if not self.sqlite:
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                    yield conn
                    if raw is not None and raw.execute("PRAGMA foreign_key_check").fetchone() is not None:
                        raise UserError("A schema migration would break a link between the service's records; "
                                        "nothing was changed.")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys = ON")
