"""The notifier's send log gets every table from its own migrations: a fresh log, a log written
before migrations were counted (user_version 0), and one from a newer carekiosk."""

from __future__ import annotations

import sqlite3

import pytest

from print_notices.notifier.ledger import SCHEMA_VERSION, Ledger
from print_notices.sms import suppressions
from sync.errors import UserError

TABLES = {"cursors", "notices_log", "sms_numbers", "sms_deliveries"}


def _tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_fresh_log_has_exactly_the_migrations_tables(tmp_path):
    path = tmp_path / "notifier.sqlite3"
    with Ledger(path) as log:
        assert log.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        suppressions.record_problem(log, "+447700900123", "landline", code=21614)
        assert suppressions.sms_problems(log)[0]["state"] == "landline"
    assert _tables(path) == TABLES


def test_a_log_from_before_migrations_were_counted_keeps_its_rows(tmp_path):
    path = tmp_path / "notifier.sqlite3"
    with sqlite3.connect(path) as conn:  # what the notifier wrote before: its tables, user_version 0
        conn.executescript("""
            CREATE TABLE cursors (home_id TEXT PRIMARY KEY, cursor INTEGER NOT NULL, updated_at TEXT NOT NULL);
            INSERT INTO cursors VALUES ('home_1', 42, '2025-03-10T12:00:00+00:00');
            CREATE TABLE sms_numbers (number TEXT PRIMARY KEY, state TEXT NOT NULL, code TEXT, detail TEXT,
                provider TEXT, first_seen TEXT NOT NULL, updated_at TEXT NOT NULL);
            INSERT INTO sms_numbers VALUES ('+447700900123', 'opted_out', '21610', NULL, 'twilio', 'x', 'x');
        """)
    with Ledger(path) as log:
        assert log.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert log.cursor("home_1") == 42
        assert suppressions.suppression(log, "+447700900123") == "opted_out"
    assert _tables(path) == TABLES


def test_a_log_from_a_newer_carekiosk_is_refused_clearly(tmp_path):
    path = tmp_path / "notifier.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UserError, match="newer carekiosk"):
        Ledger(path)
