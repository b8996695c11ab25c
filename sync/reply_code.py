"""The author's reply code: the second short code on Thank you, which lets only the person who told a
story add an update to it later.

Why it looks like this:
- It travels **inside the sealed story** and nowhere else: the kiosk shows it once and keeps no copy,
  so neither the device nor the home can read it; only the moderation service, which opens the
  story, can check an update against it.
- Six digits: five random ones and a check digit (the Damm algorithm, from python-stdnum), so the
  kiosk - which cannot know the code - still notices any single mistyped digit and any two
  neighbouring digits swapped, and says so at once instead of sending an update that would be refused.
- Digits only, typed on the same number pad as the reference; shown in two groups of three
  ("381 904") so it is not mistaken for the 4-digit reference.
- Guessing is bounded by the service: after :data:`MAX_WRONG` wrong codes for a story within
  :data:`LOCK_WINDOW` it takes no more updates by code for it until a day has passed (5 guesses a day
  among 100,000 codes); the moderator can still post one for the author.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

LENGTH = 6
#: wrong codes the service accepts for one story within LOCK_WINDOW before it takes no more updates by
#: code for it (until a day has passed since the last wrong one; the moderator can still post for the author)
MAX_WRONG = 5
LOCK_WINDOW = timedelta(hours=24)


def new_code() -> str:
    """A fresh code: five random digits and their Damm check digit."""
    import secrets  # imported here, as stdnum below: neither is needed for the kiosk's first frame

    from stdnum import damm

    body = f"{secrets.randbelow(10 ** (LENGTH - 1)):0{LENGTH - 1}d}"
    return body + damm.calc_check_digit(body)


def looks_right(code: str) -> bool:
    """Six ASCII digits whose check digit agrees: what the kiosk can tell without knowing the code."""
    from stdnum import damm

    return len(code) == LENGTH and code.isascii() and code.isdigit() and damm.is_valid(code)


def same(given: str, expected: str) -> bool:
    """Constant-time comparison (the service checking an update against the sealed story's code)."""
    return hmac.compare_digest(given.encode("ascii", "replace"), expected.encode("ascii", "replace"))


def grouped(code: str) -> str:
    """``381904`` -> ``381 904``, as Thank you shows it."""
    return f"{code[:3]} {code[3:]}" if len(code) == LENGTH else code
