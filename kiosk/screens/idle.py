from kivy.properties import NumericProperty
from kivy.uix.modalview import ModalView


class IdleView(ModalView):
    """"Are you still there?": a tap anywhere on it keeps the story."""

    seconds = NumericProperty(15)

    def on_touch_down(self, touch):
        from kivy.app import App

        App.get_running_app().still_here()
        return True
