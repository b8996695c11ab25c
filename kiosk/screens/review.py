"""The picture route's last look: each topic with the face it was placed on, and the phrases picked,
as on a finished Talking Mat. Tapping a topic shows its tile again to change it."""

from kiosk import choices
from kiosk.session import N_
from sync.story import face

from kivy.properties import StringProperty

from .widgets import KioskScreen, PictureButton


class ReviewRow(PictureButton):
    """One answered topic: its picture, its name and its face (drawn at the right)."""

    kind = StringProperty("row")


class ReviewScreen(KioskScreen):
    def wipe(self):
        self.ids.rows.clear_widgets()
        self.ids.phrases.text = ""

    def refresh(self):
        s = self.session
        rows = self.ids.rows
        rows.clear_widgets()
        pictures = s.pictures()
        for answer in pictures["answers"]:
            row = ReviewRow(value=answer["topic"], picture=f"topic-{answer['topic']}",
                            second_picture=f"face-{answer['face']}")
            row.label = (self.t(choices.label_of(choices.PICTURE_TILES, answer["topic"])) + ": "
                         + self.t(face(answer["face"]).label))
            row.bind(on_release=lambda b: self.session.revisit(b.value))
            rows.add_widget(row)
        said = [self.t(choices.label_of(choices.PHRASE_CHOICES, p)) for p in pictures["phrases"]]
        self.ids.phrases.text = ("\n".join("\u2022  " + line for line in said)) if said else ""
        self.ids.none.text = "" if pictures["answers"] else self.t(N_("No pictures answered."))
