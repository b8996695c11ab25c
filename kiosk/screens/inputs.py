"""The big text box of the screens that type (story, contact).

In a module of its own so that Kivy's TextInput (with its bubble, image and scatter) is imported by
the first screen that types, not at start: ``kiosk.screens.widgets`` tells Kivy's Factory where
``BigInput`` is, and the kv rule for it stays in ``widgets.kv``."""

from kivy.uix.textinput import TextInput


class BigInput(TextInput):
    pass
