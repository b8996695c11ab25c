from kiosk import choices

from .choices import ChoiceScreen
from .widgets import TileButton


class HowScreen(ChoiceScreen):
    """Write it down, or tell us with pictures: one tap on either goes on."""

    choices = choices.WAYS
    picture_class = TileButton

    def chosen_values(self):
        return [self.session.draft.way] if self.session.draft.way else []

    def choose(self, value):
        self.session.choose_way(value)

    def _tapped(self, button):
        self.choose(button.value)  # the next screen says itself; no "Chosen: ..." in between
