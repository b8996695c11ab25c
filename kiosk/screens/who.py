from kiosk.session import N_

from .choices import ChoiceScreen

ROLES = (
    ("resident", N_("I live here"), ""),
    ("relative", N_("Family or friend"), ""),
    ("carer", N_("Unpaid carer"), ""),
    ("visitor", N_("Visitor"), ""),
    ("staff", N_("Member of staff"), ""),
)


class WhoScreen(ChoiceScreen):
    choices = ROLES

    def chosen_values(self):
        return [self.session.draft.role] if self.session.draft.role else []

    def choose(self, value):
        self.session.choose_role(value)
