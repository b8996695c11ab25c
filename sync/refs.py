"""Reference slots: why two kiosks in one home never hand out the same short code.

A reference is made from the story's uuid (:func:`sync.chain.reference_code`), and the kiosk shows it
before Send, often while offline, so kiosks cannot ask each other which codes are taken. Instead the
service gives each kiosk of a home its own *slot* at enrolment, 0 to 9, the lowest free one; a kiosk
draws uuids until the reference's last digit is its slot, so the codes of different kiosks can never
be equal, and each kiosk checks its own earlier codes. The service checks the slot on receipt.

- A home can have up to :data:`SLOTS` (10) kiosks; a kiosk keeps its slot when it re-enrols.
- Each slot holds 1,000 four-digit codes; a kiosk uses 4 digits until it has handed out
  :data:`FOUR_DIGIT_STORIES` (500) codes, half of them (so a fresh draw seldom needs a retry), and
  6 digits after that (100,000 codes per slot). A 4-digit and a 6-digit code are never equal.
- Kiosks enrolled before slots existed have none and draw anywhere, as before; a code that two
  stories of a home share is answered "decide online" by text, never acted on.
"""

from __future__ import annotations

from typing import Callable

from .chain import reference_code

SLOTS = 10
FOUR_DIGIT_STORIES = 500
#: without a slot (a kiosk enrolled before slots, or the demo profile): the old rule
FOUR_DIGIT_STORIES_UNSLOTTED = 5_000


def in_slot(ref: str, slot: int | None) -> bool:
    """Does ``ref`` belong to ``slot``? (Every code belongs to "no slot".)"""
    return slot is None or (ref.isascii() and ref.isdigit() and int(ref) % SLOTS == slot)


def digits(stories_so_far: int, slot: int | None) -> int:
    """How long this device's next code is, given how many it has handed out."""
    limit = FOUR_DIGIT_STORIES if slot is not None else FOUR_DIGIT_STORIES_UNSLOTTED
    return 4 if stories_so_far < limit else 6


def new_uuid() -> str:
    """A random (version 4) UUID. :mod:`uuid` is imported here, not with the store: it imports
    :mod:`platform`, and the kiosk opens the store before Welcome is drawn."""
    import uuid

    return str(uuid.uuid4())


def draw(slot: int | None, length: int, taken: Callable[[str, str], bool]) -> tuple[str, str]:
    """A fresh ``(uuid, reference)`` whose reference is in ``slot`` and not ``taken(ref, uuid)``."""
    while True:
        candidate = new_uuid()
        ref = reference_code(candidate, length)
        if in_slot(ref, slot) and not taken(ref, candidate):
            return candidate, ref
