"""A docked on-screen keyboard with big keys, drawn from ordinary Buttons (works the same on a
tablet and under Xvfb). It types into ``target`` (the text box last touched).

There is one keyboard (``app.keyboard``); the screens that type (story, contact) dock it in their
:class:`KeyboardDock` when they show. Keys are ``app.key_h`` tall (at least 12 mm) with
``app.key_gap`` between keys and between rows, so a shaky finger lands on one key, not two."""

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.session import N_

from kivy.uix.button import Button

from .widgets import SteadyTouch

LAYOUTS = {
    "abc": ["qwertyuiop", "asdfghjkl'", ["shift", *"zxcvbnm", "backspace"], ["123", "accents", ",", "space", ".", "enter"]],
    "123": ["1234567890", "@-_/:;()&\"", ["?", "!", "+", "#", "=", "%", "*", "£", "backspace"],
            ["abc", "accents", ",", "space", ".", "enter"]],
    "accents": ["âêîôûŵŷ", "áéíóúàèò", ["shift", *"äëïöüç", "backspace"], ["abc", "123", ",", "space", ".", "enter"]],
}
SPECIAL = {
    "shift": ("[font=DejaVuSans]\u21e7[/font]", 1.5),
    "backspace": (N_("Delete"), 2.0),
    "space": (N_("space"), 4.0),
    "enter": (N_("New line"), 3.0),  # wide enough for "Llinell newydd" in Larger text
    "123": ("123", 1.5),
    "abc": ("abc", 1.5),
    "accents": ("â ŵ", 1.5),
}


class KeyButton(SteadyTouch, Button):
    """One key. Not a BigButton: a key fills its row, whatever the size of its label.

    Steadied like every button, but a repeat on one key is ignored for half as long: "ll", "dd"
    and "ff" are single Welsh letters typed as two taps."""

    key = StringProperty("")

    def repeat_interval(self) -> float:
        return SteadyTouch.repeat_ignore / 2


class KeyboardDock(BoxLayout):
    """The place on a screen where the shared keyboard sits."""

    def dock(self, keyboard) -> None:
        if keyboard.parent is self:
            return
        if keyboard.parent is not None:
            keyboard.parent.remove_widget(keyboard)
        self.add_widget(keyboard)


class BigKeyboard(BoxLayout):
    target = ObjectProperty(None, allownone=True)
    layout = StringProperty("abc")
    shift = BooleanProperty(False)
    multiline = BooleanProperty(True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._build()

    def on_layout(self, *_):
        self._build()

    def on_shift(self, *_):
        self._relabel()

    def _build(self):
        self.clear_widgets()
        app = App.get_running_app()
        for row in LAYOUTS[self.layout]:
            line = BoxLayout(size_hint_y=None, spacing=app.key_gap if app else dp(8))
            line.height = app.key_h if app else dp(60)
            for key in row:
                label, weight = SPECIAL.get(key, (key, 1.0))
                button = KeyButton(key=key, size_hint_x=weight)
                button.bind(on_release=self._pressed)
                line.add_widget(button)
            self.add_widget(line)
        self._relabel()

    def relabel(self, *_):
        self._relabel()

    def _relabel(self):
        app = App.get_running_app()
        for line in self.children:
            line.height = app.key_h if app else dp(60)
            line.spacing = app.key_gap if app else dp(8)
            for button in line.children:
                key = button.key
                if key in SPECIAL:
                    label = SPECIAL[key][0]
                    button.text = app.tr(label) if app and key in ("backspace", "space", "enter") else label
                    if key == "shift":
                        button.text = label + (" ABC" if self.shift else " abc")
                else:
                    button.text = key.upper() if self.shift else key

    def _pressed(self, button):
        key = button.key
        if key in ("123", "abc", "accents"):
            self.layout = key
            return
        if key == "shift":
            self.shift = not self.shift
            return
        target = self.target
        if target is None:
            return
        if not target.focus:
            target.focus = True
        if key == "backspace":
            target.do_backspace()
        elif key == "space":
            target.insert_text(" ")
        elif key == "enter":
            target.insert_text("\n" if self.multiline and target.multiline else " ")
        else:
            target.insert_text(key.upper() if self.shift else key)
            if self.shift:
                self.shift = False
