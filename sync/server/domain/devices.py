"""A device's last contact (``devices.last_seen_at``), so the notifier can tell field staff about
a kiosk that has gone quiet. Noted at most once per :data:`SEEN_EVERY` per device, not on every
call, and written for many devices at once (``Service.flush_seen``)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Connection

from ..clock import iso
from ..schema import devices

SEEN_EVERY = timedelta(minutes=5)


_SEEN = (update(devices).where(devices.c.device_id == bindparam("device"))
         .values(last_seen_at=bindparam("seen_at")))


def mark_seen(conn: Connection, device_id: str, now: datetime) -> None:
    mark_all_seen(conn, {device_id: now})


def mark_all_seen(conn: Connection, seen: dict[str, datetime]) -> None:
    """Write several devices' last contact in one statement (executemany), in device-id order."""
    conn.execute(_SEEN, [{"device": d, "seen_at": iso(at)} for d, at in sorted(seen.items())])


class SeenTracker:
    """Remembers when each device's last contact was written, to skip the write within ``SEEN_EVERY``."""

    def __init__(self) -> None:
        self.written: dict[str, datetime] = {}
        self.pending: dict[str, datetime] = {}  # noted, not yet written
        self.lock = threading.Lock()

    def due(self, device_id: str, now: datetime) -> bool:
        """Note the contact if the device's last one noted is older than SEEN_EVERY; True if noted."""
        with self.lock:
            last = self.written.get(device_id)
            if last is not None and now - last < SEEN_EVERY and now >= last:
                return False
            self.written[device_id] = now
            self.pending[device_id] = now
            return True

    def take(self) -> dict[str, datetime]:
        """Every contact noted and not yet written (they count as written from now)."""
        with self.lock:
            batch, self.pending = self.pending, {}
            return batch

    def put_back(self, batch: dict[str, datetime]) -> None:
        """A write that failed: keep its contacts for the next one."""
        with self.lock:
            for device_id, at in batch.items():
                self.pending.setdefault(device_id, at)
