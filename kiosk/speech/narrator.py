"""When the kiosk speaks, and what it must never say.

The app tells the narrator which screen is showing after every change of the session; the narrator
says that screen's words (:mod:`kiosk.speech.script`) when they differ from what it said last, so a
new screen or a new picture tile is announced once, and a new screen always stops the old sentence
first. The rules, in one place:

- nothing is said unless the visitor chose "Read aloud" (``session.read_aloud``), which a reset
  (idle timeout, end of visit) turns off: **nothing is said after a reset**, and the sentence in
  progress stops;
- **the story is never said** except by :meth:`read_back`, the "Read my story back" button;
- staff screens are never read.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from . import script
from .engine import Segment, Speech

STAFF_SCREENS = frozenset({"staff_pin", "staff_panel"})


class Narrator:
    def __init__(self, speech: Speech, translate: Callable[[str, str], str]):
        self.speech = speech
        self.translate = translate
        self._last: tuple[str, tuple[Segment, ...]] | None = None
        #: (monotonic time, what, screen, characters) of each utterance started: for tests and the
        #: benchmark. Never the words.
        self.log: list[tuple[float, str, str, int]] = []

    def _say(self, what: str, screen: str, segments: list[Segment]) -> None:
        self.speech.say(segments)
        self.log.append((time.monotonic(), what, screen, sum(len(text) for _lang, text in segments)))

    def update(self, session: Any, screen: str, *, asked: bool = False) -> None:
        """The session changed and ``screen`` shows: say it if it says something new. ``asked``: the
        visitor tapped Listen (only then is a private thing such as the reply code said)."""
        if not session.read_aloud or screen in STAFF_SCREENS:
            self.silence()
            return
        segments = tuple(script.render(screen, session, self.translate, asked=asked))
        if self._last == (screen, segments):
            return
        self._last = (screen, segments)
        self._say("screen", screen, list(segments))

    def repeat(self, session: Any, screen: str) -> None:
        """The speaker button: say this screen again."""
        self._last = None
        self.update(session, screen, asked=True)

    def idle_warning(self, session: Any, seconds: int) -> None:
        """"Are you still there?" has opened (said once; the screen's words are not repeated after)."""
        if session.read_aloud:
            self._say("idle", "idle", script.render("idle", session, self.translate, seconds=seconds))

    def confirm(self, session: Any, label: str, chosen: bool) -> None:
        """A choice was tapped: say what it now is ("Chosen: Visitor.")."""
        if session.read_aloud:
            msgid = script.CHOSEN if chosen else script.NOT_CHOSEN
            lang = session.language
            text = self.translate(msgid, lang).format(answer=self.translate(label, lang))
            self._say("choice", session.step.value, [(lang, text)])

    def read_back(self, session: Any) -> None:
        """"Read my story back": the one place the writer's words are said, because they asked."""
        if not session.read_aloud:
            return
        story = session.story_to_read_back()
        if story.strip():
            lang = session.language
            self._say("read_back", session.step.value, [(lang, self.translate(script.READ_BACK, lang)), (lang, story)])

    def silence(self) -> None:
        """Stop now and forget what was said (a reset, the staff screens, Read aloud turned off)."""
        self._last = None
        self.speech.stop()

    def hush(self) -> None:
        """Stop now, but do not say the screen again by itself ("Yes, I am still here")."""
        self.speech.stop()
