"""Smaller pieces: data folder resolution, schema versions, and tampered submissions (hypothesis)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.errors import UserError
from sync.server.db import SCHEMA_VERSION, Database, resolve_data_dir

FIELDS = ["uuid", "device_id", "seq", "ref", "created_hour", "route", "size", "payload_sha256", "prev_hash",
          "chain_hash", "sealed"]


def test_data_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREKIOSK_HOME", raising=False)
    assert resolve_data_dir() == (Path(platformdirs.user_data_dir("carekiosk", appauthor=False)) / "service").resolve()
    monkeypatch.setenv("CAREKIOSK_HOME", str(tmp_path / "home"))
    assert resolve_data_dir() == (tmp_path / "home").resolve()
    assert resolve_data_dir(tmp_path / "explicit") == (tmp_path / "explicit").resolve()


def test_schema_version_and_newer_database_refused(tmp_path):
    with Database(tmp_path) as db, db.read() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    Database(tmp_path).close()  # reopening runs no migration twice
    conn = sqlite3.connect(tmp_path / "service.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(UserError, match="newer carekiosk"):
        Database(tmp_path)


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
