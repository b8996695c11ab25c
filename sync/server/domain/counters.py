"""Named counters (public story ids, response and update ids, share ids): the next number, taken
inside the caller's write transaction in one statement (an upsert that returns the new value), so
two writers can never be handed the same number, on SQLite or PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..schema import counters

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def next_counter(conn: Connection, name: str, start: int = 1000) -> int:
    """``start + 1`` the first time ``name`` is counted, then one more each time."""
    stmt = _INSERTS[conn.dialect.name](counters).values(name=name, value=start + 1)
    stmt = stmt.on_conflict_do_update(index_elements=[counters.c.name], set_={"value": counters.c.value + 1})
    return int(conn.execute(stmt.returning(counters.c.value)).scalar_one())
