"""Lazy, cached access to the plain-text word lists shipped in ``assets/wordlists``.

Lists are read on first use (not at import) so importing the anonymiser stays cheap; each is a
frozenset of lower-case, accent-folded entries.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from functools import lru_cache

from sync.assets import asset_path


def fold(s: str) -> str:
    """Lower-case and strip accents, so "Wiśniewska" and "wisniewska" compare equal."""
    s = s.lower()
    if s.isascii():
        return s
    s = s.replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _read(name: str) -> list[str]:
    with open(asset_path("wordlists", name), encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    return [ln.strip() for ln in lines if ln and not ln.startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """Entries of ``name`` (a file in the wordlists folder), folded."""
    return frozenset(w if w.isascii() and w.islower() else fold(w) for w in _read(name))


class SortedWords:
    """Membership test by binary search over a sorted list: no hashing of 40,000 words at start-up."""

    __slots__ = ("_items",)

    def __init__(self, items: list[str]) -> None:
        self._items = items

    def __contains__(self, word: object) -> bool:
        i = bisect_left(self._items, word)
        return i < len(self._items) and self._items[i] == word

    def __len__(self) -> int:
        return len(self._items)


class Membership(dict):
    """``m[word]`` is ``word in words()``, remembered per word: a dict look-up runs in C, the sorted
    lists' bisect in Python, and the name finder asks about the same words story after story."""

    __slots__ = ("_words",)

    def __init__(self, words) -> None:  # words: the function returning the list (read on first use)
        super().__init__()
        self._words = words

    def __missing__(self, word: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        found = self[word] = word in self._words()
        return found


def _sorted(name: str) -> SortedWords:
    """A generated list (already lower case and sorted by build_wordlists.py)."""
    with open(asset_path("wordlists", name), encoding="utf-8") as fh:
        items = fh.read().splitlines()
    if any(a > b for a, b in zip(items[:50], items[1:51])):  # cheap guard against a hand-edited file
        items.sort()
    return SortedWords(items)


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    """Given names: Faker's 39 locales, the hand list, US birth records (issue 12) and every short
    form in nicknames.txt ("Paddy", "Albie"), folded."""
    short = {w for line in _read("nicknames.txt") for w in line.split()}
    return words("first_names.txt") | words("first_names_extra.txt") | words("first_names_us.txt") | frozenset(short)


@lru_cache(maxsize=None)
def core_first_names() -> frozenset[str]:
    """Faker's and the hand list's given names, without the long tail of US birth records: enough
    evidence on its own that a lower-case word in a lower-case story is a name."""
    return words("first_names.txt") | words("first_names_extra.txt")


@lru_cache(maxsize=None)
def accented_first_names() -> frozenset[str]:
    """Listed given names spelt with accents, lower case but not folded ("siân", "elżbieta").

    A typed word with accents must match one of these exactly: "Lân" (a Welsh hymn) is not "Lan".
    """
    raw = _read("first_names.txt") + _read("first_names_extra.txt")
    return frozenset(w.lower() for w in raw if not w.isascii())


@lru_cache(maxsize=None)
def surnames() -> SortedWords:
    return _sorted("surnames.txt")


@lru_cache(maxsize=None)
def common_words() -> SortedWords:
    """Everyday English words (SCOWL size 35): a name that is also one needs a cue."""
    return _sorted("english_common.txt")


@lru_cache(maxsize=None)
def informal_words() -> frozenset[str]:
    """Informal and regional words SCOWL lacks ("lol", "nan", "ta"), treated like common words."""
    return words("informal_words.txt")


@lru_cache(maxsize=None)
def rare_words() -> SortedWords:
    """Less common English words (SCOWL size 50 minus size 35)."""
    return _sorted("english_rare.txt")


@lru_cache(maxsize=None)
def places_also_names() -> frozenset[str]:
    """Countries and towns that are also given names ("Paris", "India"): these need a person cue."""
    return words("places_also_names.txt") | words("places_also_names_geo.txt")


@lru_cache(maxsize=None)
def places() -> SortedWords:
    """One-word places (GeoNames: UK and Irish towns and villages, big cities, countries, US states;
    ISO 3166-2: UK and Irish counties and regions): a capitalised unknown word that is one is not a name."""
    return _sorted("places.txt")


@lru_cache(maxsize=None)
def proper_nouns() -> SortedWords:
    """Capitalised words that name places, languages, festivals or brands rather than people."""
    return _sorted("proper_nouns.txt")


@lru_cache(maxsize=None)
def proper_nouns_extra() -> frozenset[str]:
    return words("proper_nouns_extra.txt")


@lru_cache(maxsize=None)
def not_names() -> frozenset[str]:
    return words("not_names.txt")


@lru_cache(maxsize=None)
def nicknames() -> dict[str, frozenset[str]]:
    """Map each given name or short form to every other form of the same name."""
    groups: dict[str, set[str]] = {}
    for line in _read("nicknames.txt"):
        forms = [fold(w) for w in line.split()]
        for f in forms:
            groups.setdefault(f, set()).update(forms)
    return {k: frozenset(v) for k, v in groups.items()}


def load_all() -> None:
    """Read every list now (about 20 ms), so no later call pays for a lazy load mid-story."""
    for f in (first_names, core_first_names, accented_first_names, surnames, common_words, informal_words, rare_words,
              places_also_names, places, proper_nouns, proper_nouns_extra, not_names, nicknames):
        f()
