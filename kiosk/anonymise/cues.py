"""The word lists behind the issue-12 cues: greetings, roles, possessions, pets, businesses,
performers, staff places, and phrases that look like names but name nobody.

Why lists and not code: each cue is a small vocabulary that a care worker or translator can
extend without touching the rules (``assets/wordlists/``, sources and licences in SOURCES.md).
Phrases are kept as word tuples keyed by their first word, so matching one costs a dict look-up
per word of the story.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .wordlists import _read, fold, words

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the name finder's tokens see it: folded words, a possessive 's dropped."""
    if phrase.isascii() and phrase.replace(" ", "").replace("-", "").isalpha() and "--" not in phrase:
        # most lines: letters, spaces and inner hyphens ("stratford-upon-avon"), nothing to fold
        ws = phrase.lower().split()
        if all(w[0] != "-" and w[-1] != "-" for w in ws):
            return tuple(ws)
    out = []
    for w in _WORD.findall(phrase):
        if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS":
            w = w[:-2]
        out.append(fold(w))
    return tuple(out)


Phrases = dict[str, list[tuple[tuple[str, ...], str]]]


def _index(into: Phrases, name: str, kind: str, multi_only: bool = False) -> None:
    for line in _read(name):
        ws = phrase_words(line)
        if ws and (len(ws) > 1 or not multi_only):
            into.setdefault(ws[0], []).append((ws, kind))


@lru_cache(maxsize=None)
def phrases() -> Phrases:
    """First word -> [(words, kind)], longest first. Kinds: "never" (festivals, characters, brands:
    never a person), "famous" and "place" (not a person unless the roster says so)."""
    out: Phrases = {}
    _index(out, "not_name_phrases.txt", "never")
    _index(out, "famous_people.txt", "famous")
    _index(out, "places_multi.txt", "place")
    for v in out.values():
        v.sort(key=lambda p: -len(p[0]))
    return out


@lru_cache(maxsize=None)
def phrase_index() -> tuple[dict[str, str], dict[tuple[str, str], list[tuple[tuple[str, ...], str]]]]:
    """The phrases split for speed: one-word ones as word -> kind, longer ones keyed by their first
    two words (so a story's "the", "st" or "great" costs one failed look-up, not a list walk)."""
    single: dict[str, str] = {}
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
    for first, cands in phrases().items():
        for ws, kind in cands:
            if len(ws) == 1:
                single.setdefault(first, kind)
            else:
                pairs.setdefault((ws[0], ws[1]), []).append((ws, kind))
    return single, pairs


@lru_cache(maxsize=None)
def phrase_firsts() -> frozenset[str]:
    """Every word a phrase of ``phrase_index`` can start with (a story with none of them skips the look-ups)."""
    single, pairs = phrase_index()
    return frozenset(single) | frozenset(a for a, _ in pairs)


@lru_cache(maxsize=None)
def after_name_phrases() -> dict[str, list[tuple[str, ...]]]:
    """First word -> word tuples that, straight after a name, place a member of staff ("on nights")."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for line in _read("after_name_phrases.txt"):
        ws = phrase_words(line)
        if ws:
            out.setdefault(ws[0], []).append(ws)
    return out


@lru_cache(maxsize=None)
def greetings() -> tuple[str, ...]:
    """Greeting phrases, lower case, longest first ("good morning" before "morning")."""
    return tuple(sorted({" ".join(phrase_words(g)) for g in _read("greetings.txt")}, key=len, reverse=True))


@lru_cache(maxsize=None)
def greeting_last_words() -> frozenset[str]:
    return frozenset(g.split()[-1] for g in greetings())


@lru_cache(maxsize=None)
def greetings_by_last_word() -> dict[str, list[tuple[str, ...]]]:
    """Last word -> the greetings ending in it (as word tuples), longest first, so a word that ends
    no greeting costs one dict look-up."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for g in greetings():
        ws = tuple(g.split())
        out.setdefault(ws[-1], []).append(ws)
    return out


@lru_cache(maxsize=None)
def roles() -> frozenset[str]:
    return words("role_words.txt")


@lru_cache(maxsize=None)
def possessions() -> frozenset[str]:
    return words("person_possessions.txt")


@lru_cache(maxsize=None)
def pets() -> frozenset[str]:
    return words("pet_words.txt")


@lru_cache(maxsize=None)
def company_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words that mark a business in any case, words that do only when capitalised)."""
    raw = _read("company_words.txt")
    return frozenset(w for w in raw if w.islower()), frozenset(w.lower() for w in raw if not w.islower())


@lru_cache(maxsize=None)
def performer_words() -> frozenset[str]:
    return words("performer_words.txt")


def load_all() -> None:
    for f in (phrases, phrase_index, phrase_firsts, after_name_phrases, greetings, greeting_last_words, greetings_by_last_word, roles, possessions, pets, company_words,
              performer_words):
        f()
