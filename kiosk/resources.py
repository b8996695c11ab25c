"""Where the shipped assets (fonts, word lists, translations) live, wherever the package is installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def asset_path(*parts: str) -> Path:
    """Path to a file under ``kiosk/assets``; assets ship as package data, so this works from a wheel too."""
    return Path(str(resources.files("kiosk").joinpath("assets", *parts)))
