from kiosk.session import N_

from .keyboard import KeyboardDock  # noqa: F401 (used in the kv rule)
from .widgets import TypingScreen


class ContactScreen(TypingScreen):
    def refresh(self):
        s = self.session
        with self.loading():
            if self.ids.contact.text != s.draft.contact:
                self.ids.contact.text = s.draft.contact
        self.ids.ref.text = self.t(N_("Your reference number is {ref}.")).format(ref=f"[b]{s.draft.ref or '----'}[/b]")
        self.ids.error.text = self.t(s.error) if s.error else ""

    def on_enter(self, *args):
        self.keyboard.target = self.ids.contact
        self.ids.contact.focus = True

    def on_leave(self, *args):
        self.ids.contact.focus = False

    def contact_changed(self, text):
        if not self._loading:
            self.session.set_contact(text)
