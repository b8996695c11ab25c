"""The answers a visitor can tap, as plain data (no Kivy): value, English msgid, icon.

The screens draw them and :mod:`kiosk.speech.script` reads them aloud, from these same tables, so
what is said is always what is shown. Icons are OpenMoji pictures in ``assets/icons`` (named
``<icon>-96.png`` / ``<icon>-192.png``); an empty icon means words only.
"""

from __future__ import annotations

from typing import NamedTuple

from sync.i18n import N_
from sync.story import FACES, PHRASES, PICTURE_TOPICS, ROLES, TOPIC_LABELS


class Choice(NamedTuple):
    value: str
    label: str   # English msgid
    icon: str = ""    # a name in assets/icons, or "" for none
    symbol: str = ""  # a DejaVu Sans symbol drawn before the words, or ""


#: "Who are you?": the one role table's buttons (``sync.story.ROLES``).
WHO = tuple(Choice(role.id, role.answer) for role in ROLES)
#: "How would you like to tell us?"
WAYS = (
    Choice("writing", N_("Write it down"), "way-writing"),
    Choice("pictures", N_("Tell us with pictures"), "way-pictures"),
)
TOPICS = tuple(Choice(topic, label) for topic, label in TOPIC_LABELS.items())
# Simple symbols from DejaVu Sans; the word always comes with them.
FEELINGS = (
    Choice("happy", N_("Happy"), symbol="\u263a"),
    Choice("grateful", N_("Grateful"), symbol="\u2665"),
    Choice("safe", N_("Safe"), symbol="\u2302"),
    Choice("okay", N_("Okay"), symbol="\u25cb"),
    Choice("worried", N_("Worried"), symbol="?"),
    Choice("sad", N_("Sad"), symbol="\u2639"),
    Choice("angry", N_("Angry"), symbol="!"),
    Choice("ignored", N_("Not listened to"), symbol="\u2026"),
)
#: The picture route: one tile per topic, in the order asked ...
PICTURE_TILES = tuple(Choice(topic, TOPIC_LABELS[topic], f"topic-{topic}") for topic in PICTURE_TOPICS)
#: ... each placed on one of five faces (``sync.story.FACES``) ...
FACE_CHOICES = tuple(Choice(face.id, face.label, f"face-{face.id}") for face in FACES)
#: ... then "Anything else?" (``sync.story.PHRASES``).
PHRASE_CHOICES = tuple(Choice(phrase, text, f"phrase-{phrase}") for phrase, text in PHRASES.items())


def label_of(choices: tuple[Choice, ...], value: str) -> str:
    for choice in choices:
        if choice.value == value:
            return choice.label
    raise KeyError(value)
