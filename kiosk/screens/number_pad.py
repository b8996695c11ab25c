"""The number pad of the reference and reply-code screens: ten big digits and Rub out, each steadied
like the story keyboard's keys. One widget for both, so they look and behave alike; the screen says
what a key does through ``on_key`` (a digit, or ``"back"``)."""

from kivy.uix.gridlayout import GridLayout

from .widgets import BigButton, SteadyTouch


class PadKey(BigButton):
    """A repeat on one key, as in "1127", is ignored for half as long as on other buttons."""

    def repeat_interval(self) -> float:
        return SteadyTouch.repeat_ignore / 2


class NumberPad(GridLayout):
    __events__ = ("on_key",)

    def press(self, key: str) -> None:
        self.dispatch("on_key", key)

    def on_key(self, key: str) -> None:
        pass
