from kivy.clock import Clock

from .keyboard import KeyboardDock  # noqa: F401 (used in the kv rule)
from .widgets import TypingScreen


class StoryScreen(TypingScreen):
    def refresh(self):
        s = self.session
        with self.loading():
            if self.ids.story.text != s.draft.text:
                self.ids.story.text = s.draft.text
            if self.ids.title.text != s.draft.title:
                self.ids.title.text = s.draft.title
        self.ids.error.text = self.t(s.error) if s.error else ""

    def on_enter(self, *args):
        story = self.ids.story
        self.keyboard.target = story
        story.focus = True
        selection = self.session.edit_selection
        if selection:
            # Back from "Change it myself": the phrase is selected, the cursor after it.
            def select(_dt):
                story.cursor = story.get_cursor_from_index(selection[1])
                story.select_text(*selection)
            Clock.schedule_once(select, 0)

    def on_leave(self, *args):
        self.ids.story.focus = False
        self.ids.title.focus = False

    def story_changed(self, text):
        if not self._loading:
            self.session.set_text(text)
            if not self.session.draft.title_edited:
                with self.loading():
                    self.ids.title.text = self.session.draft.title

    def title_changed(self, text):
        if not self._loading and self.ids.title.focus:
            self.session.set_title(text)

    def focused(self, widget, focus):
        if focus:
            self.keyboard.target = widget
            self.keyboard.multiline = widget.multiline
