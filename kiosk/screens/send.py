from kiosk.session import N_

from .widgets import KioskScreen


class SendScreen(KioskScreen):
    def refresh(self):
        s = self.session
        self.ids.ref.text = self.t(N_("Your reference number is {ref}.")).format(ref=f"[b]{s.draft.ref or '----'}[/b]")
        self.ids.error.text = self.t(s.error) if s.error else ""

    def send(self):
        self.app.send_story()
