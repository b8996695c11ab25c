from sync.reply_code import grouped

from .widgets import KioskScreen


class ThanksScreen(KioskScreen):
    def wipe(self):
        self.ids.ref.text = ""
        self.ids.code.text = ""

    def refresh(self):
        self.ids.ref.text = self.session.sent_ref or ""
        self.ids.code.text = grouped(self.session.sent_code or "")
