"""The service's own SQLite database and where its data lives.

- WAL + ``synchronous=FULL``: a batch acknowledged to a device has reached the disk.
- Writes run in ``BEGIN IMMEDIATE`` transactions; the busy timeout lets ``carekiosk admin`` write
  to the same file while ``carekiosk serve`` runs.
- ``PRAGMA user_version`` counts the migrations run; change the schema only by appending one.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import platformdirs

from sync.errors import UserError
from sync.paths import APP_NAME, HOME_ENV
from sync.sqlite_durable import SharedConnection, connect_private, retry_locked, run_script, setup_durable
from sync.sqlite_durable import migrate as durable_migrate

BUSY_TIMEOUT_MS = 10_000
DB_FILE = "service.sqlite3"

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


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
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return data_dir


# -- schema ----------------------------------------------------------------------------------

def _v1(conn: sqlite3.Connection) -> None:
    run_script(conn, """
        CREATE TABLE homes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            manager_phone TEXT NOT NULL,
            public_interest_phone TEXT,
            roster_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        );
        CREATE TABLE enrol_codes (
            code_hash TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            device_id TEXT
        );
        CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,
            key_id TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('device', 'provider', 'moderator')),
            device_id TEXT,
            label TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE token_homes (
            token_hash TEXT NOT NULL REFERENCES tokens(token_hash),
            home_id TEXT NOT NULL REFERENCES homes(id),
            PRIMARY KEY (token_hash, home_id)
        );
        CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            label TEXT,
            enrolled_at TEXT NOT NULL
        );
        CREATE TABLE stories (
            uuid TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            home_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ref TEXT NOT NULL,
            created_hour TEXT NOT NULL,
            route TEXT NOT NULL,
            size INTEGER NOT NULL,
            payload_sha256 TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            chain_hash TEXT NOT NULL,
            sealed BLOB NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL,
            status_at TEXT NOT NULL,
            public_id TEXT UNIQUE,
            title TEXT,
            body TEXT,
            author_role TEXT,
            tags_json TEXT NOT NULL DEFAULT '[]',
            reason TEXT,
            level TEXT,
            decision_deadline TEXT,
            provider_decision TEXT,
            review_requested INTEGER NOT NULL DEFAULT 0,
            published_at TEXT,
            UNIQUE (device_id, seq)
        );
        CREATE INDEX stories_status ON stories(status);
        CREATE INDEX stories_home ON stories(home_id, status);
        CREATE INDEX stories_deadline ON stories(decision_deadline) WHERE status = 'awaiting_provider';
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            note TEXT
        );
        CREATE INDEX history_story ON history(story_uuid);
        CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            body TEXT NOT NULL,
            responder_name TEXT NOT NULL,
            responder_role TEXT NOT NULL,
            change_made TEXT,
            posted_at TEXT NOT NULL,
            key_id TEXT
        );
        CREATE INDEX responses_story ON responses(story_uuid);
        CREATE TABLE updates (
            id TEXT PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            body TEXT NOT NULL,
            posted_at TEXT NOT NULL
        );
        CREATE INDEX updates_story ON updates(story_uuid);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            home_id TEXT NOT NULL,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            story_uuid TEXT,
            ref TEXT,
            data_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_home ON events(home_id, id);
        CREATE TABLE integrity_flags (
            device_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            seq INTEGER NOT NULL,
            flagged_at TEXT NOT NULL,
            PRIMARY KEY (device_id, kind, seq)
        );
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        )
    """)


def _v2(conn: sqlite3.Connection) -> None:
    """Shares (printed/shared notices, for the engagement report) and each device's last contact."""
    run_script(conn, """
        CREATE TABLE shares (
            id TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            kind TEXT NOT NULL CHECK (kind IN ('notice', 'digest', 'poster', 'leaflet')),
            ref TEXT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX shares_home ON shares(home_id, at);
        ALTER TABLE devices ADD COLUMN last_seen_at TEXT
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    return durable_migrate(conn, MIGRATIONS, too_new=lambda found: UserError(
        f"The service database was written by a newer carekiosk (schema {found}); update carekiosk first."))


class Database(SharedConnection):
    """The service's database: one connection shared by the app's worker threads."""

    def __init__(self, data_dir: Path):
        super().__init__()
        self.path = ensure_data_dir(Path(data_dir)) / DB_FILE
        try:
            conn = connect_private(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"The service database {self.path} cannot be opened ({exc}).") from None
        conn.row_factory = sqlite3.Row
        self.conn = conn
        try:
            retry_locked(self._setup)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(f"The service database {self.path} is damaged or not a database ({exc}).") from None

    def _setup(self) -> None:
        c = self.conn
        if setup_durable(c, BUSY_TIMEOUT_MS).lower() != "wal":
            raise UserError(f"The service database {self.path} cannot use write-ahead logging.")
        migrate(c)


@contextmanager
def savepoint(conn: sqlite3.Connection, name: str = "item") -> Iterator[None]:
    """A nested unit inside an open transaction: on error only this part is undone."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        conn.execute(f"ROLLBACK TO {name}")
        conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


def next_counter(conn: sqlite3.Connection, name: str, start: int = 1000) -> int:
    row = conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
    value = (row[0] if row else start) + 1
    conn.execute("INSERT INTO counters (name, value) VALUES (?, ?)"
                 " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))
    return value
