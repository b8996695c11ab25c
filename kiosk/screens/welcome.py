from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from kiosk.session import N_

from .widgets import KioskScreen, PrimaryButton

YOU_SAID = N_("You said:")
HOME_REPLIED = N_("The home replied:")
CHANGE_MADE = N_("What changed:")
CHANGE_PLANNED = N_("What will change:")


class StartButton(PrimaryButton):
    """"Touch here to start": the way in, drawn so that it is plainly a button."""


class LobbyBoard(BoxLayout):
    """The "you said, we did" board over an idle Welcome: a touch anywhere starts a visit."""

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos):
            from kivy.app import App

            App.get_running_app().board_touched()
            return True
        return super().on_touch_down(touch)


class WelcomeScreen(KioskScreen):
    board_on = BooleanProperty(False)
    # "Read the reply to my story": on an enrolled kiosk whose home has a public story
    reader_on = BooleanProperty(False)

    def refresh(self):
        from kiosk.lobby import any_public

        self.reader_on = not self.app.is_demo and any_public(self.app.store)
        s = self.session
        self.ids.lang_en.chosen = s.language == "en"
        self.ids.lang_cy.chosen = s.language == "cy"
        self.ids.large.chosen = s.large_text
        self.ids.contrast.chosen = s.high_contrast
        self.ids.read_aloud.chosen = s.read_aloud

    # -- the board ---------------------------------------------------------------------------
    def show_board(self, story) -> None:
        """Show one :class:`kiosk.lobby.PublicStory` (published, answered by the home)."""
        from kiosk.lobby import excerpt

        if getattr(self, "_board", None) is None:
            self._board = LobbyBoard()
        board = self._board
        board.ids.title.text = escape_markup(story.title)
        board.ids.said.text = f"{self.t(YOU_SAID)} {escape_markup(excerpt(story.body))}"
        change = story.change
        if change is not None:
            label = CHANGE_MADE if change.change == "made" else CHANGE_PLANNED
            board.ids.did_label.text = self.t(label)
            board.ids.did.text = escape_markup(excerpt(change.change_words or "", 160))
        else:
            board.ids.did_label.text = self.t(HOME_REPLIED)
            board.ids.did.text = escape_markup(excerpt(story.home_reply.body if story.home_reply else ""))
        board.shown = story
        if board.parent is None:
            self.add_widget(board)
        self.ids.main.disabled = True
        self.board_on = True

    def hide_board(self) -> None:
        board = getattr(self, "_board", None)
        if board is not None and board.parent is not None:
            self.remove_widget(board)
        self.ids.main.disabled = False
        self.board_on = False

    @property
    def board_story(self):
        board = getattr(self, "_board", None)
        return board.shown if board is not None and board.parent is not None else None
