from kiosk.session import N_

from .widgets import KioskScreen

FOR_STORY = N_("Your update is for story {ref}.")


class UpdateSendScreen(KioskScreen):
    def refresh(self):
        s = self.session
        ref = s.draft.update_for[1] if s.draft.update_for else "----"
        self.ids.ref.text = self.t(FOR_STORY).format(ref=f"[b]{ref}[/b]")
        self.ids.error.text = self.t(s.error) if s.error else ""

    def wipe(self):
        self.ids.ref.text = ""
        self.ids.error.text = ""

    def send(self):
        self.app.send_update()
