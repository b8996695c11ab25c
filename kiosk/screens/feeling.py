from kiosk.session import N_

from .choices import ChoiceScreen

# Simple icons from DejaVu Sans; the word always comes with them.
FEELINGS = (
    ("happy", N_("Happy"), "\u263a"),
    ("grateful", N_("Grateful"), "\u2665"),
    ("safe", N_("Safe"), "\u2302"),
    ("okay", N_("Okay"), "\u25cb"),
    ("worried", N_("Worried"), "?"),
    ("sad", N_("Sad"), "\u2639"),
    ("angry", N_("Angry"), "!"),
    ("ignored", N_("Not listened to"), "\u2026"),
)


class FeelingScreen(ChoiceScreen):
    choices = FEELINGS

    def chosen_values(self):
        return self.session.draft.feelings

    def choose(self, value):
        self.session.toggle_feeling(value)
