""""Read the reply to my story": the author types the reference from Thank you (a number pad: no
letters to look for), then :class:`ReplyScreen` shows the published story and every response, large
and calm, from what the device already holds (``kiosk.lobby``)."""

from kivy.metrics import dp
from kivy.utils import escape_markup

from kiosk.session import N_

from .number_pad import NumberPad  # noqa: F401 (used in the kv rule)
from .widgets import Body, Heading, KioskScreen

NOT_FOUND = {
    "unknown": N_("We have no public story with the number {ref}. Please check the number. Stories are "
                  "shown here once a moderator has published them."),
    "waiting": N_("Story {ref} is still being read by a moderator. Please look again in a few days."),
    "not_public": N_("Story {ref} has not been published in full, so it cannot be shown here."),
    "empty": N_("Please type your reference number first."),
}
STORY_HEADING = N_("Your story {ref}")
WHAT_YOU_SAID = N_("What you said")
NO_REPLY_YET = N_("No reply yet. Replies are shown here when they are published.")
FROM_WHO = N_("From {who}")
FROM_YOU = N_("Your update")
FROM_HOME = N_("From the home")
CHANGE_MADE = N_("Change made: {what}")
CHANGE_PLANNED = N_("Change planned: {what}")


class ReaderScreen(KioskScreen):
    digits = ""

    def wipe(self):
        self.digits = ""
        self.ids.digits.text = ""
        self.ids.message.text = ""

    def refresh(self):
        self.ids.digits.text = " ".join(self.digits) if self.digits else "_ _ _ _"

    def key(self, key: str) -> None:
        self.ids.message.text = ""
        if key == "back":
            self.digits = self.digits[:-1]
        elif key.isdigit() and len(self.digits) < 8:
            self.digits += key
        self.refresh()

    def say_not_found(self, state: str) -> None:
        self.ids.message.text = self.t(NOT_FOUND[state]).format(ref=self.digits)


class ReplyScreen(KioskScreen):
    def wipe(self):
        self.story = None
        self.ids.heading.text = ""
        self.ids.voices.clear_widgets()

    story = None  # the PublicStory shown ("Add to my story" adds to it)

    def show_story(self, story) -> None:
        """Fill from a :class:`kiosk.lobby.PublicStory`: the story, then each voice in order."""
        self.story = story
        t, box = self.t, self.ids.voices
        self.ids.heading.text = t(STORY_HEADING).format(ref=story.ref)
        box.clear_widgets()
        box.add_widget(Heading(text=escape_markup(story.title)))
        box.add_widget(Body(text=t(WHAT_YOU_SAID), bold=True))
        for part in [p for p in story.body.split("\n\n") if p.strip()] or [story.body]:
            box.add_widget(Body(text=escape_markup(" ".join(part.split())), padding=(dp(16), 0)))
        if not story.voices:
            box.add_widget(Body(text=t(NO_REPLY_YET)))
        for voice in story.voices:
            if voice.kind == "author":
                who = t(FROM_YOU)
            elif voice.organisation:
                who = t(FROM_WHO).format(who=escape_markup(voice.organisation))
            else:
                who = t(FROM_HOME)
            box.add_widget(Heading(text=who))
            box.add_widget(Body(text=escape_markup(" ".join(voice.body.split())), padding=(dp(16), 0)))
            if voice.change in ("made", "planned") and voice.change_words:
                line = CHANGE_MADE if voice.change == "made" else CHANGE_PLANNED
                box.add_widget(Body(text=t(line).format(what=escape_markup(voice.change_words)), bold=True,
                                    padding=(dp(16), 0)))
        self.ids.scroll.scroll_y = 1
