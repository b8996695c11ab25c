from kiosk.session import N_

from .widgets import KioskScreen

WHAT_NEXT = N_("A moderator reads it first. If the reply code matches your story, it is then shown under "
               "your story {ref}.")


class UpdateThanksScreen(KioskScreen):
    def wipe(self):
        self.ids.what.text = ""

    def refresh(self):
        self.ids.what.text = self.t(WHAT_NEXT).format(ref=f"[b]{self.session.sent_ref or ''}[/b]")
