"""Care homes: look-ups and the two shapes a home is shown in (to its devices, and in full)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection, RowMapping

from sync.errors import UserError

from ..schema import devices, homes, stories

_HOME = select(homes).where(homes.c.id == bindparam("home_id"))
_EXISTS = select(homes.c.id).where(homes.c.id == bindparam("home_id"))


def get_home(conn: Connection, home_id: str) -> RowMapping | None:
    return conn.execute(_HOME, {"home_id": home_id}).mappings().first()


def require_home(conn: Connection, home_id: str) -> RowMapping:
    """The home, or a UserError that says where to find the ids (for the commands)."""
    row = get_home(conn, home_id)
    if row is None:
        raise UserError(f"There is no home with id {home_id!r}; see `carekiosk admin list-homes`.")
    return row


def exists(conn: Connection, home_id: str) -> bool:
    return conn.execute(_EXISTS, {"home_id": home_id}).first() is not None


def all_homes(conn: Connection) -> list[RowMapping]:
    return list(conn.execute(select(homes).order_by(homes.c.created_at, homes.c.id)).mappings())


def ids_with_manager_phone(conn: Connection, number: str) -> list[str]:
    return list(conn.execute(select(homes.c.id).where(homes.c.manager_phone == number)).scalars())


def home_public(row: RowMapping) -> dict[str, Any]:
    """What a device learns about its home at enrolment."""
    return {"id": row["id"], "name": row["name"], "roster": json.loads(row["roster_json"] or "{}")}


def home_full(conn: Connection, row: RowMapping) -> dict[str, Any]:
    """Home details for the home's provider and public-interest bodies, the moderator and the notifier
    (includes phone numbers: the manager's, and each public-interest body's for its alerts)."""
    from .conversation import public_interest_bodies

    bodies = public_interest_bodies(conn, row["id"])
    return {"id": row["id"], "name": row["name"], "manager_phone": row["manager_phone"],
            "public_interest_bodies": bodies,
            "public_interest_phone": next((b["phone"] for b in bodies if b["phone"]), None),
            "roster": json.loads(row["roster_json"] or "{}"), "created_at": row["created_at"],
            "language": row["language"]}


def list_homes(conn: Connection) -> list[dict[str, Any]]:
    """Every home with its device and story counts (``carekiosk admin list-homes``)."""
    n_devices = (select(func.count()).select_from(devices).where(devices.c.home_id == homes.c.id)
                 .scalar_subquery())
    n_stories = (select(func.count()).select_from(stories).where(stories.c.home_id == homes.c.id)
                 .scalar_subquery())
    rows = conn.execute(select(homes, n_devices.label("n_devices"), n_stories.label("n_stories"))
                        .order_by(homes.c.created_at, homes.c.id)).mappings().all()
    from .conversation import public_interest_bodies

    return [{"home_id": r["id"], "name": r["name"], "manager_phone": r["manager_phone"],
             "public_interest_bodies": [b["name"] for b in public_interest_bodies(conn, r["id"])],
             "language": r["language"], "devices": r["n_devices"], "stories": r["n_stories"]} for r in rows]
