"""The per-home event feed. Each event gets the next integer cursor (SQLite AUTOINCREMENT, so a
cursor is never reused even after deletes); readers ask for ``after=<last cursor seen>``.
``data`` holds only what may be public (no pending story text, no names, no phone numbers)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from .db import iso

TYPES = ("story_received", "awaiting_provider", "published", "restricted", "rejected", "withheld",
         "response_posted", "author_update", "integrity_problem")
MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def emit(conn: sqlite3.Connection, home_id: str, type_: str, *, now: datetime, story_uuid: str | None = None,
         ref: str | None = None, data: dict[str, Any] | None = None) -> int:
    assert type_ in TYPES, type_
    cur = conn.execute("INSERT INTO events (home_id, type, at, story_uuid, ref, data_json) VALUES (?,?,?,?,?,?)",
                       (home_id, type_, iso(now), story_uuid, ref,
                        json.dumps(data or {}, ensure_ascii=False, sort_keys=True)))
    return int(cur.lastrowid)


def _shape(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": f"ev_{row['id']}", "cursor": row["id"], "type": row["type"], "at": row["at"],
            "home_id": row["home_id"], "story_uuid": row["story_uuid"], "ref": row["ref"],
            "data": json.loads(row["data_json"])}


def feed(conn: sqlite3.Connection, home_id: str, *, after: int = 0, limit: int = DEFAULT_LIMIT) -> tuple[list[dict], int]:
    """Events after ``after`` (oldest first) and the cursor to ask from next time."""
    rows = conn.execute("SELECT * FROM events WHERE home_id = ? AND id > ? ORDER BY id LIMIT ?",
                        (home_id, after, max(1, min(limit, MAX_LIMIT)))).fetchall()
    events = [_shape(r) for r in rows]
    return events, (events[-1]["cursor"] if events else after)
