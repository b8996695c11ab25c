from kiosk import choices

from .choices import ChoiceScreen


class PhrasesScreen(ChoiceScreen):
    """"Anything else?": whole sentences to pick, each with a picture (spoken when Read aloud is on)."""

    choices = choices.PHRASE_CHOICES

    def chosen_values(self):
        return self.session.draft.phrases

    def choose(self, value):
        self.session.toggle_phrase(value)
