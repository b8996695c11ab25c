"""A device's last contact (``devices.last_seen_at``), so the notifier can tell field staff about
a kiosk that has gone quiet. Written at most once per :data:`SEEN_EVERY` per device, not on every call."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Connection

from ..clock import iso
from ..schema import devices

SEEN_EVERY = timedelta(minutes=5)


def mark_seen(conn: Connection, device_id: str, now: datetime) -> None:
    conn.execute(update(devices).where(devices.c.device_id == device_id).values(last_seen_at=iso(now)))


class SeenTracker:
    """Remembers when each device's last contact was written, to skip the write within ``SEEN_EVERY``."""

    def __init__(self) -> None:
        self.written: dict[str, datetime] = {}
        self.lock = threading.Lock()

    def due(self, device_id: str, now: datetime) -> bool:
        with self.lock:
            last = self.written.get(device_id)
            if last is not None and now - last < SEEN_EVERY and now >= last:
                return False
            self.written[device_id] = now
            return True
