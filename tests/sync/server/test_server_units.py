"""Smaller pieces: data folder resolution, durable connections, and tampered submissions (hypothesis)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy import func, insert, select

from sync.errors import UserError
from sync.server.db import BUSY_TIMEOUT_MS, Database, make_engine, resolve_data_dir
from sync.server.schema import counters

FIELDS = ["uuid", "device_id", "seq", "ref", "created_hour", "route", "size", "payload_sha256", "prev_hash",
          "chain_hash", "sealed"]


@pytest.mark.sqlite_only
def test_data_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREKIOSK_HOME", raising=False)
    assert resolve_data_dir() == (Path(platformdirs.user_data_dir("carekiosk", appauthor=False)) / "service").resolve()
    monkeypatch.setenv("CAREKIOSK_HOME", str(tmp_path / "home"))
    assert resolve_data_dir() == (tmp_path / "home").resolve()
    assert resolve_data_dir(tmp_path / "explicit") == (tmp_path / "explicit").resolve()


@pytest.mark.sqlite_only
def test_every_pooled_connection_is_durable(tmp_path):
    """WAL, synchronous=FULL, foreign keys and the busy timeout hold on each connection the pool makes,
    including several open at once (readers run side by side)."""
    db = Database(tmp_path)
    try:
        with db.read() as a, db.read() as b, db.transaction() as c:
            for conn in (a, b, c):
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            assert len({id(x.connection.dbapi_connection) for x in (a, b, c)}) == 3
    finally:
        db.close()


def _count(db: Database) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(counters)).scalar_one()


@pytest.mark.sqlite_only
def test_a_read_goes_ahead_while_a_write_is_open(tmp_path):
    """Readers have their own pooled connections (WAL): they neither wait for a writer nor see its
    uncommitted rows."""
    db = Database(tmp_path)
    try:
        seen: list[int] = []
        with db.transaction() as conn:
            conn.execute(insert(counters).values(name="x", value=1))
            reader = threading.Thread(target=lambda: seen.append(_count(db)))
            reader.start()
            reader.join(5)
            assert not reader.is_alive() and seen == [0]
        assert _count(db) == 1
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_a_write_waits_for_another_process_holding_the_lock(tmp_path):
    """``carekiosk admin`` writing while ``carekiosk serve`` writes: the second waits, then succeeds."""
    db = Database(tmp_path)
    other = sqlite3.connect(tmp_path / "service.sqlite3", isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO counters (name, value) VALUES ('other', 1)")
        threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
        started = time.monotonic()
        with db.transaction() as conn:
            conn.execute(insert(counters).values(name="mine", value=1))
        assert time.monotonic() - started >= 0.4
        assert _count(db) == 2
    finally:
        other.close()
        db.close()


@pytest.mark.sqlite_only
def test_make_engine_takes_a_folder_or_a_sqlite_url(tmp_path):
    by_folder = make_engine(tmp_path)
    by_url = make_engine(f"sqlite:///{tmp_path / 'service.sqlite3'}")
    assert by_folder.url.database == by_url.url.database == str(tmp_path / "service.sqlite3")
    by_folder.dispose()
    by_url.dispose()
    with pytest.raises(UserError, match="in-memory"):
        make_engine("sqlite://")


def test_chunked_body_over_limit_is_413(world):
    def chunks():
        for _ in range(40):
            yield b" " * 65536
    r = world.client.post("/v1/stories", content=chunks(), headers={**world.dev, "Content-Type": "application/json"})
    assert r.status_code == 413 and "error" in r.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), change=st.sampled_from(["flip", "empty", "int", "long"]))
def test_any_tampered_field_is_never_accepted(world, field, change):
    """Whatever single field is altered, the story is refused (422 for the whole request only when
    the shape is wrong) and never stored as accepted; the untouched one in the same batch is."""
    import uuid as uuidlib

    from tests.support.service import enrol_code, make_submissions

    device_id = f"dev-{uuidlib.uuid4().hex[:8]}"  # a fresh device per example: numbering starts at 1
    token = world.client.post("/v1/enrol", json={"code": enrol_code(world.data_dir, world.home_id),
                                                 "device_id": device_id}).json()["device_token"]
    tampered, good = make_submissions(world.public_key, device_id, 2)
    value = tampered[field]
    if change == "flip":
        if isinstance(value, int):
            new = value + 1
        else:
            new = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    elif change == "empty":
        new = ""
    elif change == "int":
        new = 7 if isinstance(value, str) else "7"
    else:
        new = value + "0" * 100_000 if isinstance(value, str) else 2**50
    tampered[field] = new
    r = world.submit([tampered, good], token=token)
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        results = r.json()["results"]
        assert results[0]["result"] in ("invalid", "conflict") and results[0]["reason"]
        assert results[1]["result"] == "accepted"
    else:
        assert set(r.json()) == {"error"}
    stored = world.client.get("/v1/moderation/stories", headers=world.mod).json()["stories"]
    assert tampered["uuid"] not in {s["uuid"] for s in stored}
