"""The per-home event feed. Each event gets the next integer cursor (SQLite AUTOINCREMENT, so a
cursor is never reused even after deletes); readers ask for ``after=<last cursor seen>``.
``data`` holds only what may be public (no pending story text, no names, no phone numbers)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection, RowMapping

from ..clock import iso
from ..schema import events

TYPES = ("story_received", "awaiting_provider", "published", "restricted", "rejected", "withheld",
         "response_posted", "author_update", "integrity_problem", "review_requested", "comment_posted")
MAX_LIMIT = 500
DEFAULT_LIMIT = 100

_EMIT = insert(events)
_FEED = (select(events).where(events.c.home_id == bindparam("home_id"), events.c.id > bindparam("after"))
         .order_by(events.c.id).limit(bindparam("limit")))


def emit(conn: Connection, home_id: str, type_: str, *, now: datetime, story_uuid: str | None = None,
         ref: str | None = None, data: dict[str, Any] | None = None) -> int:
    assert type_ in TYPES, type_
    result = conn.execute(_EMIT, dict(
        home_id=home_id, type=type_, at=iso(now), story_uuid=story_uuid, ref=ref,
        data_json=json.dumps(data or {}, ensure_ascii=False, sort_keys=True)))
    return int(result.inserted_primary_key[0])


def emit_all(conn: Connection, home_id: str, type_: str, *, now: datetime,
             items: list[tuple[str | None, str | None, dict[str, Any]]]) -> None:
    """Several events of one type at once, in order: ``(story_uuid, ref, data)`` each."""
    assert type_ in TYPES, type_
    conn.execute(_EMIT, [dict(home_id=home_id, type=type_, at=iso(now), story_uuid=story_uuid, ref=ref,
                              data_json=json.dumps(data, ensure_ascii=False, sort_keys=True))
                         for story_uuid, ref, data in items])


def _shape(row: RowMapping) -> dict[str, Any]:
    return {"id": f"ev_{row['id']}", "cursor": row["id"], "type": row["type"], "at": row["at"],
            "home_id": row["home_id"], "story_uuid": row["story_uuid"], "ref": row["ref"],
            "data": json.loads(row["data_json"])}


def feed(conn: Connection, home_id: str, *, after: int = 0, limit: int = DEFAULT_LIMIT) -> tuple[list[dict], int]:
    """Events after ``after`` (oldest first) and the cursor to ask from next time."""
    rows = conn.execute(_FEED, {"home_id": home_id, "after": after,
                                "limit": max(1, min(limit, MAX_LIMIT))}).mappings()
    found = [_shape(r) for r in rows]
    return found, (found[-1]["cursor"] if found else after)
