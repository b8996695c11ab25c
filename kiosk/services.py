"""What the staff panel can do, found at run time: sync when the sync runner is installed,
the leaflet when the notices package is. Plain Python (no Kivy)."""

from __future__ import annotations

import importlib
from pathlib import Path

from sync.paths import Paths


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


class StaffServices:
    """Sync and the leaflet, imported on first use: they bring in an HTTP client and a PDF library
    (about 19 MB and 0.35 s together) that a visitor's session never needs. Only the staff panel
    asks ``can_sync`` / ``can_print``, so only opening it pays for the imports."""

    def __init__(self, paths: Paths):
        self.paths = paths
        self._loaded = False
        self._run_sync = None
        self._build_leaflet = None

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        runner = _module("sync.runner")
        self._run_sync = getattr(runner, "run_sync", None) if runner else None
        leaflet = _module("print_notices.leaflet")
        self._build_leaflet = getattr(leaflet, "build_leaflet", None) if leaflet else None

    @property
    def can_sync(self) -> bool:
        self._load()
        return self._run_sync is not None

    @property
    def can_print(self) -> bool:
        self._load()
        return self._build_leaflet is not None

    def sync_now(self) -> str:
        """Run one sync with its own database connection (called from a worker thread)."""
        from sync.profile import open_store

        self._load()
        store = open_store(self.paths)
        try:
            report = self._run_sync(store, deadline=None)
            return report.summary() if hasattr(report, "summary") else str(report)
        finally:
            store.close()

    def print_leaflet(self, lang: str = "en") -> str:
        self._load()
        out = Path(self.paths.data_dir) / f"leaflet-{lang}.pdf"
        pdf = self._build_leaflet(out, lang=lang, paths=self.paths)
        printing = _module("print_notices.printing")
        send = getattr(printing, "print_pdf", None) if printing else None
        if send is None:
            return f"Leaflet saved as {pdf}"
        result = send(pdf)
        return str(result) if result else f"Leaflet sent to the printer ({pdf.name})"
