"""The kiosk's screens: one ``.kv`` and one small ``.py`` per screen, thin over :mod:`kiosk.session`.

Only this package and :mod:`kiosk.app` import Kivy.
"""

from pathlib import Path

SCREENS_DIR = Path(__file__).resolve().parent

#: Every kv file (shared widgets first). The app loads ``widgets.kv`` at start and each screen's own
#: file when the screen is first built (``kiosk.app.SCREENS``).
KV_FILES = ("widgets.kv", "keyboard.kv", "welcome.kv", "who.kv", "how.kv", "topic.kv", "story.kv", "check.kv",
            "feeling.kv", "pictures.kv", "phrases.kv", "review.kv", "contact.kv", "send.kv", "thanks.kv",
            "staff_pin.kv", "staff_panel.kv", "idle.kv")
