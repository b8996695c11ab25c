"""Shared widgets: big buttons, choice buttons with a tick, body text, the Back / Start again bar,
and :class:`SteadyTouch`, the one place taps are steadied for tremor and double taps."""

import sys
import time
from contextlib import contextmanager

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

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
        textinput = sys.modules.get("kivy.uix.textinput")
        if textinput is None:
            return  # no screen has made a text box yet (kiosk.screens.inputs imports it)
        for widget in self.walk(restrict=True):
            if isinstance(widget, textinput.TextInput):
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

class SteadyTouch:
    """Steadier touch for every kiosk button (mix in before the Kivy button class).

    - A second tap on the same control within ``repeat_ignore`` seconds of the last one is ignored
      (a tremor's bounce, a double tap): a choice is not chosen and unchosen again.
    - For ``settle`` seconds after a new screen or a new picture tile appears, taps are ignored
      everywhere (:meth:`settle_now`): the second half of a double tap on Next must not press the
      next screen's Next, which sits in the same place.
    - Press feedback is immediate (the button's colours invert on touch down, in widgets.kv) and
      held for at least ``min_state_time`` so even a quick tap visibly lands.

    Ignored taps are counted in ``SteadyTouch.ignored`` (for the tests; no words are kept).
    """

    repeat_ignore = 0.6   # seconds; the app sets it from the ``ignore_repeat`` setting
    ignored = 0
    _quiet_until = 0.0
    clock = staticmethod(time.monotonic)

    def repeat_interval(self) -> float:
        return SteadyTouch.repeat_ignore

    @classmethod
    def settle_now(cls, seconds: float) -> None:
        cls._quiet_until = max(cls._quiet_until, cls.clock() + seconds)

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos) and not self.disabled and self.opacity > 0:
            now = SteadyTouch.clock()
            last = getattr(self, "_steady_last", None)
            if now < SteadyTouch._quiet_until or (last is not None and now - last < self.repeat_interval()):
                SteadyTouch.ignored += 1
                return True  # swallowed: no press, no release, no feedback
            self._steady_last = now
        return super().on_touch_down(touch)

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            self._steady_last = SteadyTouch.clock()  # the interval counts from the finger lifting
        return super().on_touch_up(touch)


class BigButton(SteadyTouch, Button):
    pass


class PrimaryButton(BigButton):
    pass


class ChoiceButton(BigButton):
    """A button that can be chosen: chosen shows a tick and the word "chosen", not only a colour."""

    chosen = BooleanProperty(False)
    label = StringProperty("")
    symbol = StringProperty("")   # a DejaVu Sans symbol before the words
    value = StringProperty("")


def icon_path(name: str, size: int = 192) -> str:
    """An OpenMoji PNG from ``assets/icons`` (see its SOURCES.md), or "" for no picture."""
    if not name:
        return ""
    from sync.assets import asset_path

    return str(asset_path("icons", f"{name}-{size}.png"))


class PictureButton(ChoiceButton):
    """A choice with a picture, still a real Button (its words are its label), so the layout check
    and the steadier touch treat it like every other button; the picture is drawn in its canvas.

    ``kind``: "answer" (picture beside the words), "tile" (a big picture above them: the two ways to
    tell us), "face" (a face of the picture scale), "row" (a review row: topic left, face right)."""

    picture = StringProperty("")
    second_picture = StringProperty("")
    kind = StringProperty("answer")
    picture_size = NumericProperty(0)


class TileButton(PictureButton):
    """A big picture above its words (the two ways to tell us)."""

    kind = StringProperty("tile")


class FaceButton(PictureButton):
    """One face of the five-point scale."""

    kind = StringProperty("face")


class ReadBackButton(BigButton):
    """"Read my story back": the one way the kiosk says the writer's own words (Read aloud only)."""


class Body(Label):
    pass


class Heading(Label):
    pass


class DemoNote(Label):
    """On the demo profile only: a calm, boxed line saying stories here are practice (Welcome and
    the staff panel). Takes no room on an enrolled kiosk."""


class ErrorText(Label):
    pass


Factory.register("BigInput", module="kiosk.screens.inputs")  # imported when a screen first makes one


class NavBar(BoxLayout):
    """Back and Start again on every screen, and this screen's way forward."""

    screen = ObjectProperty(None, allownone=True)
    next_text = StringProperty("Next")
    show_back = BooleanProperty(True)
    show_next = BooleanProperty(True)


class SpeakerButton(BigButton):
    """"Listen": says this screen again. Only there once the visitor chose Read aloud."""

