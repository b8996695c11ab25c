"""A desktop trial (``carekiosk run --windowed``, or fullscreen on a developer's machine): the
kiosk's own key rules and nothing else; nothing supervises it."""

from __future__ import annotations

from .base import Platform


class DesktopPlatform(Platform):
    name = "desktop"
