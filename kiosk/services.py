"""What the staff panel can do: sync now, and print the leaflet when printing is wired in.

Plain Python (no Kivy). Sync lives in the ground floor (``sync.runner``) and is imported on first
use: it brings an HTTP client that a visitor's session never needs. Printing belongs to
``print_notices``, which the kiosk may not import: the ``carekiosk`` command (the composition root,
``kiosk/cli.py``) hands the app a ``print_leaflet(paths, lang) -> sentence`` when that part is
installed, and the panel hides the button when it is not.
"""

from __future__ import annotations

from typing import Callable

from sync.paths import Paths

#: ``print_leaflet(paths, lang)`` -> one sentence for the staff panel (printed, or where the PDF is)
LeafletPrinter = Callable[[Paths, str], str]


class StaffServices:
    def __init__(self, paths: Paths, *, print_leaflet: LeafletPrinter | None = None):
        self.paths = paths
        self._print_leaflet = print_leaflet

    @property
    def can_sync(self) -> bool:
        return True

    @property
    def can_print(self) -> bool:
        return self._print_leaflet is not None

    def sync_now(self) -> str:
        """Run one sync with its own database connection (called from a worker thread)."""
        from sync.profile import open_store
        from sync.runner import run_sync

        store = open_store(self.paths)
        try:
            return run_sync(store, deadline=None).summary()
        finally:
            store.close()

    def print_leaflet(self, lang: str = "en") -> str:
        if self._print_leaflet is None:
            raise RuntimeError("printing is not wired into this kiosk")
        return self._print_leaflet(self.paths, lang)
