from kiosk.session import N_

from .choices import ChoiceScreen

TOPICS = (
    ("care", N_("Care"), ""),
    ("food", N_("Food and drink"), ""),
    ("activities", N_("Activities"), ""),
    ("staff", N_("Staff"), ""),
    ("visiting", N_("Visiting"), ""),
    ("building", N_("The building"), ""),
    ("other", N_("Something else"), ""),
)


class TopicScreen(ChoiceScreen):
    choices = TOPICS

    def chosen_values(self):
        return self.session.draft.topics

    def choose(self, value):
        self.session.toggle_topic(value)
