"""Named counters (public story ids, response and update ids, share ids): the next number, taken
inside the caller's write transaction, with an upsert each dialect understands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..schema import counters

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def next_counter(conn: Connection, name: str, start: int = 1000) -> int:
    current = conn.execute(select(counters.c.value).where(counters.c.name == name)).scalar()
    value = (current if current is not None else start) + 1
    stmt = _INSERTS[conn.dialect.name](counters).values(name=name, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=[counters.c.name], set_={"value": stmt.excluded.value}))
    return value
