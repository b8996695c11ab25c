"""Reads of device health (the last heartbeat of each device), for the API and ``admin devices``."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..schema import device_health

FIELDS = ("reported_at", "software_version", "pending", "last_seq", "head_hash", "free_disk_bytes",
          "uptime_seconds", "highest_seq")


def of_devices(conn: Connection, device_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{device_id: {reported_at, software_version, pending, last_seq, head_hash, ...}}`` for those reported."""
    ids = list(device_ids)
    if not ids:
        return {}
    rows = conn.execute(select(device_health).where(device_health.c.device_id.in_(ids))).mappings()
    return {r["device_id"]: {k: r[k] for k in FIELDS} for r in rows}
