"""Tell us with pictures (Talking Mats-style): one topic tile at a time, big, placed on one of five
labelled faces. Tapping a face places the tile and shows the next; Back shows the one before."""

from kiosk import choices
from kiosk.session import N_
from sync.story import PICTURE_TOPICS

from .widgets import FaceButton, KioskScreen, icon_path

SKIP = N_("Skip")  # the navigation bar's way forward here: no answer for this picture


class PicturesScreen(KioskScreen):
    def on_kv_post(self, base_widget):
        for face in choices.FACE_CHOICES:
            button = FaceButton(value=face.value, picture=face.icon)
            button.bind(on_release=self._placed)
            self.ids.faces.add_widget(button)

    def _placed(self, button):
        self.session.place(button.value)

    def button(self, value: str):
        for b in self.ids.faces.children:
            if b.value == value:
                return b
        raise KeyError(value)

    def wipe(self):
        for b in self.ids.faces.children:
            b.chosen = False

    def refresh(self):
        s = self.session
        topic = s.current_tile
        if topic is None:
            return
        self.ids.progress.text = self.t(N_("Picture {number} of {total}")).format(
            number=s.tile_index + 1, total=len(PICTURE_TOPICS))
        self.ids.tile_label.text = self.t(choices.label_of(choices.PICTURE_TILES, topic))
        self.ids.tile_picture.source = icon_path(f"topic-{topic}")
        placed = s.draft.faces.get(topic)
        for b in self.ids.faces.children:
            b.label = self.t(choices.label_of(choices.FACE_CHOICES, b.value))
            b.chosen = b.value == placed
        self.ids.error.text = self.t(s.error) if s.error else ""
