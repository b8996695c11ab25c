from kivy.properties import StringProperty

from kiosk.session import N_

from .widgets import BigButton, KioskScreen


class PinKey(BigButton):
    """A digit of the staff PIN: staff PINs repeat digits ("1122"), so a repeat is never ignored."""

    def repeat_interval(self) -> float:
        return 0.0


class StaffPinScreen(KioskScreen):
    entered = StringProperty("")

    def on_pre_enter(self, *args):
        self.entered = ""
        self.ids.error.text = ""
        guard = self.app.pin_guard
        if not guard.has_pin:
            self.ids.note.text = self.t(N_("No staff PIN is set. Set one with: carekiosk run --set-pin"))
        elif guard.uses_demo_pin:
            self.ids.note.text = self.t(N_("DEMO kiosk: the staff PIN is 1234. Set your own with: carekiosk run --set-pin"))
        else:
            self.ids.note.text = ""

    def on_entered(self, *args):
        self.ids.dots.text = " ".join("\u25cf" for _ in self.entered) or " "

    def key(self, digit: str):
        if len(self.entered) < 12:
            self.entered += digit

    def clear(self):
        self.entered = ""

    def submit(self):
        pin, self.entered = self.entered, ""
        guard = self.app.pin_guard
        wait = guard.wait_seconds()
        if wait:
            self.ids.error.text = self.t(N_("Too many wrong tries. Please wait {seconds} seconds.")).format(seconds=wait)
            return
        if guard.attempt(pin):
            self.app.open_staff_panel()
            return
        wait = guard.wait_seconds()
        if wait:
            self.ids.error.text = self.t(N_("Too many wrong tries. Please wait {seconds} seconds.")).format(seconds=wait)
        else:
            self.ids.error.text = self.t(N_("That PIN is not right. Please try again."))
