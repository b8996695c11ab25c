"""carekiosk: the lobby feedback kiosk and everything that runs on the tablet.

Nothing imported here may pull in Kivy: only ``kiosk.app`` and ``kiosk.screens`` do,
so the CLI, the session logic and the anonymiser run on servers and in tests without a display.
"""

__version__ = "0.1.0"
