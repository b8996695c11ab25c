"""A database written by an earlier schema upgrades forward without losing a story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sync.migrations import SCHEMA_VERSION, migrate
from sync.seal import unseal
from sync.store import Store
from sync.story import validate_story

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "device-v1.sql"


def test_schema_1_database_upgrades_and_keeps_its_chain(tmp_path):
    sql = FIXTURE.read_text()
    private_key = sql.splitlines()[2].removeprefix("-- ").strip()
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1

    store = Store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.verify() == []
    status = store.status()
    assert status["last_seq"] == 2 and status["pending"] == 2 and status["profile"] == "demo"
    rows = store.story_rows()
    assert unseal(rows[0]["sealed"], private_key)["story"]["text"].startswith("The garden volunteers")
    # new tables from later schemas are there and usable; the unused notices_log went in v4
    assert {"published", "responses", "outcomes", "chains"} <= set(store.table_names())
    assert "notices_log" not in store.table_names()
    added = store.add_story(validate_story({"text": "A new story after the upgrade.", "author_role": "visitor"}))
    assert added.seq == 3 and store.verify() == []
    store.close()
    # opening again is a no-op
    again = Store(path)
    assert again.status()["last_seq"] == 3
    again.close()


def test_database_from_a_newer_carekiosk_is_refused_clearly(tmp_path):
    import pytest

    from sync.errors import StoreError

    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer carekiosk"):
        Store(path)


def _everything_but(conn: sqlite3.Connection, dropped: set[str]) -> dict[str, tuple]:
    """Each table's and index's SQL, and each table's rows, except ``dropped`` tables."""
    found = {}
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"):
        if table in dropped or name.startswith("sqlite_"):
            continue
        rows = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) if kind == "table" else None
        found[name] = (kind, sql, rows)
    return found


def test_v3_to_v4_drops_notices_log_and_keeps_everything_else(tmp_path):
    """A schema-3 database (with the sms tables an older `carekiosk status` left in it) loses
    ``notices_log`` and those, and nothing else: every other table, index and row is as it was."""
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(FIXTURE.read_text())
    assert migrate(conn, upto=3) == 3
    conn.execute("INSERT INTO notices_log (key, kind, channel, created_at) VALUES ('k', 'digest', 'print', 'x')")
    conn.execute("INSERT INTO outcomes (uuid, ref, status, updated_at) VALUES ('u1', '1001', 'published', 'x')")
    conn.execute("CREATE TABLE IF NOT EXISTS sms_numbers (number TEXT PRIMARY KEY, state TEXT NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS sms_deliveries (provider_ref TEXT PRIMARY KEY, status TEXT NOT NULL)")
    dropped = {"notices_log", "sms_numbers", "sms_deliveries"}
    before = _everything_but(conn, dropped)
    assert {"device", "stories", "outbox", "chains", "outcomes", "published", "responses"} <= set(before)
    conn.close()

    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, upto=4) == 4
    assert not dropped & {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert _everything_but(conn, dropped) == before
    conn.close()
    store = Store(path)  # and on to the newest schema
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.verify() == [] and store.status()["pending"] == 2
    store.close()


def test_v4_to_v5_records_existing_acknowledgements_so_verify_still_passes(tmp_path):
    """Acknowledgements made before the acks ledger existed are copied into it as the outbox has
    them; the upgrade changes no other table."""
    path = tmp_path / "v4.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(FIXTURE.read_text())
    assert migrate(conn, upto=4) == 4
    acked = conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'acknowledged'").fetchone()[0]
    before = _everything_but(conn, set())
    assert migrate(conn, upto=5) == 5
    assert conn.execute("SELECT COUNT(*) FROM acks").fetchone()[0] == acked
    after = _everything_but(conn, set())
    assert {k: v for k, v in after.items() if not k.startswith("acks")} == before
    conn.close()
    store = Store(path)  # and on to the newest schema
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 5
    assert store.verify() == []
    store.close()


def test_v5_to_v6_keeps_every_response_and_says_an_older_change_was_made(tmp_path):
    path = tmp_path / "v5.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(FIXTURE.read_text())
    assert migrate(conn, upto=5) == 5
    conn.execute("INSERT INTO responses (response_id, story_id, body, responder_name, responder_role, change_made,"
                 " posted_at) VALUES ('resp_1', '1001', 'Thanks', 'Ann', 'Manager', 'Tea at three', 'x'),"
                 " ('resp_2', '1001', 'Noted', 'Ann', 'Manager', NULL, 'y')")
    assert migrate(conn) == SCHEMA_VERSION >= 6
    rows = conn.execute("SELECT response_id, body, change_made, change, organisation, responder_kind FROM responses"
                        " ORDER BY response_id").fetchall()
    assert rows == [("resp_1", "Thanks", "Tea at three", "made", None, None),
                    ("resp_2", "Noted", None, None, None, None)]
    conn.close()
