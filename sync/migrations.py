"""The device database's schema, as a list of forward migrations.

``PRAGMA user_version`` records how many have run. A migration is never edited once released:
change the schema by appending a new one (``tests/data/device-v1.sql`` is a database written by
schema 1 and must keep upgrading cleanly).
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from .sqlite_durable import migrate as durable_migrate
from .sqlite_durable import run_script

Migration = Callable[[sqlite3.Connection], None]


def _v1(conn: sqlite3.Connection) -> None:
    """Device identity, sealed stories and their outbox state."""
    run_script(conn,
        """
        CREATE TABLE device (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            device_id TEXT NOT NULL,
            profile TEXT NOT NULL DEFAULT 'demo',
            home_id TEXT,
            home_name TEXT NOT NULL DEFAULT 'Demo House',
            public_key TEXT,
            last_seq INTEGER NOT NULL DEFAULT 0,
            head_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE stories (
            uuid TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            device_id TEXT NOT NULL,
            ref TEXT NOT NULL UNIQUE,
            created_hour TEXT NOT NULL,
            route TEXT NOT NULL,
            size INTEGER NOT NULL,
            sealed BLOB NOT NULL,
            payload_sha256 TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            chain_hash TEXT NOT NULL UNIQUE
        );
        CREATE TABLE outbox (
            uuid TEXT PRIMARY KEY REFERENCES stories(uuid),
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'acknowledged')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            acknowledged_at TEXT,
            result TEXT
        );
        CREATE INDEX outbox_state ON outbox(state);
        """
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Enrolment details, what comes back from the service (public text only), and notices sent."""
    run_script(conn,
        """
        ALTER TABLE device ADD COLUMN server_url TEXT;
        ALTER TABLE device ADD COLUMN token TEXT;
        ALTER TABLE device ADD COLUMN roster_json TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE device ADD COLUMN enrolled_at TEXT;
        ALTER TABLE device ADD COLUMN last_sync TEXT;
        ALTER TABLE device ADD COLUMN events_cursor TEXT;
        CREATE TABLE outcomes (
            uuid TEXT PRIMARY KEY,
            ref TEXT,
            status TEXT NOT NULL,
            public_reason TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE published (
            story_id TEXT PRIMARY KEY,
            uuid TEXT,
            ref TEXT,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            author_role TEXT,
            tags_json TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'published',
            public_reason TEXT,
            published_at TEXT,
            url TEXT
        );
        CREATE TABLE responses (
            response_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            body TEXT NOT NULL,
            responder_name TEXT,
            responder_role TEXT,
            change_made TEXT,
            posted_at TEXT NOT NULL
        );
        CREATE INDEX responses_story ON responses(story_id);
        CREATE TABLE notices_log (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            recipient TEXT,
            status TEXT NOT NULL DEFAULT 'queued',
            provider_ref TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        """
    )


def _v3(conn: sqlite3.Connection) -> None:
    """Chains per device id: enrolling starts a fresh chain (new device id, numbers from 1), and the
    demo chain is closed and kept for ``verify``; its unsent stories become ``not_sent``."""
    # Tables are rebuilt (SQLite cannot drop a UNIQUE constraint): ``migrate`` runs with foreign keys
    # off and checks them all before committing.
    run_script(conn,
        """
        CREATE TABLE chains (
            device_id TEXT PRIMARY KEY,
            profile TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            closed_at TEXT NOT NULL
        );
        CREATE TABLE stories_v3 (
            uuid TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            ref TEXT NOT NULL UNIQUE,
            created_hour TEXT NOT NULL,
            route TEXT NOT NULL,
            size INTEGER NOT NULL,
            sealed BLOB NOT NULL,
            payload_sha256 TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            chain_hash TEXT NOT NULL UNIQUE,
            UNIQUE (device_id, seq)
        );
        INSERT INTO stories_v3 SELECT uuid, seq, device_id, ref, created_hour, route, size, sealed, payload_sha256,
            prev_hash, chain_hash FROM stories;
        CREATE TABLE outbox_v3 (
            uuid TEXT PRIMARY KEY REFERENCES stories(uuid),
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'acknowledged', 'not_sent')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            acknowledged_at TEXT,
            result TEXT
        );
        INSERT INTO outbox_v3 SELECT * FROM outbox;
        DROP TABLE outbox;
        DROP TABLE stories;
        ALTER TABLE stories_v3 RENAME TO stories;
        ALTER TABLE outbox_v3 RENAME TO outbox;
        CREATE INDEX outbox_state ON outbox(state)
        """
    )


def _v4(conn: sqlite3.Connection) -> None:
    """Drop ``notices_log`` (from v2, never used: the notifier keeps its own send log in
    ``notifier.sqlite3``), and the ``sms_numbers``/``sms_deliveries`` tables older versions of
    ``carekiosk status`` created here outside any migration (nothing ever wrote to them here)."""
    run_script(conn,
        """
        DROP TABLE notices_log;
        DROP TABLE IF EXISTS sms_numbers;
        DROP TABLE IF EXISTS sms_deliveries
        """
    )


def _v5(conn: sqlite3.Connection) -> None:
    """The service's acknowledgements, recorded as they arrive in a hash chain of their own
    (``acks``; append-only: updates and deletes are refused), so ``verify`` can tell a story the
    service acknowledged from one whose outbox row was set to ``acknowledged`` by hand.
    Acknowledgements from before this schema are copied in as the outbox has them."""
    from .chain import GENESIS
    from .acks import ack_link

    run_script(conn,
        """
        CREATE TABLE acks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            chain_hash TEXT NOT NULL,
            result TEXT NOT NULL,
            acknowledged_at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            ack_hash TEXT NOT NULL UNIQUE
        )
        """
    )
    # One statement each: run_script splits on ";", which a trigger's body contains.
    conn.execute("CREATE TRIGGER acks_no_update BEFORE UPDATE ON acks"
                 " BEGIN SELECT RAISE(ABORT, 'acks are append-only'); END")
    conn.execute("CREATE TRIGGER acks_no_delete BEFORE DELETE ON acks"
                 " BEGIN SELECT RAISE(ABORT, 'acks are append-only'); END")
    prev = GENESIS
    for story_uuid, chain_hash, result, at in conn.execute(
            "SELECT s.uuid, s.chain_hash, COALESCE(o.result, 'accepted'), COALESCE(o.acknowledged_at, o.updated_at)"
            " FROM stories s JOIN outbox o USING (uuid) WHERE o.state = 'acknowledged' ORDER BY s.device_id, s.seq"
    ).fetchall():
        link = ack_link(prev, uuid=story_uuid, chain_hash=chain_hash, result=result)
        conn.execute("INSERT INTO acks (uuid, chain_hash, result, acknowledged_at, prev_hash, ack_hash)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (story_uuid, chain_hash, result, at, prev, link))
        prev = link


def _v6(conn: sqlite3.Connection) -> None:
    """Several voices: who spoke in each response (the organisation's name and kind: provider,
    commissioner, regulator, healthwatch, author) and its change flag (planned or made; ``change_made``
    keeps the words). Older rows were all the home's, and a ``change_made`` text was a change made."""
    run_script(conn,
        """
        ALTER TABLE responses ADD COLUMN organisation TEXT;
        ALTER TABLE responses ADD COLUMN responder_kind TEXT;
        ALTER TABLE responses ADD COLUMN change TEXT;
        UPDATE responses SET change = 'made' WHERE change_made IS NOT NULL AND TRIM(change_made) <> ''
        """
    )


def _v7(conn: sqlite3.Connection) -> None:
    """The reference slot the service gave this kiosk at enrolment (``sync.refs``): its codes end in
    that digit, so no other kiosk of the home can hand out the same one. Empty: no slot (demo, or
    enrolled before slots)."""
    run_script(conn,
        """
        ALTER TABLE device ADD COLUMN ref_slot INTEGER
        """
    )


def _v8(conn: sqlite3.Connection) -> None:
    """Authors' updates to their own published stories (``sync.update_outbox``): sealed like a story,
    with their own outbox state, outside the stories' hash chain (an update is not a story and takes
    no story number or reference)."""
    run_script(conn,
        """
        CREATE TABLE updates (
            uuid TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            created_hour TEXT NOT NULL,
            size INTEGER NOT NULL,
            sealed BLOB NOT NULL,
            payload_sha256 TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'acknowledged', 'not_sent')),
            attempts INTEGER NOT NULL DEFAULT 0,
            result TEXT,
            last_error TEXT,
            updated_at TEXT NOT NULL,
            acknowledged_at TEXT
        );
        CREATE INDEX updates_state ON updates(state);
        """
    )


MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION, *,
            on_new: Callable[[sqlite3.Connection], None] | None = None) -> int:
    """Bring the device database up to ``upto`` (default: the latest schema); ``on_new`` runs in a
    new file's one migration transaction (:func:`sync.sqlite_durable.migrate`)."""
    from .errors import StoreError

    return durable_migrate(conn, MIGRATIONS, upto=upto, on_new=on_new, too_new=lambda found: StoreError(
        f"This database was written by a newer carekiosk (schema {found}); update carekiosk first."))
