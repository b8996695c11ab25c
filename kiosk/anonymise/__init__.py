"""Find identifying details in a care-home story and propose plain replacements.

Plain Python (no Kivy, no network, no ML) so it runs on a cheap tablet and in tests:

    >>> from kiosk.anonymise import find_identifiers, apply
    >>> text = "Thanks to Nurse Joy, mum is in room 14."
    >>> found = find_identifiers(text, {"home": "Rosewood House", "staff": ["Nurse Joy"]})
    >>> apply(text, found, found)
    'Thanks to a nurse, mum is in their room.'

``find_identifiers`` and ``warm_up`` live in ``detect``, which pulls in the name finder and the
shape regexes; it is imported on first use (PEP 562), so ``import kiosk.anonymise`` stays cheap
for the kiosk's start-up and for ``carekiosk add``.
"""

from __future__ import annotations

from typing import Any

from .apply import apply
from .finding import KINDS, REASONS, Finding, N_

__all__ = ["find_identifiers", "apply", "warm_up", "Finding", "KINDS", "REASONS", "N_"]


def __getattr__(name: str) -> Any:
    if name in ("find_identifiers", "warm_up"):
        from . import detect

        value = getattr(detect, name)
        globals()[name] = value  # later look-ups are plain module attributes
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
