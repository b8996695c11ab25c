"""Find identifying details in a care-home story and propose plain replacements.

Plain Python (no Kivy, no network, no ML) so it runs on a cheap tablet and in tests:

    >>> from kiosk.anonymise import find_identifiers, apply
    >>> text = "Thanks to Nurse Joy, mum is in room 14."
    >>> found = find_identifiers(text, {"home": "Rosewood House", "staff": ["Nurse Joy"]})
    >>> apply(text, found, found)
    'Thanks to a nurse, mum is in their room.'
"""

from __future__ import annotations

from .apply import apply
from .detect import find_identifiers, warm_up
from .finding import KINDS, REASONS, Finding, N_

__all__ = ["find_identifiers", "apply", "warm_up", "Finding", "KINDS", "REASONS", "N_"]
