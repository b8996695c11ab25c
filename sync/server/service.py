"""One running service: its data folder, its database, its key pair and its clock, shared by
every route (through ``deps``) and opened the same way by the commands.

Two things every request used to pay for are kept off the hot path here:

- the 72-hour lapse: a request does not ask the database whether a window has ended unless the
  earliest window it last saw ends by now (or :data:`LAPSE_RECHECK` has passed, for stories another
  instance published meanwhile: a new window always ends 72 hours on, so that is soon enough);
- a device's last contact: noted in memory and written for all devices together at most every
  :data:`SEEN_FLUSH_S` seconds (one transaction a few seconds, not one per sync: at 50 syncs a second that
  was most of the service's writes). A killed instance loses at most that much of "last seen".
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sync.paths import private_folder

from .clock import Clock, utcnow
from .db import Database, database_target, resolve_data_dir
from .domain import devices, lifecycle, submissions
from .domain.auth import Principal
from .keys import ServiceKeys, load_or_create

#: Ask the database about ended windows at least this often, whatever the earliest one seen.
LAPSE_RECHECK = timedelta(seconds=30)
#: Write the devices' last contact at most this often (seconds).
SEEN_FLUSH_S = 5.0

log = logging.getLogger("carekiosk.server")


@dataclass
class _LapseWatch:
    lock: threading.Lock = field(default_factory=threading.Lock)
    checked: datetime | None = None   # when the database was last asked
    next_due: datetime | None = None  # the earliest window it then had open


@dataclass
class _SeenWriter:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")  # time.monotonic() of the last write
    timer: threading.Timer | None = None


@dataclass
class Service:
    data_dir: Path
    db: Database
    keys: ServiceKeys
    clock: Clock = utcnow
    contact: devices.SeenTracker = field(default_factory=devices.SeenTracker)
    _lapse: _LapseWatch = field(default_factory=_LapseWatch)
    _seen: _SeenWriter = field(default_factory=_SeenWriter)

    @classmethod
    def open(cls, data_dir: str | Path | None, clock: Clock | None = None, *,
             database_url: str | None = None) -> "Service":
        """The service over ``data_dir`` (its key pair and files) and its database: ``database_url``,
        else ``CAREKIOSK_DATABASE_URL``, else the SQLite file in ``data_dir``."""
        root = resolve_data_dir(data_dir)
        private_folder(root)
        keys = load_or_create(root)
        return cls(data_dir=root, db=Database(database_target(root, database_url)), keys=keys, clock=clock or utcnow)

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        with self._seen.lock:
            if self._seen.timer is not None:
                self._seen.timer.cancel()
                self._seen.timer = None
        self.flush_seen()
        self.db.close()

    # -- the 72-hour go-ahead ------------------------------------------------------------------

    def lapse_may_be_due(self) -> bool:
        """Must the database be asked about ended windows now? (No I/O: cheap on every request.)"""
        now = self.now()
        watch = self._lapse
        with watch.lock:
            fresh = watch.checked is not None and watch.checked <= now < watch.checked + LAPSE_RECHECK
            return not (fresh and (watch.next_due is None or now < watch.next_due))

    def lapse(self) -> None:
        """Apply the 72-hour go-ahead to any story whose window has ended (usually: nothing to ask)."""
        if not self.lapse_may_be_due():
            return
        now = self.now()
        watch = self._lapse
        with self.db.read() as conn:
            due = lifecycle.lapse_due(conn, now)
        if due:
            with self.db.transaction() as conn:
                lifecycle.apply_lapses(conn, now)
        with self.db.read() as conn:
            next_due = lifecycle.next_deadline(conn)
        with watch.lock:
            watch.checked, watch.next_due = now, next_due

    # -- a device's last contact ---------------------------------------------------------------

    def seen(self, device_id: str | None) -> None:
        """Note a device's authenticated call. Written at once if nothing was written in the last
        SEEN_FLUSH_S, else by a timer together with every other contact noted meanwhile."""
        if not (device_id and self.contact.due(device_id, self.now())):
            return
        writer = self._seen
        with writer.lock:
            wait = writer.last + SEEN_FLUSH_S - time.monotonic()
            if wait > 0:
                if writer.timer is None:
                    writer.timer = threading.Timer(wait, self._timed_flush)
                    writer.timer.daemon = True
                    writer.timer.start()
                return
            writer.last = time.monotonic()
        self.flush_seen()

    def _timed_flush(self) -> None:
        with self._seen.lock:
            self._seen.timer, self._seen.last = None, time.monotonic()
        try:
            self.flush_seen()
        except Exception as exc:  # noqa: BLE001 - the database is away: kept for the next write
            log.warning("devices' last contact not written yet: %s", type(exc).__name__)

    def flush_seen(self) -> None:
        """Write every last contact noted and not yet written."""
        batch = self.contact.take()
        if batch:
            try:
                with self.db.transaction() as conn:
                    devices.mark_all_seen(conn, batch)
            except BaseException:
                self.contact.put_back(batch)
                raise

    # -- stories from a device -----------------------------------------------------------------

    def submit(self, principal: Principal, subs: list[Any]) -> list[dict[str, Any]]:
        """``POST /v1/stories``: the checks that need no database (hashes, chain links, unsealing)
        run before the write transaction, so the write lock is held only to compare and store."""
        now = self.now()
        checked = submissions.prepare(principal, subs, private_key=self.keys.private, now=now)
        with self.db.transaction() as conn:
            return submissions.process_batch(conn, principal, subs, private_key=self.keys.private, now=now,
                                             checked=checked)
