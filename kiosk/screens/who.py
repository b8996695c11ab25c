from kiosk import choices

from .choices import ChoiceScreen


class WhoScreen(ChoiceScreen):
    #: the one role table's buttons (``sync.story.ROLES`` through ``kiosk.choices.WHO``)
    choices = choices.WHO

    def chosen_values(self):
        return [self.session.draft.role] if self.session.draft.role else []

    def choose(self, value):
        self.session.choose_role(value)
