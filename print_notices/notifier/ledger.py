"""The durable send-once log: ``notifier.sqlite3`` in the data folder.

One row per notification, keyed ``<source>|<kind>|<recipient role>`` where ``source`` is the event id
(``ev_123``) or, for notices computed from state, what they are about (``story:1004``,
``week:2025-W11``, ``device:dev-1@<last seen>``). The protocol (``runner.py``):

1. **intent** - the row is inserted (``INSERT OR IGNORE``: a key is recorded once, ever) in the same
   transaction that moves the home's event cursor, so events are neither lost nor doubled;
2. **sending** - the row is *claimed* (``UPDATE ... WHERE state = 'pending' AND attempts = n``, sent
   only if exactly one row changed) and committed before the provider is called;
3. the provider is called;
4. **sent** with the provider's message id - committed as soon as the provider answers.

When the provider's answer is lost (a read timeout, a reset after sending, a 500/502/504) the text
may or may not have gone: the row becomes **unknown** and is not sent again blindly. On a later
pass the provider is asked (Notify: by the text's ``reference``; Twilio: the messages sent to the
number, matched by body): found -> ``sent`` with its message id; not there -> ``pending`` and sent
once more. A row still ``sending`` when a pass starts was left by a notifier that died mid-send
(only one notifier runs per data folder: ``lock.py``), and is checked the same way before any
resend. So a duplicate needs the provider to have taken a text *and* not to show it when asked.

Printouts follow the same steps (``printing`` -> PDF made and queued -> ``printed``).
SQLite runs in WAL with ``synchronous=FULL``: a commit is on disk before the next step starts.

The table is called ``notices_log`` so :func:`print_notices.sms.suppressions.record_status_callback`
can mark a delivered or failed text on it (``status``/``error`` columns, matched by ``provider_ref``).
The same file keeps what the SMS providers said about numbers (``sms_numbers``: opted out, invalid,
landline - shown by ``carekiosk status``) and deliveries (``sms_deliveries``). Every table comes
from :data:`MIGRATIONS` (counted in ``PRAGMA user_version``); a migration is never edited once
released: change the schema by appending one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sync.errors import UserError
from sync.sqlite_durable import SharedConnection, connect_private, migrate, run_script, setup_durable

FILE = "notifier.sqlite3"

# Version 1 says IF NOT EXISTS because logs written before migrations were counted already hold
# these tables (at user_version 0).
SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS cursors (
    home_id TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notices_log (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'print')),
    kind TEXT NOT NULL,
    home_id TEXT,
    ref TEXT,
    recipient_role TEXT,
    recipient TEXT,
    body TEXT,
    twin_json TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL,
    due_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    attempt_at TEXT,
    provider TEXT,
    provider_ref TEXT,
    sent_at TEXT,
    summary_key TEXT,
    pdf_path TEXT,
    print_job TEXT,
    share_id TEXT,
    status TEXT,
    error TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS notices_due ON notices_log(state, due_at);
CREATE INDEX IF NOT EXISTS notices_recipient ON notices_log(recipient, sent_at);
CREATE INDEX IF NOT EXISTS notices_provider_ref ON notices_log(provider_ref);
CREATE TABLE IF NOT EXISTS sms_numbers (
    number TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('opted_out', 'invalid', 'landline', 'undeliverable')),
    code TEXT,
    detail TEXT,
    provider TEXT,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sms_deliveries (
    provider_ref TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    number TEXT,
    status TEXT NOT NULL,
    error_code TEXT,
    updated_at TEXT NOT NULL
);
"""


def _v1(conn: sqlite3.Connection) -> None:
    """Cursors, the send-once log, and what the SMS providers said about numbers and deliveries."""
    run_script(conn, SCHEMA_V1)


MIGRATIONS = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)

#: states from which a row still has work to do (``unknown``: the provider must be asked first)
OPEN = ("pending", "sending", "printing", "unknown")
#: final states
DONE = ("sent", "printed", "batched", "undeliverable", "skipped")


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass
class Intent:
    key: str
    channel: str  # sms | print
    kind: str
    home_id: str | None
    ref: str | None = None
    recipient_role: str | None = None  # manager | field_staff | public_interest | noticeboard
    recipient: str | None = None
    body: str | None = None
    twin: dict[str, Any] | None = None  # what to print (printouts.render)
    due_at: datetime | None = None


class Ledger(SharedConnection):
    """Also the ``log`` that :mod:`print_notices.sms.suppressions` and the gateway write to
    (``.conn`` and ``.transaction()``), so opt-outs and bad numbers live in the same file."""

    def __init__(self, path: str | os.PathLike):
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.conn = connect_private(self.path, timeout=30)  # holds phone numbers: owner-only, WAL too
        self.conn.row_factory = sqlite3.Row
        setup_durable(self.conn, 30_000)
        with self.lock:
            migrate(self.conn, MIGRATIONS, too_new=lambda found: UserError(
                f"The notifier's send log {self.path} was written by a newer carekiosk (schema {found}); "
                "update carekiosk first."))

    @classmethod
    def in_dir(cls, data_dir: str | os.PathLike) -> "Ledger":
        return cls(Path(data_dir) / FILE)

    # -- cursors ------------------------------------------------------------------------------
    def cursor(self, home_id: str) -> int:
        row = self.conn.execute("SELECT cursor FROM cursors WHERE home_id = ?", (home_id,)).fetchone()
        return int(row[0]) if row else 0

    # -- intents ------------------------------------------------------------------------------
    @staticmethod
    def _insert(c: sqlite3.Connection, intent: Intent, now: datetime) -> bool:
        cur = c.execute(
            "INSERT OR IGNORE INTO notices_log (key, channel, kind, home_id, ref, recipient_role, recipient, body,"
            " twin_json, state, due_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (intent.key, intent.channel, intent.kind, intent.home_id, intent.ref, intent.recipient_role,
             intent.recipient, intent.body, json.dumps(intent.twin or {}, sort_keys=True), "pending",
             iso(intent.due_at or now), iso(now)))
        return cur.rowcount > 0

    def record(self, intents: list[Intent], *, now: datetime, home_id: str | None = None,
               cursor: int | None = None) -> int:
        """Record intents (each key once, ever) and, in the same transaction, the home's new cursor."""
        with self.transaction() as c:
            added = sum(self._insert(c, i, now) for i in intents)
            if home_id is not None and cursor is not None:
                c.execute("INSERT INTO cursors (home_id, cursor, updated_at) VALUES (?,?,?) ON CONFLICT(home_id)"
                          " DO UPDATE SET cursor = MAX(cursors.cursor, excluded.cursor), updated_at = excluded.updated_at",
                          (home_id, cursor, iso(now)))
        return added

    def has(self, key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM notices_log WHERE key = ?", (key,)).fetchone() is not None

    def get(self, key: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM notices_log WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def open_rows(self, channel: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM notices_log WHERE channel = ? AND state IN ('pending', 'sending', 'printing')"
            " ORDER BY due_at, created_at, key", (channel,))]

    def rows(self, **where: Any) -> list[dict[str, Any]]:
        sql = "SELECT * FROM notices_log" + (" WHERE " + " AND ".join(f"{k} = ?" for k in where) if where else "")
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY created_at, key", tuple(where.values()))]

    def uncertain_rows(self) -> list[dict[str, Any]]:
        """Texts that may have gone: ``unknown`` (the provider's answer was lost) and ``sending``
        (left by a notifier that died mid-send)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM notices_log WHERE channel = 'sms' AND state IN ('unknown', 'sending')"
            " ORDER BY due_at, created_at, key")]

    def other_refs(self, key: str, recipient: str | None) -> frozenset[str]:
        """Provider message ids already recorded for other texts to ``recipient``."""
        return frozenset(r[0] for r in self.conn.execute(
            "SELECT provider_ref FROM notices_log WHERE channel = 'sms' AND recipient IS ? AND key != ?"
            " AND provider_ref IS NOT NULL", (recipient, key)))

    def texts_sent_since(self, recipient: str, since: datetime) -> list[datetime]:
        """When texts (individual or summary) were accepted - or may have been, for ``unknown`` ones -
        for ``recipient`` since ``since``."""
        return [parse(r[0]) for r in self.conn.execute(
            "SELECT moment FROM (SELECT CASE state WHEN 'sent' THEN sent_at ELSE attempt_at END AS moment"
            " FROM notices_log WHERE channel = 'sms' AND recipient = ? AND state IN ('sent', 'unknown'))"
            " WHERE moment >= ? ORDER BY moment", (recipient, iso(since)))]

    # -- transitions --------------------------------------------------------------------------
    def update(self, key: str, **fields: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as c:
            c.execute(f"UPDATE notices_log SET {sets} WHERE key = ?", (*fields.values(), key))

    def begin_attempt(self, key: str, state: str, now: datetime) -> None:
        with self.transaction() as c:
            c.execute("UPDATE notices_log SET state = ?, attempts = attempts + 1, attempt_at = ? WHERE key = ?",
                      (state, iso(now), key))

    def claim(self, key: str, from_states: tuple[str, ...], state: str, now: datetime,
              attempts: int | None = None) -> bool:
        """Atomically move a row from one of ``from_states`` (and, if given, still at ``attempts``
        tries - what the caller read) to ``state``, counting the attempt. True only for the one
        caller whose UPDATE changed the row: anyone else must leave it alone."""
        marks = ",".join("?" * len(from_states))
        sql = (f"UPDATE notices_log SET state = ?, attempts = attempts + 1, attempt_at = ? WHERE key = ?"
               f" AND state IN ({marks})")
        args: list[Any] = [state, iso(now), key, *from_states]
        if attempts is not None:
            sql += " AND attempts = ?"
            args.append(attempts)
        with self.transaction() as c:
            return c.execute(sql, args).rowcount == 1

    def transition(self, key: str, from_state: str, attempts: int, **fields: Any) -> bool:
        """``update`` only if the row is still in ``from_state`` at ``attempts`` tries."""
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as c:
            return c.execute(f"UPDATE notices_log SET {sets} WHERE key = ? AND state = ? AND attempts = ?",
                             (*fields.values(), key, from_state, attempts)).rowcount == 1

    def batch(self, summary: Intent, members: list[str], now: datetime) -> None:
        """Fold ``members`` into one summary text, atomically."""
        with self.transaction() as c:
            self._insert(c, summary, now)
            c.executemany("UPDATE notices_log SET state = 'batched', summary_key = ? WHERE key = ?"
                          " AND state IN ('pending', 'sending')", [(summary.key, k) for k in members])

    def undeliverable(self, key: str, why: str, twin: Intent | None, now: datetime) -> None:
        """The text cannot go (opted out, bad number, refused, SMS off): print its twin instead."""
        with self.transaction() as c:
            c.execute("UPDATE notices_log SET state = 'undeliverable', note = ? WHERE key = ?", (why, key))
            if twin is not None:
                self._insert(c, twin, now)

    def counts(self) -> dict[str, int]:
        return {f"{ch}:{st}": n for ch, st, n in self.conn.execute(
            "SELECT channel, state, COUNT(*) FROM notices_log GROUP BY channel, state")}


def utc_now_iso() -> str:
    return iso(datetime.now(timezone.utc))
