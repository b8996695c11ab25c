""""Add to my story", first step: the author types the reply code Thank you showed them. The kiosk
cannot check the code itself (it is sealed inside the story); the session's check digit catches a
slip of the finger, and the service checks the rest when the update arrives."""

from kiosk.session import N_

from .widgets import BigButton, KioskScreen, SteadyTouch

HEADING = N_("Add to your story {ref}")


class CodeKey(BigButton):
    """A key of the reply-code pad, steadied like the reference pad's keys (a repeat on one key, as in
    "112", is ignored for half as long as on other buttons)."""

    def repeat_interval(self) -> float:
        return SteadyTouch.repeat_ignore / 2


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
