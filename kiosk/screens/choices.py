"""Screens that are a list of answers to tap (who, topics, feelings) share this."""


from .widgets import ChoiceButton, KioskScreen


class ChoiceScreen(KioskScreen):
    #: (value, English label msgid, icon)
    choices: tuple[tuple[str, str, str], ...] = ()

    def on_kv_post(self, base_widget):
        grid = self.ids.choices
        for value, label, icon in self.choices:
            button = ChoiceButton(value=value, icon=icon)
            button.bind(on_release=self._tapped)
            grid.add_widget(button)

    def chosen_values(self) -> list[str]:
        return []

    def choose(self, value: str) -> None:
        raise NotImplementedError

    def _tapped(self, button):
        self.choose(button.value)

    def refresh(self):
        chosen = set(self.chosen_values())
        labels = {value: label for value, label, _ in self.choices}
        for button in self.ids.choices.children:
            button.label = self.t(labels[button.value])
            button.chosen = button.value in chosen
        self.ids.error.text = self.t(self.session.error) if self.session.error else ""

    def button(self, value: str):
        for b in self.ids.choices.children:
            if b.value == value:
                return b
        raise KeyError(value)
