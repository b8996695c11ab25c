"""Where the shipped assets are (fonts, word lists, translation catalogues), wherever carekiosk is installed.

The top-level ``assets/`` folder is installed as the package ``carekiosk_assets``; its folder is
where that package's ``__init__`` is, the same from a git checkout, an editable install and a wheel.
:mod:`importlib.resources` (about 30 ms of imports, before the kiosk's Welcome is drawn) is asked
only if the package has no file of its own.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

PACKAGE = "carekiosk_assets"


@cache
def _root() -> Path:
    found = getattr(import_module(PACKAGE), "__file__", None)
    if found:
        return Path(found).parent
    from importlib import resources

    return Path(str(resources.files(PACKAGE)))


def asset_path(*parts: str) -> Path:
    """Path to a file or folder under ``assets/`` (e.g. ``asset_path("fonts", "DejaVuSans.ttf")``)."""
    return _root().joinpath(*parts)
