"""The kiosk's screens: one ``.kv`` and one small ``.py`` per screen, thin over :mod:`kiosk.session`.

Only this package and :mod:`kiosk.app` import Kivy.
"""

from pathlib import Path

SCREENS_DIR = Path(__file__).resolve().parent

#: kv files in load order (shared widgets first).
KV_FILES = ("widgets.kv", "keyboard.kv", "welcome.kv", "who.kv", "topic.kv", "story.kv", "check.kv",
            "feeling.kv", "contact.kv", "send.kv", "thanks.kv", "staff_pin.kv", "staff_panel.kv",
            "idle.kv")
