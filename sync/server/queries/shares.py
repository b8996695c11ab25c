"""Notices printed or shared for a home (the engagement report counts them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, RowMapping

from ..schema import shares


def share_out(row: RowMapping) -> dict[str, Any]:
    return {"id": row["id"], "home_id": row["home_id"], "kind": row["kind"], "ref": row["ref"], "at": row["at"],
            "actor": row["actor"]}


def get_share(conn: Connection, share_id: str) -> dict[str, Any]:
    return share_out(conn.execute(select(shares).where(shares.c.id == share_id)).mappings().one())


def list_shares(conn: Connection, home_id: str) -> list[dict[str, Any]]:
    """Oldest first; ids are numbered, so two shares in the same second keep their order."""
    rows = conn.execute(select(shares).where(shares.c.home_id == home_id).order_by(shares.c.at, shares.c.id))
    return [share_out(r) for r in rows.mappings()]


def count_between(conn: Connection, home_id: str, since: str, until: str) -> int:
    """How many shares between two ISO timestamps (inclusive)."""
    return conn.execute(select(func.count()).select_from(shares).where(
        shares.c.home_id == home_id, shares.c.at >= since, shares.c.at <= until)).scalar_one()
