"""One running service: its data folder, its database, its key pair and its clock, shared by
every route (through ``deps``) and opened the same way by the commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sync.paths import private_folder

from .clock import Clock, utcnow
from .db import Database, resolve_data_dir
from .domain import devices, lifecycle
from .keys import ServiceKeys, load_or_create


@dataclass
class Service:
    data_dir: Path
    db: Database
    keys: ServiceKeys
    clock: Clock = utcnow
    contact: devices.SeenTracker = field(default_factory=devices.SeenTracker)

    @classmethod
    def open(cls, data_dir: str | Path | None, clock: Clock | None = None) -> "Service":
        root = resolve_data_dir(data_dir)
        private_folder(root)
        keys = load_or_create(root)
        return cls(data_dir=root, db=Database(root), keys=keys, clock=clock or utcnow)

    def now(self) -> datetime:
        return self.clock()

    def lapse(self) -> None:
        """Apply the 72-hour go-ahead to any story whose window has ended (cheap when none has)."""
        now = self.now()
        with self.db.read() as conn:
            due = lifecycle.lapse_due(conn, now)
        if due:
            with self.db.transaction() as conn:
                lifecycle.apply_lapses(conn, now)

    def seen(self, device_id: str | None) -> None:
        """Note a device's authenticated call (written at most every few minutes per device)."""
        now = self.now()
        if device_id and self.contact.due(device_id, now):
            with self.db.transaction() as conn:
                devices.mark_seen(conn, device_id, now)
