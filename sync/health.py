"""The device's health, as it reports it to the service (``POST /v1/devices/{id}/heartbeat``) at
every sync and every few minutes when nothing waits: software version, stories not yet
acknowledged, last sequence number and chain head, free disk, uptime. No story content.

The last number and head travel so the service can remember the highest number this device ever
reported and notice if the newest stories are later deleted and the counter rewound
(:mod:`sync.server.domain.health`)."""

from __future__ import annotations

import shutil
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from .store import Store

_STARTED = time.monotonic()


def software_version() -> str:
    try:
        return metadata.version("carekiosk")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def uptime_seconds() -> int:
    """Seconds since the machine started (``/proc/uptime``), else since this process started."""
    try:
        return int(float(Path("/proc/uptime").read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return int(time.monotonic() - _STARTED)


def free_disk_bytes(path: Path) -> int | None:
    try:
        return int(shutil.disk_usage(path).free)
    except OSError:
        return None


def snapshot(store: Store) -> dict[str, Any]:
    """One consistent reading (one read transaction: a story saved meanwhile is counted in both
    the number and the pending count, or in neither)."""
    conn = store.conn
    conn.execute("BEGIN")
    try:
        device_id, last_seq, head = conn.execute(
            "SELECT device_id, last_seq, head_hash FROM device WHERE id = 1").fetchone()
        pending = conn.execute(
            "SELECT COUNT(*) FROM stories s JOIN outbox o USING (uuid) WHERE s.device_id = ?"
            " AND o.state != 'acknowledged'", (device_id,)).fetchone()[0]
    finally:
        conn.execute("COMMIT")
    return {"software_version": software_version(), "pending": int(pending), "last_seq": int(last_seq),
            "head_hash": head, "free_disk_bytes": free_disk_bytes(store.path.parent),
            "uptime_seconds": uptime_seconds()}
