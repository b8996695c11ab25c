"""The author's update, typed on the big keys (then the personal-details check, as for a story)."""

from kivy.clock import Clock

from .keyboard import KeyboardDock  # noqa: F401 (used in the kv rule)
from .widgets import TypingScreen


class UpdateScreen(TypingScreen):
    def refresh(self):
        s = self.session
        with self.loading():
            if self.ids.words.text != s.draft.text:
                self.ids.words.text = s.draft.text
        self.ids.error.text = self.t(s.error) if s.error else ""

    def on_enter(self, *args):
        box = self.ids.words
        self.keyboard.target = box
        self.keyboard.multiline = True
        box.focus = True
        selection = self.session.edit_selection
        if selection:  # back from "Change it myself": the phrase is selected
            def select(_dt):
                box.cursor = box.get_cursor_from_index(selection[1])
                box.select_text(*selection)
            Clock.schedule_once(select, 0)

    def on_leave(self, *args):
        self.ids.words.focus = False

    def update_changed(self, text):
        if not self._loading:
            self.session.set_text(text)
