"""Shared widgets: big buttons, choice buttons with a tick, body text, the Back / Start again bar."""

from contextlib import contextmanager

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.textinput import TextInput

from kiosk.session import N_

NEXT = N_("Next")
TICK = "[font=DejaVuSans]\u2713[/font]"


class KioskScreen(Screen):
    """A screen showing one step of the session. ``refresh`` redraws it from the session."""

    @property
    def app(self):
        return App.get_running_app()

    @property
    def session(self):
        return self.app.session

    def t(self, msgid: str) -> str:
        return self.app.tr(msgid)

    def refresh(self) -> None:
        pass

    def wipe(self) -> None:
        """Forget every word a visitor typed or saw (called whenever the session returns to Welcome)."""
        for widget in self.walk(restrict=True):
            if isinstance(widget, TextInput):
                widget.text = ""
                widget.reset_undo()
                widget.focus = False

    @property
    def keyboard(self):
        """The shared on-screen keyboard (docked on this screen if it has a ``keyboard_dock``)."""
        return self.app.keyboard

    def on_pre_enter(self, *args):
        dock = self.ids.get("keyboard_dock")
        if dock is not None:
            dock.dock(self.app.keyboard)
        self.refresh()



class TypingScreen(KioskScreen):
    """A screen whose text boxes mirror the session. While the screen itself writes into a box,
    that box's ``on_text`` must not write back to the session: ``with self.loading():``."""

    _loading = False

    @contextmanager
    def loading(self):
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def wipe(self):
        with self.loading():
            super().wipe()

class BigButton(Button):
    pass


class PrimaryButton(BigButton):
    pass


class ChoiceButton(BigButton):
    """A button that can be chosen: chosen shows a tick and the word "chosen", not only a colour."""

    chosen = BooleanProperty(False)
    label = StringProperty("")
    icon = StringProperty("")
    value = StringProperty("")


class Body(Label):
    pass


class Heading(Label):
    pass


class DemoNote(Label):
    """On the demo profile only: a calm, boxed line saying stories here are practice (Welcome and
    the staff panel). Takes no room on an enrolled kiosk."""


class ErrorText(Label):
    pass


class BigInput(TextInput):
    pass


class NavBar(BoxLayout):
    """Back and Start again on every screen, and this screen's way forward."""

    screen = ObjectProperty(None, allownone=True)
    next_text = StringProperty("Next")
    show_back = BooleanProperty(True)
    show_next = BooleanProperty(True)
