"""A database written by an earlier schema upgrades forward without losing a story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sync.migrations import SCHEMA_VERSION
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
    # new tables from later schemas are there and usable
    assert {"published", "responses", "outcomes", "notices_log"} <= set(store.table_names())
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
