"""The kiosk's background sync: while the device is enrolled, send waiting stories and fetch
outcomes every few minutes, so nobody has to remember to. Plain Python (a daemon thread), so the
Kivy app only starts and stops it; on the demo profile it does nothing.

Each run opens its own database connection and goes through :func:`sync.runner.run_sync`, which
holds the device's sync lock, so it never overlaps a field worker's ``carekiosk sync``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

from sync.config import Config
from sync.paths import Paths

log = logging.getLogger("carekiosk.background_sync")

DEFAULTS = {"background_interval": 300.0, "background_first_delay": 20.0, "background_deadline": 120.0}


@dataclass
class LastRun:
    finished_at: float
    exit_code: int | None  # None: skipped (demo profile, or another sync was running)
    summary: str


class BackgroundSync:
    def __init__(self, paths: Paths | None = None, *, interval: float | None = None,
                 first_delay: float | None = None, deadline: float | None = None,
                 run: Callable | None = None):
        self.paths = paths or Paths.from_env()
        cfg = Config.load(self.paths).section("sync", DEFAULTS)
        self.interval = float(cfg["background_interval"] if interval is None else interval)
        self.first_delay = float(cfg["background_first_delay"] if first_delay is None else first_delay)
        self.deadline = float(cfg["background_deadline"] if deadline is None else deadline)
        self._run = run
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: LastRun | None = None
        self.runs = 0

    @property
    def enabled(self) -> bool:
        return self.interval > 0

    def start(self) -> None:
        if not self.enabled or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="carekiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        if self._stop.wait(self.first_delay):
            return
        while not self._stop.is_set():
            self.run_once()
            if self._stop.wait(self.interval):
                return

    def run_once(self) -> LastRun:
        """One sync now (also what the staff panel's "Sync now" could call). Never raises."""
        from sync.lock import SyncBusy
        from sync.profile import open_store

        try:
            store = open_store(self.paths)
        except Exception as exc:  # noqa: BLE001 - a background task must not bring the kiosk down
            return self._record(None, f"the story database could not be opened ({type(exc).__name__})")
        try:
            if store.device().is_demo:
                return self._record(None, "demo profile: nothing is sent")
            run = self._run
            if run is None:
                from sync.runner import run_sync as run
            report = run(store, deadline=time.monotonic() + self.deadline)
            return self._record(report.exit_code,
                                f"{report.acknowledged} sent, {report.remaining} waiting, {report.events} updates")
        except SyncBusy:
            return self._record(None, "another sync was running")
        except Exception as exc:  # noqa: BLE001 - logged by type only: messages could hold details
            log.warning("background sync failed (%s)", type(exc).__name__)
            return self._record(1, f"failed ({type(exc).__name__})")
        finally:
            store.close()

    def _record(self, exit_code: int | None, summary: str) -> LastRun:
        self.runs += 1
        self.last = LastRun(time.time(), exit_code, summary)
        return self.last
