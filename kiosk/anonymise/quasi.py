"""Phrases that single one person out without naming them ("the only man on the ground floor").

Why a separate, gentle kind: in a home of twenty residents "the only Welsh speaker" identifies
someone as surely as a name. These prompts are suggestions to generalise, not errors, so the
patterns are few and specific to keep false prompts rare.
"""

from __future__ import annotations

import re
from typing import Iterator

from .finding import N_
from .patterns import Candidate, _both, _scan

_PERSON = r"(?:man|woman|lady|gentleman|gent|person|resident|male|female|carer|nurse|member of staff|black|white|asian|welsh|scottish|irish|polish|deaf|blind)"
_TAIL = r"(?:\s+(?:on|in|at|from|with|who|here|that|to)\b[^.,;!?\n]{0,40}?(?=[.,;!?\n]|$))?"
QUASI_RE = _both(
    rf"\bthe\s+only\s+(?:\w+\s+){{0,2}}?{_PERSON}s?\b{_TAIL}"
    rf"|\b(?:the|our|their|its|\w+(?:'s|’s))\s+(?:oldest|youngest|tallest|newest)\s+(?:resident|man|woman|lady|gentleman|person|member)\b"
    rf"|\b(?:former|retired|ex-)\s?(?:mayor|mp|m\.p\.|councillor|vicar|headteacher|headmaster|headmistress|magistrate|judge|bishop|footballer|mayoress|olympian)\b"
)
GENERALISE = N_("someone")


def find_quasi(text: str, low: str | None = None) -> Iterator[Candidate]:
    for m in _scan(QUASI_RE, text, low):
        yield Candidate(m.start(), m.end(), "QUASI", GENERALISE, priority=10)
