"""Enrolled devices: which home a device belongs to, and a home's devices with their last contact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..schema import devices, stories


def home_of(conn: Connection, device_id: str) -> str | None:
    return conn.execute(select(devices.c.home_id).where(devices.c.device_id == device_id)).scalar()


def home_devices(conn: Connection, home_id: str) -> list[dict[str, Any]]:
    """Each device with ``last_seen_at`` (its last authenticated call) and its newest story's arrival."""
    rows = conn.execute(
        select(devices.c.device_id, devices.c.label, devices.c.enrolled_at, devices.c.last_seen_at,
               func.max(stories.c.received_at).label("last_received_at"), func.count(stories.c.uuid).label("n"))
        .select_from(devices.outerjoin(stories, stories.c.device_id == devices.c.device_id))
        .where(devices.c.home_id == home_id)
        .group_by(devices.c.device_id, devices.c.label, devices.c.enrolled_at, devices.c.last_seen_at)
        .order_by(devices.c.enrolled_at, devices.c.device_id)).mappings()
    return [{"device_id": r["device_id"], "label": r["label"], "enrolled_at": r["enrolled_at"],
             "last_seen_at": r["last_seen_at"], "last_received_at": r["last_received_at"],
             "stories_received": r["n"]} for r in rows]
