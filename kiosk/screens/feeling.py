from kiosk import choices

from .choices import ChoiceScreen


class FeelingScreen(ChoiceScreen):
    choices = choices.FEELINGS  # simple DejaVu Sans symbols; the word always comes with them

    def chosen_values(self):
        return self.session.draft.feelings

    def choose(self, value):
        self.session.toggle_feeling(value)
