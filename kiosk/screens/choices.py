"""Screens that are a list of answers to tap (who, topics, feelings, phrases) share this."""


from .widgets import ChoiceButton, KioskScreen, PictureButton


class ChoiceScreen(KioskScreen):
    #: the answers, from :mod:`kiosk.choices` (value, English msgid, picture, symbol)
    choices: tuple = ()
    picture_class = PictureButton

    def on_kv_post(self, base_widget):
        grid = self.ids.choices
        for choice in self.choices:
            if choice.icon:
                button = self.picture_class(value=choice.value, picture=choice.icon)
            else:
                button = ChoiceButton(value=choice.value, symbol=choice.symbol)
            button.bind(on_release=self._tapped)
            grid.add_widget(button)

    def chosen_values(self) -> list[str]:
        return []

    def choose(self, value: str) -> None:
        raise NotImplementedError

    def _tapped(self, button):
        self.choose(button.value)
        labels = {c.value: c.label for c in self.choices}
        self.app.narrator.confirm(self.session, labels[button.value], button.value in self.chosen_values())

    def refresh(self):
        chosen = set(self.chosen_values())
        labels = {c.value: c.label for c in self.choices}
        for button in self.ids.choices.children:
            button.label = self.t(labels[button.value])
            button.chosen = button.value in chosen
        self.ids.error.text = self.t(self.session.error) if self.session.error else ""

    def button(self, value: str):
        for b in self.ids.choices.children:
            if b.value == value:
                return b
        raise KeyError(value)
