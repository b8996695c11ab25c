"""A notice was printed or shared for a home (by its provider or its own kiosk): recorded so the
engagement report can count it. Ids are numbered, so shares keep their order within one second."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ..clock import iso
from ..queries.shares import get_share
from ..schema import shares
from .counters import next_counter


def record_share(conn: Connection, home_id: str, *, kind: str, ref: str | None, now: datetime,
                 actor: str) -> dict[str, Any]:
    share_id = f"sh_{next_counter(conn, 'share_id', start=0):012d}"
    conn.execute(insert(shares).values(id=share_id, home_id=home_id, kind=kind, ref=(ref or "").strip() or None,
                                       at=iso(now), actor=actor))
    return get_share(conn, share_id)
