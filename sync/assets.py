"""Where the shipped assets are (fonts, word lists, translation catalogues), wherever carekiosk is installed.

The top-level ``assets/`` folder is installed as the package ``carekiosk_assets``; reading it through
:mod:`importlib.resources` works the same from a git checkout, an editable install and a wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "carekiosk_assets"


def asset_path(*parts: str) -> Path:
    """Path to a file or folder under ``assets/`` (e.g. ``asset_path("fonts", "DejaVuSans.ttf")``)."""
    return Path(str(resources.files(PACKAGE).joinpath(*parts)))
