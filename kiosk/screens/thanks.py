from .widgets import KioskScreen


class ThanksScreen(KioskScreen):
    def wipe(self):
        self.ids.ref.text = ""

    def refresh(self):
        self.ids.ref.text = self.session.sent_ref or ""
