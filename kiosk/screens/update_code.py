""""Add to my story", first step: the author types the reply code Thank you showed them. The kiosk
cannot check the code itself (it is sealed inside the story); the session's check digit catches a
slip of the finger, and the service checks the rest when the update arrives."""

from kiosk.session import N_

from .number_pad import NumberPad  # noqa: F401 (used in the kv rule)
from .widgets import KioskScreen

HEADING = N_("Add to your story {ref}")


class UpdateCodeScreen(KioskScreen):
    def refresh(self):
        s = self.session
        ref = s.draft.update_for[1] if s.draft.update_for else ""
        self.ids.heading.text = self.t(HEADING).format(ref=ref)
        shown = list(s.draft.code) + ["_"] * (6 - len(s.draft.code))
        self.ids.digits.text = " ".join(shown[:3]) + "   " + " ".join(shown[3:])
        self.ids.error.text = self.t(s.error) if s.error else ""

    def wipe(self):
        self.ids.heading.text = ""
        self.ids.digits.text = ""
        self.ids.error.text = ""
