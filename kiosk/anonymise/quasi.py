"""Phrases that single one person out without naming them ("the only man on the ground floor").

Why a separate, gentle kind: in a home of twenty residents "the only Welsh speaker" identifies
someone as surely as a name. These prompts are suggestions to generalise, not errors, so the
patterns are few and specific to keep false prompts rare.
"""

from __future__ import annotations

import re

from typing import Iterator

from .finding import N_
from .patterns import Candidate, _both

_NOUN = r"(?:man|men|woman|women|lady|ladies|gentleman|gent|person|resident|male|female|carer|nurse|member of staff|speaker)"
_ADJ = r"(?:black|white|asian|welsh|scottish|irish|polish|jewish|muslim|sikh|hindu|deaf|blind|gay|lesbian|trans|young|younger)"
_PERSON = rf"(?:{_NOUN}|{_ADJ}(?:\s+(?:{_NOUN}|one))?)"
_TAIL = r"(?:\s+(?:on|in|at|from|with|who|here|that|to)\b(?:[ \t]+[\w'’-]+){0,4})?"
QUASI_RE = _both(
    rf"\bthe\s+only\s+(?:\w+\s+){{0,2}}?{_PERSON}\b{_TAIL}"
    rf"|\b(?:the|our|their|its|\w+(?:'s|’s))\s+(?:oldest|youngest|tallest|newest)\s+(?:resident|man|woman|lady|gentleman|person|member)\b"
    rf"|\b(?:former|retired|ex-)\s?(?:mayor|mp|m\.p\.|councillor|vicar|headteacher|headmaster|headmistress|magistrate|judge|bishop|footballer|mayoress|olympian)\b"
)
GENERALISE = N_("someone")


_TRAILING = re.compile(r"(?:\s+(?:and|but|so|or|the|a|an|then|because|who|that|which|is|was|he|she|they|it|on|in|at|to|from|with|of))+$", re.IGNORECASE)


_PROBES = ("only", "oldest", "youngest", "tallest", "newest", "former", "retired", "ex-")


def find_quasi(text: str, low: str | None = None) -> Iterator[Candidate]:
    rx, src = (QUASI_RE[0], low) if low is not None else (QUASI_RE[1], text)
    if low is not None:
        # every match starts at a probe word or the word just before it: try the pattern there
        # (re.match) rather than searching the whole story, which tried it at every character; with
        # none of the words _starts finds none, so no probe for them first (it repeated _starts' finds)
        pos = 0
        for st in _starts(low):
            if st < pos:
                continue
            m = rx.match(src, st)
            if m is None:
                continue
            end = m.start() + len(_TRAILING.sub("", m.group()))
            yield Candidate(m.start(), end, "QUASI", GENERALISE, priority=10)
            pos = max(end, m.start() + 1)
        return
    if not any(map(text.lower().__contains__, _PROBES)):  # (replaces a generator: no Python frame per word)
        return  # every pattern holds one of these words
    pos = 0
    while True:
        m = rx.search(src, pos)
        if m is None:
            return
        end = m.start() + len(_TRAILING.sub("", m.group()))
        yield Candidate(m.start(), end, "QUASI", GENERALISE, priority=10)
        pos = max(end, m.start() + 1)  # resume after the trimmed phrase, not the raw match


_SUPERLATIVES = ("oldest", "newest", "tallest", "youngest")  # (in _PROBES: every one ends in "est")


def _places(low: str) -> list[tuple[str, int]]:
    """Every (probe word, place) in ``low``: what a ``find`` loop per word in _PROBES gives, with the
    four superlatives found from one loop over "est" (rare) instead of four scans of the story."""
    out = []
    for p in ("only", "former", "retired", "ex-"):
        i = low.find(p)
        while i >= 0:
            out.append((p, i))
            i = low.find(p, i + 1)
    i = low.find("est")
    while i >= 0:
        for p in _SUPERLATIVES:
            k = i + 3 - len(p)
            if k >= 0 and low.startswith(p, k):
                out.append((p, k))
                break  # (no two of them end at one place)
        i = low.find("est", i + 3)
    return out


def _starts(low: str) -> list[int]:
    """Where a match can start: "the" before "only"; the word before "oldest" ("our", "Larkspur's");
    "former", "retired", "ex-" themselves."""
    out: set[int] = set()
    for p, i in _places(low):
        if p in ("former", "retired", "ex-"):
            out.add(i)
        else:
            q = i
            while q > 0 and low[q - 1].isspace():
                q -= 1
            if q == i:
                pass
            elif p == "only":
                if q >= 3:
                    out.add(q - 3)  # "the only"
            else:
                out.update(q - len(d) for d in ("the", "our", "their", "its") if q >= len(d) and low[q - len(d) : q] == d)
                if q >= 3 and low[q - 2 : q] in ("'s", "’s"):
                    w = q - 2
                    while w > 0 and (low[w - 1].isalnum() or low[w - 1] == "_"):
                        w -= 1
                    out.add(w)  # "Larkspur's oldest"
    return sorted(out)
