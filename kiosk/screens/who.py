from sync.story import ROLES as AUTHOR_ROLES

from .choices import ChoiceScreen

#: (role id, the button's English msgid, icon): the labels are the one role table's (``sync.story.ROLES``).
ROLES = tuple((role.id, role.answer, "") for role in AUTHOR_ROLES)


class WhoScreen(ChoiceScreen):
    choices = ROLES

    def chosen_values(self):
        return [self.session.draft.role] if self.session.draft.role else []

    def choose(self, value):
        self.session.choose_role(value)
