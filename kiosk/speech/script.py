"""What each screen says when "Read aloud" is on: a table per screen, as data.

Each entry is an English msgid (said in the visit's language, looked up through :mod:`sync.i18n`,
the one catalogue the screens use too) or a :class:`Part`, filled from the session: the screen's
choices (from :mod:`kiosk.choices`, the tables the buttons are drawn from), the anonymiser's reason
and suggestion, the picture tile, the reference number, the seconds left. There is no part for the
story: what a writer typed is never said here (only "Read my story back" says it,
:meth:`kiosk.speech.narrator.Narrator.read_back`), and the check screen says *why* a phrase was
flagged and what is suggested instead, never the phrase.

``python -m kiosk.speech.script`` prints the table (English and Welsh) as Markdown for docs/kiosk.md.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable

from sync.i18n import N_
from sync.story import PICTURE_TOPICS, TOPIC_LABELS

from .. import choices
from .engine import Segment

Translate = Callable[[str, str], str]  # (English msgid, language) -> words


class Part(Enum):
    CHOICES = "the screen's choices"
    FINDING = "the anonymiser's reason and suggestion, then the three answers"
    TILE = "the picture on the tile"
    OTHER_LANGUAGE = "how to switch language, in the other language's voice"


@dataclass(frozen=True)
class Fill:
    """A msgid with one placeholder, filled from the session (``ref``, ``seconds``, ``number``...)."""

    msgid: str
    what: str


SCREEN_CHOICES: dict[str, tuple[choices.Choice, ...]] = {
    "who": choices.WHO, "how": choices.WAYS, "topic": choices.TOPICS, "feeling": choices.FEELINGS,
    "pictures": choices.FACE_CHOICES, "phrases": choices.PHRASE_CHOICES,
}

REFERENCE = Fill(N_("Your reference number is {ref}."), "ref")
#: The reply code is private: said (digit by digit) only when the visitor taps Listen on Thank you;
#: until then the screen says where it is.
REPLY_CODE = Fill(N_("Your reply code is {code}."), "code")
REPLY_CODE_HINT = Fill(N_("Your reply code is on the screen. To hear it, tap Listen. Anyone nearby will hear it."),
                       "code_hint")
TAP_ANY = N_("Tap any that fit, or none. Then tap Next.")
HEAR_IT = N_("To hear it, tap Read my story back. Anyone nearby will hear it.")

#: screen -> what it says, in order.
SCRIPT: dict[str, tuple[str | Part | Fill, ...]] = {
    "welcome": (N_("Read aloud is on."), N_("Tell us about your care"),
                N_("Touch here to start: the big button near the top of the screen."),
                N_("To stop reading aloud, touch Read aloud again."), Part.OTHER_LANGUAGE),
    "who": (N_("Who are you?"), N_("Tap one answer, then tap Next."), Part.CHOICES),
    "how": (N_("How would you like to tell us?"), N_("Tap one."), Part.CHOICES),
    "topic": (N_("What is it about?"), TAP_ANY, Part.CHOICES),
    "story": (N_("Your story"), N_("What was good? What could be better?"), N_("Type here. Use the big keys below."),
              N_("To hear what you have written, tap Read my story back. Anyone nearby will hear it.")),
    "check": (N_("Check for personal details"), Fill(N_("Check {number} of {total}"), "number"),
              N_("Some words might show who someone is. You choose what to do."), Part.FINDING),
    "feeling": (N_("How did it make you feel?"), TAP_ANY, Part.CHOICES),
    "pictures": (Fill(N_("Picture {number} of {total}"), "number"), Part.TILE, N_("How do you feel about this?"),
                 N_("Tap a face:"), Part.CHOICES, N_("Or tap Skip.")),
    "phrases": (N_("Anything else?"), TAP_ANY, Part.CHOICES),
    "review": (N_("This is what you told us"), HEAR_IT, N_("To change an answer, tap it. Then tap Next.")),
    "contact": (N_("Stay in touch?"),
                N_("If you would like updates about your story, type your email or mobile number. It stays "
                   "private and is only used to send you updates."), REFERENCE, N_("Or tap No thanks.")),
    "send": (N_("Ready to send?"), N_("What happens next:"), N_("A moderator reads your story first."),
             N_("The care home cannot read it until then."), N_("It may be published without your name."),
             REFERENCE, N_("When you are ready, tap Send my story.")),
    "thanks": (N_("Thank you"), REFERENCE,
               N_("Look for this number on the noticeboard. It shows when your story, and any reply, is ready."),
               REPLY_CODE, REPLY_CODE_HINT,
               N_("Keep it private. With it, you can add to your story later, here at the kiosk.")),
    "update_code": (Fill(N_("Add to your story {ref}"), "ref"),
                    N_("Type your reply code. It was shown under your reference number when you sent your story."),
                    N_("Then tap Next.")),
    "update": (N_("Your update"), N_("What has happened since you told your story?"),
               N_("Type here. Use the big keys below.")),
    "update_send": (N_("Ready to send your update?"), N_("What happens next:"),
                    N_("A moderator reads your update first."),
                    N_("Then it is shown under your story, here and on the noticeboard."),
                    N_("When you are ready, tap Send my update.")),
    "update_thanks": (N_("Thank you"), N_("Your update is saved."),
                      Fill(N_("A moderator reads it first. If the reply code matches your story, it is then shown "
                              "under your story {ref}."), "ref")),
    "idle": (N_("Are you still there?"), Fill(N_("Your story will be cleared in {seconds} seconds."), "seconds"),
             N_("Tap anywhere to carry on.")),
}
#: Said in the *other* language's voice on Welcome: each invites in its own language.
OTHER_LANGUAGE = {"en": ("cy", N_("For Welsh, touch the Cymraeg button.")),
                  "cy": ("en", N_("For English, touch the English button."))}
CHOSEN = N_("Chosen: {answer}.")
NOT_CHOSEN = N_("Not chosen: {answer}.")
READ_BACK = N_("Your story:")
FINDING_ANSWERS = (N_("Use the suggestion"), N_("Keep as written"), N_("Change it myself"))
TAKE_IT_OUT = (N_("We suggest taking it out."), N_("Take it out"))
SUGGESTION = N_("We suggest: {suggestion}")


def sentence(words: str) -> str:
    """Words as a spoken sentence: a full stop unless they end in punctuation already."""
    words = words.strip()
    return words if not words or words[-1] in ".?!:…" else words + "."


def spoken_digits(ref: str) -> str:
    """``4821`` -> ``4 8 2 1``: a reference is said digit by digit, not as a number."""
    return " ".join(ref) if ref.isdigit() else ref


def msgids(screen: str) -> list[str]:
    """Every fixed msgid a screen can say (for the catalogue tests and the docs)."""
    out: list[str] = []
    for entry in SCRIPT[screen]:
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, Fill):
            out.append(entry.msgid)
        elif entry is Part.CHOICES:
            out += [c.label for c in SCREEN_CHOICES[screen]]
        elif entry is Part.FINDING:
            out += [SUGGESTION, *TAKE_IT_OUT, *FINDING_ANSWERS]
        elif entry is Part.TILE:
            out += [TOPIC_LABELS[t] for t in PICTURE_TOPICS]
        elif entry is Part.OTHER_LANGUAGE:
            out += [msgid for _lang, msgid in OTHER_LANGUAGE.values()]
    return out


def render(screen: str, session: Any, translate: Translate, *, seconds: int | None = None,
           asked: bool = False) -> list[Segment]:
    """What ``screen`` says now, as (language, text) segments. ``session`` is a
    :class:`kiosk.session.Session` (only its language, choices, finding, tile and reference are read)."""
    lang = session.language
    t = lambda msgid: translate(msgid, lang)  # noqa: E731
    words: list[str] = []
    extra: list[Segment] = []
    for entry in SCRIPT[screen]:
        if isinstance(entry, str):
            words.append(sentence(t(entry)))
        elif isinstance(entry, Fill):
            value = _fill(entry, session, seconds, asked)
            if value is not None:
                words.append(sentence(t(entry.msgid).format(**value)))
        elif entry is Part.CHOICES:
            words += [sentence(t(c.label)) for c in SCREEN_CHOICES[screen]]
        elif entry is Part.FINDING:
            words += _finding(session, t)
        elif entry is Part.TILE:
            tile = session.current_tile
            if tile:
                words.append(sentence(t(TOPIC_LABELS[tile])))
        elif entry is Part.OTHER_LANGUAGE:
            other, msgid = OTHER_LANGUAGE[lang]
            extra.append((other, translate(msgid, other)))
    return [(lang, " ".join(w for w in words if w))] + extra


def _fill(entry: Fill, session: Any, seconds: int | None, asked: bool = False) -> dict[str, Any] | None:
    if entry.what == "ref":
        step = session.step.value
        if step == "thanks" or step == "update_thanks":
            ref = session.sent_ref
        elif step.startswith("update"):
            ref = session.draft.update_for[1] if session.draft.update_for else None
        else:
            ref = session.draft.ref
        return {"ref": spoken_digits(ref)} if ref else None
    if entry.what in ("code", "code_hint"):
        code = getattr(session, "sent_code", None)
        if not code or asked != (entry.what == "code"):
            return None
        return {"code": ", ".join(spoken_digits(part) for part in (code[:3], code[3:]))} if asked else {}
    if entry.what == "seconds":
        return {"seconds": seconds if seconds is not None else 15}
    if entry.what == "number" and session.step.value == "check":
        return {"number": session.finding_index + 1,
                "total": max(session.findings_total, session.finding_index + 1)}
    if entry.what == "number":
        return {"number": session.tile_index + 1, "total": len(PICTURE_TOPICS)}
    return None


def _finding(session: Any, t: Callable[[str], str]) -> list[str]:
    f = session.current_finding
    if f is None:
        return []
    out = [sentence(t(f.reason))]
    if f.suggestion:
        out.append(sentence(t(SUGGESTION).format(suggestion=t(f.suggestion))))
        answers = FINDING_ANSWERS
    else:
        out.append(sentence(t(TAKE_IT_OUT[0])))
        answers = (TAKE_IT_OUT[1], *FINDING_ANSWERS[1:])
    return out + [sentence(t(a)) for a in answers]


def markdown(translate: Translate) -> str:
    """The spoken-text table for docs/kiosk.md: every screen, English then Welsh."""
    rows = ["| screen | English | Cymraeg |", "| --- | --- | --- |"]
    for screen, entries in SCRIPT.items():
        en, cy = [], []
        for entry in entries:
            if isinstance(entry, Part):
                en.append(f"*({entry.value})*")
                cy.append(f"*({entry.value})*")
            else:
                msgid = entry if isinstance(entry, str) else entry.msgid
                en.append(sentence(translate(msgid, "en")))
                cy.append(sentence(translate(msgid, "cy")))
        rows.append(f"| {screen} | {' '.join(en)} | {' '.join(cy)} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - prints the docs' table
    from sync.i18n import translator

    print(markdown(translator().gettext))
    sys.exit(0)
