"""The per-home event feed. Each event gets the next integer cursor; readers ask for
``after=<last cursor seen>`` and get every later event of their home, oldest first. ``data`` holds
only what may be public (no pending story text, no names, no phone numbers).

A reader must never miss an event, and a plain sequence does not promise that once several
transactions write at once: one may take number 7, another 8 and commit first; a reader then sees 8,
moves its cursor past 7, and 7 appears afterwards, never to be read. So every transaction that adds
to a home's feed first updates that home's row in ``event_heads`` (:func:`hold`) and keeps the row
lock until it commits, and only then takes its numbers. Within one home the next writer waits for the
previous one to commit, so numbers are handed out in commit order: whenever a reader sees event
*n* of a home, every earlier event of that home is already visible. Homes do not wait for each other.
(On SQLite every write transaction already runs alone, ``BEGIN IMMEDIATE``; the head is kept there too.)

Cursors stay one integer sequence across homes (SQLite AUTOINCREMENT, a PostgreSQL sequence), never
reused even after deletes; a home's cursors have gaps, which readers never rely on.

Lock order, so that two transactions never wait for each other: story rows first (``FOR UPDATE``),
then home heads (in home-id order when there are several), then the named counters.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import BigInteger, bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, RowMapping

from ..clock import iso
from ..schema import event_heads, events

TYPES = ("story_received", "awaiting_provider", "published", "restricted", "rejected", "withheld",
         "response_posted", "author_update", "integrity_problem", "review_requested", "comment_posted")
MAX_LIMIT = 500
DEFAULT_LIMIT = 100

_EMIT = insert(events)
_HEAD = {name: dialect.insert(event_heads).values(home_id=bindparam("home_id"), events=bindparam("n"))
         .on_conflict_do_update(index_elements=[event_heads.c.home_id],
                                set_={"events": event_heads.c.events + bindparam("n")})
         for name, dialect in (("sqlite", sqlite), ("postgresql", postgresql))}
# ``after`` is any cursor a client sends (up to 2^63 - 1): compared as a BIGINT, not cast to the column's INTEGER.
_FEED = (select(events).where(events.c.home_id == bindparam("home_id"), events.c.id > bindparam("after", type_=BigInteger))
         .order_by(events.c.id).limit(bindparam("limit")))


def hold(conn: Connection, home_ids: Iterable[str], n: int = 0) -> None:
    """Lock these homes' feed heads until the transaction ends (and count ``n`` new events on each),
    several in home-id order. A transaction that will add events and take a counter calls this
    first (the lock order above); locking a head it already holds costs one cheap statement."""
    for home_id in sorted(set(home_ids)):
        conn.execute(_HEAD[conn.dialect.name], {"home_id": home_id, "n": n})


def emit(conn: Connection, home_id: str, type_: str, *, now: datetime, story_uuid: str | None = None,
         ref: str | None = None, data: dict[str, Any] | None = None) -> int:
    assert type_ in TYPES, type_
    hold(conn, [home_id], 1)
    result = conn.execute(_EMIT, dict(
        home_id=home_id, type=type_, at=iso(now), story_uuid=story_uuid, ref=ref,
        data_json=json.dumps(data or {}, ensure_ascii=False, sort_keys=True)))
    return int(result.inserted_primary_key[0])


def emit_all(conn: Connection, home_id: str, type_: str, *, now: datetime,
             items: list[tuple[str | None, str | None, dict[str, Any]]]) -> None:
    """Several events of one type at once, in order: ``(story_uuid, ref, data)`` each."""
    assert type_ in TYPES, type_
    if not items:
        return
    hold(conn, [home_id], len(items))
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
