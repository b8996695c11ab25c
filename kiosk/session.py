"""One visitor's story as a plain-Python state machine (no Kivy).

The screens in :mod:`kiosk.screens` are thin: they show what :class:`Session` holds and call its
methods. Everything about the visit lives here so it can be tested without a display:

- which question comes next (one question per screen), and what Back does from each step;
- two ways to tell it: writing (a story typed on the big keys) or pictures (Talking Mats-style: one
  topic tile at a time placed on a scale of five faces, then phrases to pick), which becomes plain
  sentences in the visit's language (``sync.story.picture_sentences``);
- what must be answered (who you are, and a story or a picture) and what is optional (topics,
  feelings, contact);
- the personal-details check: one anonymiser finding at a time, use / keep / edit;
- the reference code shown before sending, sealing and committing through the store on Send;
- wiping: Start again, the idle timeout and the end of the visit leave no draft behind.

The draft is held only in this object's memory; nothing here writes it anywhere except
``store.add_story`` (which seals it first).

Messages in :attr:`Session.error` are English gettext msgids; the screens translate them.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Protocol, Sequence

from sync import reply_code
from sync.author_update import MAX_UPDATE_CHARS, validate_update
from sync.errors import StoryError
from sync.i18n import N_, gettext  # N_: the screens mark their words with it too
from sync.story import AUTHOR_ROLES, FACE_IDS, FEELINGS, LANGUAGES, MAX_TEXT_CHARS, MAX_TITLE_CHARS, PHRASES, \
    PICTURE_TOPICS, PICTURES_TITLE, TOPICS, normalise_contact, picture_sentences, picture_text, suggest_title, \
    validate_story


class Step(str, Enum):
    WELCOME = "welcome"
    WHO = "who"
    HOW = "how"            # write it down, or tell us with pictures
    TOPIC = "topic"
    STORY = "story"
    CHECK = "check"
    FEELING = "feeling"
    PICTURES = "pictures"  # one topic tile at a time, placed on a face
    PHRASES = "phrases"    # "Anything else?"
    REVIEW = "review"      # "This is what you told us"
    CONTACT = "contact"
    SEND = "send"
    THANKS = "thanks"
    # An author adds to their own published story ("Read the reply to my story" -> "Add to my story"):
    UPDATE_CODE = "update_code"      # the reply code from Thank you (checked only by its check digit here)
    UPDATE = "update"                # the words, on the big keys (then CHECK, as for a story)
    UPDATE_SEND = "update_send"
    UPDATE_THANKS = "update_thanks"


#: The written visit in order (CHECK is skipped when the anonymiser finds nothing).
ORDER: tuple[Step, ...] = (Step.WELCOME, Step.WHO, Step.HOW, Step.TOPIC, Step.STORY, Step.CHECK, Step.FEELING,
                           Step.CONTACT, Step.SEND, Step.THANKS)
#: The visit told with pictures.
PICTURE_ORDER: tuple[Step, ...] = (Step.WELCOME, Step.WHO, Step.HOW, Step.PICTURES, Step.PHRASES, Step.REVIEW,
                                   Step.CONTACT, Step.SEND, Step.THANKS)
#: An author adding to their own published story (CHECK is skipped when the anonymiser finds nothing).
UPDATE_ORDER: tuple[Step, ...] = (Step.WELCOME, Step.UPDATE_CODE, Step.UPDATE, Step.CHECK, Step.UPDATE_SEND,
                                  Step.UPDATE_THANKS)
WAYS = ("writing", "pictures")

#: Steps whose screen has the on-screen keyboard (the idle timeout is never under a minute there).
TYPING_STEPS = frozenset({Step.STORY, Step.CONTACT, Step.UPDATE})
#: Steps that end a visit and go back to Welcome by themselves.
THANKS_STEPS = frozenset({Step.THANKS, Step.UPDATE_THANKS})

ERR_CHOOSE_ROLE = N_("Please choose one answer.")
ERR_EMPTY_STORY = N_("Please write a few words first.")
ERR_TOO_LONG = N_("Your story is too long. Please make it shorter.")
ERR_TITLE_TOO_LONG = N_("The title is too long. Please make it shorter.")
ERR_EMAIL = N_("That email address does not look right. Please check it, or choose No thanks.")
ERR_MOBILE = N_("That mobile number does not look right. Please check it, or choose No thanks.")
ERR_NOT_SAVED = N_("Sorry, your story could not be saved. Please ask a member of staff.")
ERR_NO_PICTURE = N_("Please choose a face for at least one picture, or a phrase.")
ERR_CODE = N_("That reply code does not look right. Please check it and type it again.")
ERR_UPDATE_TOO_LONG = N_("Your update is too long. Please make it shorter.")
ERR_UPDATE_NOT_SAVED = N_("Sorry, your update could not be saved. Please ask a member of staff.")


class FindingLike(Protocol):
    start: int
    end: int
    kind: str
    suggestion: str
    reason: str


Finder = Callable[[str, Any], Sequence[FindingLike]]
Applier = Callable[[str, FindingLike, str], str]  # (text, finding, replacement) -> new text


class StoreLike(Protocol):
    def new_story_id(self) -> tuple[str, str]: ...
    def add_story(self, story: Any, *, story_uuid: str | None = None) -> Any: ...
    def add_update(self, update: Any) -> Any: ...


@dataclass
class Draft:
    """What one visitor has told us so far. Lives in memory only."""

    role: str | None = None
    topics: list[str] = field(default_factory=list)
    text: str = ""
    title: str = ""
    title_edited: bool = False
    feelings: list[str] = field(default_factory=list)
    contact: str = ""
    wants_contact: bool | None = None  # None: not answered yet; False: "No thanks"
    prompts: dict[str, int] = field(default_factory=lambda: {"shown": 0, "accepted": 0, "declined": 0})
    kept: set[tuple[str, str]] = field(default_factory=set)  # (phrase, kind) the writer chose to keep
    way: str | None = None  # "writing" or "pictures", once chosen
    faces: dict[str, str] = field(default_factory=dict)  # picture topic -> face id
    phrases: list[str] = field(default_factory=list)     # "Anything else?" phrases picked
    uuid: str | None = None
    ref: str | None = None
    #: an author's update: (the story's uuid, its reference), and the reply code as typed so far
    update_for: tuple[str, str] | None = None
    code: str = ""

    def is_empty(self) -> bool:
        return self == Draft()


def default_finder(text: str, roster: Any = None) -> list[FindingLike]:
    from kiosk.anonymise import find_identifiers  # imported late: written alongside this module

    return list(find_identifiers(text, roster=roster))


def default_applier(text: str, finding: FindingLike, replacement: str) -> str:
    from kiosk.anonymise import apply

    return apply(text, [finding], {finding: replacement})


class Session:
    """The state of the kiosk for the person in front of it."""

    def __init__(
        self,
        store: StoreLike | None = None,
        *,
        finder: Finder | None = None,
        applier: Applier | None = None,
        roster: Any = None,
        default_language: str = "en",
        localise: Callable[[str, str], str] | None = None,
    ):
        if default_language not in LANGUAGES:
            default_language = "en"
        self.store = store
        self.finder: Finder = finder or default_finder
        self.applier: Applier = applier or default_applier
        self.roster = roster
        self.default_language = default_language
        # (English msgid, language) -> words: a Welsh writer gets a Welsh replacement in their story.
        self.localise = localise or (lambda msgid, lang: msgid)
        self.language = default_language
        self.large_text = False
        self.high_contrast = False
        self.read_aloud = False
        self.step = Step.WELCOME
        self.tile_index = 0       # the picture tile shown (index in PICTURE_TOPICS)
        self.revisiting = False   # a tile opened from the review: placing it goes back there
        self.draft = Draft()
        self.findings: list[FindingLike] = []
        self.finding_index = 0
        self.findings_total = 0
        self.error: str | None = None
        self.error_args: dict[str, Any] = {}
        self.edit_selection: tuple[int, int] | None = None
        self.sent_ref: str | None = None  # shown on Thank you; the story itself is gone by then
        self.sent_code: str | None = None  # the reply code sealed in that story: shown on Thank you, kept nowhere
        self._listeners: list[Callable[["Session"], None]] = []

    # -- observing -----------------------------------------------------------------------------
    def bind(self, listener: Callable[["Session"], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    def _go(self, step: Step) -> None:
        self.step = step
        self.error = None
        self.error_args = {}
        self._changed()

    def _fail(self, message: str, **args: Any) -> bool:
        self.error = message
        self.error_args = args
        self._changed()
        return False

    # -- preferences (welcome screen) ------------------------------------------------------------
    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self._changed()

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self._changed()

    def toggle_high_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self._changed()

    def toggle_read_aloud(self) -> None:
        """"Read aloud" on Welcome: each screen then says its question and choices (kiosk.speech)."""
        self.read_aloud = not self.read_aloud
        self._changed()

    # -- wiping ------------------------------------------------------------------------------------
    def _wipe_draft(self) -> None:
        # Overwrite the visible text first so nothing else holding the old Draft keeps the words.
        self.draft.text = ""
        self.draft.title = ""
        self.draft.contact = ""
        self.draft.code = ""
        self.draft = Draft()
        self.findings = []
        self.finding_index = 0
        self.findings_total = 0
        self.edit_selection = None
        self.tile_index = 0
        self.revisiting = False
        self.error = None
        self.error_args = {}

    def start_again(self) -> None:
        """The "Start again" button: the draft goes, the person's display choices stay."""
        self._wipe_draft()
        self.sent_ref = None
        self.sent_code = None
        self._go(Step.WELCOME)

    def reset(self) -> None:
        """Idle timeout or the end of a visit: wipe everything, ready for the next person."""
        self._wipe_draft()
        self.sent_ref = None
        self.sent_code = None
        self.language = self.default_language
        self.large_text = False
        self.high_contrast = False
        self.read_aloud = False
        self._go(Step.WELCOME)

    @property
    def has_draft(self) -> bool:
        return not self.draft.is_empty()

    # -- moving -----------------------------------------------------------------------------------
    def start(self) -> None:
        """"Tell us about your care" on the welcome screen."""
        if self.step is Step.WELCOME:
            self._wipe_draft()
            self.sent_ref = None
            self.sent_code = None
            self._go(Step.WHO)

    def back(self) -> None:
        step = self.step
        if step in (Step.WELCOME, *THANKS_STEPS):
            return
        if step is Step.UPDATE_CODE:
            self.start_again()
        elif step is Step.UPDATE:
            self._go(Step.UPDATE_CODE)
        elif step is Step.UPDATE_SEND:
            self._go(Step.UPDATE)
        if step is Step.WHO:
            self.start_again()
        elif step is Step.HOW:
            self._go(Step.WHO)
        elif step is Step.TOPIC:
            self._go(Step.HOW)
        elif step is Step.PICTURES:
            if self.revisiting:
                self.revisiting = False
                self._go(Step.REVIEW)
            elif self.tile_index > 0:
                self.tile_index -= 1
                self._changed()
            else:
                self._go(Step.HOW)
        elif step is Step.PHRASES:
            self.tile_index = len(PICTURE_TOPICS) - 1
            self._go(Step.PICTURES)
        elif step is Step.REVIEW:
            self._go(Step.PHRASES)
        elif step is Step.STORY:
            self._go(Step.TOPIC)
        elif step is Step.CHECK:
            # Back from a check returns to the story: the writer sees their words as they now are.
            self.findings = []
            self._go(Step.UPDATE if self.is_update else Step.STORY)
        elif step is Step.FEELING:
            self._go(Step.STORY)
        elif step is Step.CONTACT:
            self._go(Step.REVIEW if self.draft.way == "pictures" else Step.FEELING)
        elif step is Step.SEND:
            self._go(Step.CONTACT)

    def next(self) -> bool:
        """The "Next" button: check this step's answer and move on. False (with :attr:`error`) if not."""
        step = self.step
        if step is Step.WELCOME:
            self.start()
            return True
        if step is Step.WHO:
            if self.draft.role not in AUTHOR_ROLES:
                return self._fail(ERR_CHOOSE_ROLE)
            self._go(Step.HOW)
            return True
        if step is Step.HOW:
            if self.draft.way is None:
                return self._fail(ERR_CHOOSE_ROLE)
            self.choose_way(self.draft.way)
            return True
        if step is Step.PICTURES:
            self.skip_tile()
            return True
        if step is Step.PHRASES:
            if not self.draft.faces and not self.draft.phrases:
                return self._fail(ERR_NO_PICTURE)
            self._go(Step.REVIEW)
            return True
        if step is Step.REVIEW:
            self._enter_contact()
            return True
        if step is Step.TOPIC:
            self._go(Step.STORY)
            return True
        if step is Step.STORY:
            return self._leave_story()
        if step is Step.UPDATE_CODE:
            return self._leave_code()
        if step is Step.UPDATE:
            return self._leave_update()
        if step is Step.CHECK:
            # Next on a check means "keep as written" (the screen offers the three buttons).
            self.keep()
            return True
        if step is Step.FEELING:
            self._enter_contact()
            return True
        if step is Step.CONTACT:
            return self._leave_contact()
        return False

    # -- who / topics / feelings -----------------------------------------------------------------
    def choose_role(self, role: str) -> None:
        if role not in AUTHOR_ROLES:
            raise ValueError(f"unknown role {role!r}")
        self.draft.role = role
        self.error = None
        self._changed()

    def toggle_topic(self, topic: str) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}")
        topics = self.draft.topics
        topics.remove(topic) if topic in topics else topics.append(topic)
        self._changed()

    def toggle_feeling(self, feeling: str) -> None:
        if feeling not in FEELINGS:
            raise ValueError(f"unknown feeling {feeling!r}")
        feelings = self.draft.feelings
        feelings.remove(feeling) if feeling in feelings else feelings.append(feeling)
        self._changed()

    # -- two ways to tell it ------------------------------------------------------------------------
    def choose_way(self, way: str) -> None:
        """"Write it down" goes on to the topics and the keyboard; "Tell us with pictures" to the tiles."""
        if way not in WAYS:
            raise ValueError(f"unknown way {way!r}")
        self.draft.way = way
        if way == "writing":
            self._go(Step.TOPIC)
        else:
            self.tile_index = 0
            self.revisiting = False
            self._go(Step.PICTURES)

    # -- pictures ----------------------------------------------------------------------------------
    @property
    def current_tile(self) -> str | None:
        """The picture topic on screen (PICTURES step only)."""
        if self.step is Step.PICTURES and 0 <= self.tile_index < len(PICTURE_TOPICS):
            return PICTURE_TOPICS[self.tile_index]
        return None

    def place(self, face: str) -> None:
        """Put the tile on screen on a face, then show the next tile (or "Anything else?")."""
        topic = self.current_tile
        if topic is None:
            return
        if face not in FACE_IDS:
            raise ValueError(f"unknown face {face!r}")
        self.draft.faces[topic] = face
        self._next_tile()

    def skip_tile(self) -> None:
        """"Skip": no answer for this topic (an earlier answer to it is taken back)."""
        topic = self.current_tile
        if topic is None:
            return
        self.draft.faces.pop(topic, None)
        self._next_tile()

    def _next_tile(self) -> None:
        if self.revisiting:
            self.revisiting = False
            self._go(Step.REVIEW)
        elif self.tile_index + 1 < len(PICTURE_TOPICS):
            self.tile_index += 1
            self.error = None
            self._changed()
        else:
            self._go(Step.PHRASES)

    def revisit(self, topic: str) -> None:
        """From the review: show that topic's tile again; placing it comes back to the review."""
        if self.step is not Step.REVIEW or topic not in PICTURE_TOPICS:
            return
        self.tile_index = PICTURE_TOPICS.index(topic)
        self.revisiting = True
        self._go(Step.PICTURES)

    def toggle_phrase(self, phrase: str) -> None:
        if phrase not in PHRASES:
            raise ValueError(f"unknown phrase {phrase!r}")
        phrases = self.draft.phrases
        phrases.remove(phrase) if phrase in phrases else phrases.append(phrase)
        self.error = None
        self._changed()

    def pictures(self) -> dict[str, Any]:
        """The picture answers as the story holds them (topics in the order asked)."""
        d = self.draft
        return {"answers": [{"topic": t, "face": d.faces[t]} for t in PICTURE_TOPICS if t in d.faces],
                "phrases": [p for p in PHRASES if p in d.phrases]}

    def picture_sentences(self) -> list[str]:
        """What the pictures say, as the plain sentences the moderator will read (visit's language)."""
        return picture_sentences(self.pictures(), self.language)

    def story_to_read_back(self) -> str:
        """The writer's own words, for "Read my story back" only (kiosk.speech never reads them otherwise)."""
        if self.draft.way == "pictures":
            return "\n".join(self.picture_sentences())
        return self.draft.text

    # -- the story -------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.draft.text = text
        if not self.draft.title_edited:
            self.draft.title = suggest_title(text)
        self.error = None
        self._changed()

    def set_title(self, title: str) -> None:
        if title == self.draft.title:
            return
        self.draft.title = title
        self.draft.title_edited = bool(title.strip())
        if not self.draft.title_edited:
            self.draft.title = suggest_title(self.draft.text)
        self._changed()

    def _leave_story(self) -> bool:
        text = self.draft.text
        if not text.strip():
            return self._fail(ERR_EMPTY_STORY)
        if len(text) > MAX_TEXT_CHARS:
            return self._fail(ERR_TOO_LONG)
        if len(self.draft.title) > MAX_TITLE_CHARS:
            return self._fail(ERR_TITLE_TOO_LONG)
        self.edit_selection = None
        self.findings = [f for f in self._find(text) if (text[f.start:f.end], f.kind) not in self.draft.kept]
        self.finding_index = 0
        self.findings_total = len(self.findings)
        self._go(Step.CHECK if self.findings else Step.FEELING)
        return True

    def _find(self, text: str) -> list[FindingLike]:
        try:
            found = sorted(self.finder(text, self.roster), key=lambda f: (f.start, f.end))
        except Exception:  # a broken checker must not lose the visitor's story; the moderator still reads it
            logging.getLogger(__name__).exception("the personal-details check failed")
            return []
        out: list[FindingLike] = []
        last_end = -1
        for f in found:  # defensive: the contract is sorted and non-overlapping
            if f.start >= last_end and 0 <= f.start < f.end <= len(text):
                out.append(f)
                last_end = f.end
        return out

    # -- the personal-details check --------------------------------------------------------------
    @property
    def current_finding(self) -> FindingLike | None:
        if self.step is Step.CHECK and self.finding_index < len(self.findings):
            return self.findings[self.finding_index]
        return None

    def finding_context(self, width: int = 60) -> tuple[str, str, str]:
        """(before, phrase, after) around the current finding, trimmed to whole words."""
        f = self.current_finding
        if f is None:
            return "", "", ""
        text = self.draft.text
        start = max(0, f.start - width)
        end = min(len(text), f.end + width)
        before = text[start:f.start]
        after = text[f.end:end]
        if start > 0:
            before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
        if end < len(text):
            after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
        return before, text[f.start:f.end], after

    def accept(self) -> None:
        """Use the anonymiser's suggestion for the current finding."""
        f = self.current_finding
        if f is None:
            return
        old = self.draft.text
        replacement = self.localise(f.suggestion, self.language) if f.suggestion else ""
        new = self.applier(old, f, replacement)
        self.draft.text = new
        if not self.draft.title_edited:
            self.draft.title = suggest_title(new)
        self.draft.prompts["shown"] += 1
        self.draft.prompts["accepted"] += 1
        self._shift_rest(f, len(new) - len(old))
        self._advance_check()

    def keep(self) -> None:
        """Keep the current finding as written (counted as a declined prompt for the moderator)."""
        f = self.current_finding
        if f is None:
            return
        self.draft.kept.add((self.draft.text[f.start:f.end], f.kind))
        self.draft.prompts["shown"] += 1
        self.draft.prompts["declined"] += 1
        self._advance_check()

    def edit(self) -> None:
        """Back to the story with the phrase selected, to change it by hand; the check runs again after."""
        f = self.current_finding
        if f is None:
            return
        self.draft.prompts["shown"] += 1
        self.edit_selection = (f.start, f.end)
        self.findings = []
        self.finding_index = 0
        self.step = Step.UPDATE if self.is_update else Step.STORY
        self.error = None
        self._changed()

    def _shift_rest(self, done: FindingLike, delta: int) -> None:
        if not delta:
            return
        rest = self.findings[self.finding_index + 1:]
        shifted = []
        for f in rest:
            try:
                shifted.append(dataclasses.replace(f, start=f.start + delta, end=f.end + delta))
            except TypeError:  # not a dataclass: copy the fields we use
                shifted.append(_Shifted(f.start + delta, f.end + delta, f.kind, f.suggestion, f.reason))
        self.findings[self.finding_index + 1:] = shifted

    def _advance_check(self) -> None:
        self.finding_index += 1
        if self.finding_index >= len(self.findings):
            self.findings = []
            self.finding_index = 0
            self._go(Step.UPDATE_SEND if self.is_update else Step.FEELING)
        else:
            self._changed()

    # -- contact and reference -------------------------------------------------------------------
    def _enter_contact(self) -> None:
        if self.draft.ref is None and self.store is not None:
            self.draft.uuid, self.draft.ref = self.store.new_story_id()
        self._go(Step.CONTACT)

    def set_contact(self, value: str) -> None:
        self.draft.contact = value
        if value.strip():
            self.draft.wants_contact = True
        self.error = None
        self._changed()

    def no_thanks(self) -> None:
        self.draft.contact = ""
        self.draft.wants_contact = False
        self._go(Step.SEND)

    def contact_details(self) -> dict[str, str] | None:
        """The contact as the store wants it, or raise StoryError."""
        value = self.draft.contact.strip()
        if not value or self.draft.wants_contact is False:
            return None
        if "@" in value:
            return normalise_contact({"email": value})
        return normalise_contact({"mobile": value.replace(" ", "")})

    def _leave_contact(self) -> bool:
        value = self.draft.contact.strip()
        if not value:
            self.draft.wants_contact = False
            self._go(Step.SEND)
            return True
        try:
            self.contact_details()
        except StoryError:
            return self._fail(ERR_EMAIL if "@" in value else ERR_MOBILE)
        self.draft.wants_contact = True
        self._go(Step.SEND)
        return True

    # -- sending ---------------------------------------------------------------------------------
    def story_data(self) -> dict[str, Any]:
        d = self.draft
        if d.way == "pictures":
            pictures = self.pictures()
            return {
                "text": picture_text(pictures, self.language),
                "author_role": d.role,
                "title": gettext(PICTURES_TITLE, self.language),
                "tags": [a["topic"] for a in pictures["answers"]],
                "feelings": [],
                "contact": self.contact_details(),
                "language": self.language,
                "prompts": dict(d.prompts),
                "route": "pictures",
                "pictures": pictures,
            }
        return {
            "text": d.text,
            "author_role": d.role,
            "title": d.title.strip() or suggest_title(d.text),
            "tags": list(d.topics),
            "feelings": list(d.feelings),
            "contact": self.contact_details(),
            "language": self.language,
            "prompts": dict(d.prompts),
            "route": "kiosk",
        }

    def send(self) -> Any:
        """Seal and commit the story through the store, then wipe the draft. Returns the store's result."""
        if self.step is not Step.SEND:
            raise RuntimeError("send() is only possible from the Send step")
        if self.store is None:
            raise RuntimeError("this session has no store")
        code = reply_code.new_code()  # sealed with the story; the device keeps no copy
        try:
            story = validate_story({**self.story_data(), "reply_code": code})
            added = self.store.add_story(story, story_uuid=self.draft.uuid)
        except Exception:
            self._fail(ERR_NOT_SAVED)
            raise
        del story
        self._wipe_draft()
        self.sent_ref = getattr(added, "ref", None)
        self.sent_code = code
        self._go(Step.THANKS)
        return added

    # -- an author's update to their own story ---------------------------------------------------
    @property
    def is_update(self) -> bool:
        return self.draft.update_for is not None

    def start_update(self, story_uuid: str, ref: str) -> None:
        """"Add to my story", from the author's published story: a fresh draft for that story."""
        self._wipe_draft()
        self.sent_ref = None
        self.sent_code = None
        self.draft.update_for = (story_uuid, ref)
        self._go(Step.UPDATE_CODE)

    def code_key(self, key: str) -> None:
        """A key of the reply-code pad: a digit, or ``back`` to rub one out."""
        if self.step is not Step.UPDATE_CODE:
            return
        if key == "back":
            self.draft.code = self.draft.code[:-1]
        elif len(key) == 1 and key in "0123456789" and len(self.draft.code) < reply_code.LENGTH:
            self.draft.code += key
        self.error = None
        self._changed()

    def _leave_code(self) -> bool:
        # The kiosk cannot know the code (it is sealed inside the story); its check digit catches a
        # slip of the finger here, and the service checks the rest.
        if not reply_code.looks_right(self.draft.code):
            return self._fail(ERR_CODE)
        self._go(Step.UPDATE)
        return True

    def _leave_update(self) -> bool:
        text = self.draft.text
        if not text.strip():
            return self._fail(ERR_EMPTY_STORY)
        if len(text) > MAX_UPDATE_CHARS:
            return self._fail(ERR_UPDATE_TOO_LONG)
        self.edit_selection = None
        self.findings = [f for f in self._find(text) if (text[f.start:f.end], f.kind) not in self.draft.kept]
        self.finding_index = 0
        self.findings_total = len(self.findings)
        self._go(Step.CHECK if self.findings else Step.UPDATE_SEND)
        return True

    def send_update(self) -> Any:
        """Seal and queue the update through the store, then wipe the draft (the code too)."""
        if self.step is not Step.UPDATE_SEND or self.draft.update_for is None:
            raise RuntimeError("send_update() is only possible from the update's Send step")
        if self.store is None:
            raise RuntimeError("this session has no store")
        story_uuid, ref = self.draft.update_for
        try:
            update = validate_update({"story_uuid": story_uuid, "story_ref": ref, "reply_code": self.draft.code,
                                      "text": self.draft.text, "language": self.language,
                                      "prompts": dict(self.draft.prompts)})
            added = self.store.add_update(update)
        except Exception:
            self._fail(ERR_UPDATE_NOT_SAVED)
            raise
        del update
        self._wipe_draft()
        self.sent_ref = ref
        self._go(Step.UPDATE_THANKS)
        return added

    def finish(self) -> None:
        """Thank you is over (button or its own timer): ready for the next person."""
        self.reset()


@dataclass(frozen=True)
class _Shifted:
    start: int
    end: int
    kind: str
    suggestion: str
    reason: str
