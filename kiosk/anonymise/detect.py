"""find_identifiers: run every detector, keep the best non-overlapping findings, never the home's name."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left
from functools import lru_cache
from operator import attrgetter
from typing import Any, Mapping

from .finding import REASONS, Finding
from .names import KINSHIP_WORDS, find_names
from .patterns import Candidate, compile_all, find_patterns, lowered
from .quasi import find_quasi
from .roster import Roster, build
from . import cues, welsh
from .welsh import mutations
from .wordlists import fold, load_all

MAX_CHARS = 200_000  # longer pastes are scanned in full but capped to keep the tablet responsive


_VOWELS = {"a": "aâáàä", "e": "eêéèë", "i": "iîíìï", "o": "oôóòö", "u": "uûúùü", "w": "wŵẃẁẅ", "y": "yŷýỳÿ"}


def _loose(word: str) -> str:
    """Regex for a word with or without its accents ("Tŷ" also matches "Ty")."""
    out = []
    for ch in word:
        base = fold(ch)
        out.append(f"[{_VOWELS[base]}]" if base in _VOWELS else re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=32)
def _home_pattern(home: str) -> re.Pattern[str]:
    words = home.split()
    # Welsh mutates the first word after some words: "yn Nhŷ Gwyn", "i Dŷ Gwyn", "ym Mhlas Newydd"
    first = "(?:" + "|".join(_loose(w) for w in sorted(mutations(words[0]), key=len, reverse=True)) + ")"
    body = [first] + [_loose(w) for w in words[1:]]
    return re.compile(r"(?<!\w)" + r"\s+".join(body) + r"(?!\w)", re.IGNORECASE)


def _home_spans(text: str, home: str, low: str | None = None) -> list[tuple[int, int]]:
    """Where the home's own name appears (any case, any spacing, accents or not, the first word
    mutated): findings there are dropped. ``low`` is ``lowered(text)`` when the caller has it."""
    if not home or not home.strip():
        return []
    words = home.split()
    last = words[-1].lower()
    probe = last[1:] if len(words) == 1 else last
    rx = _home_pattern(home)
    if low is None:
        low = text.lower()  # (the caller's lowered text saves this: None there means the length changed)
    if not probe.isascii() or len(low) != len(text) or not probe:
        return [(m.start(), m.end()) for m in rx.finditer(text)]
    # scan only round each place the last word (or a single word's unmutated tail) appears: the
    # pattern tried at every character of the story cost more than all the rest of this function
    reach = 2 * len(home) + 64
    windows: list[list[int]] = []
    i = low.find(probe)
    while i >= 0:
        s, e = max(0, i - reach), min(len(text), i + len(probe) + 1)
        if windows and s <= windows[-1][1]:
            windows[-1][1] = e
        else:
            windows.append([s, e])
        i = low.find(probe, i + 1)
    return [(m.start(), m.end()) for s, e in windows for m in rx.finditer(text, s, e)]


def _overlaps(a0: int, a1: int, spans: list[tuple[int, int]]) -> bool:
    """Does [a0, a1) overlap any of ``spans`` (sorted, non-overlapping)? Binary search, so long texts stay fast."""
    i = bisect_left(spans, (a0, a0))
    return (i > 0 and spans[i - 1][1] > a0) or (i < len(spans) and spans[i][0] < a1)


def _family_word_before(text: str, k: int) -> bool:
    r"""Does a family word end at ``k`` ("My nan (90)", "Dad (87) is settling")? Then "(90)" is their age.

    (The search ``([^\W\d_]+)['’]?$`` in ``text[max(0, k - 24):k]``, worked back from ``k``: its match
    is the letters before ``k``, or before an apostrophe or a final newline there; the search tried
    every place.)"""
    lo = max(0, k - 24)
    j = k - 1 if k > lo and text[k - 1] == "\n" else k  # ("$" also matches before a final newline)
    if j > lo and text[j - 1] in "'’":
        j -= 1
    w = j
    while w > lo and text[w - 1].isalnum() and not text[w - 1].isdecimal():  # ([^\W\d_]: "_" is not alnum)
        w -= 1
    return w < j and text[w:j].lower() in KINSHIP_WORDS


_HOME_KINDS = frozenset({"NAME", "ROOM", "QUASI"})  # kinds the home's own name can be mistaken for
_BLOCKING = frozenset({"EMAIL", "PHONE", "NHS_NUMBER", "POSTCODE", "ADDRESS"})  # no name is found inside these
_SOFT = frozenset({"ROOM", "DATE", "AGE"})
_ROSTERS: dict[str, Roster] = {}
_LOADED: list[bool] = []


def warm_up() -> None:
    """Load the word lists and phonenumbers (~50 ms). The first find_identifiers calls it; the kiosk may
    call it at start-up instead."""
    load_all()
    cues.load_all()  # greetings, roles, pets, phrases, ... (issue 12)
    compile_all()  # the shape regexes, compiled lazily so the import stays cheap
    welsh.markers()  # Welsh lists (function words, common words), read with the others
    welsh.places()
    welsh.all_words()
    try:
        importlib.import_module("phonenumbers")  # ~25 ms; imported here rather than mid-story
    except ImportError:  # pragma: no cover
        pass
    _LOADED.append(True)


def _roster(roster: Any) -> Roster:
    """Parsed roster, cached by content (the kiosk passes the same roster for every keystroke)."""
    if type(roster) is not dict and not isinstance(roster, Mapping):  # (the ABC check is slow: dicts skip it)
        return build(None)
    try:
        # repr is the content for dicts, lists and strings, and several times cheaper than json.dumps;
        # the same roster with its keys in another order only misses the cache
        key = repr(roster)
    except Exception:  # an odd object in the roster whose repr fails
        key = None
    if key is not None and key in _ROSTERS:
        return _ROSTERS[key]
    try:
        r = build(roster)
    except Exception:  # a malformed roster must not stop the writer from sending
        r = build(None)
    if key is not None:
        if len(_ROSTERS) > 16:
            _ROSTERS.clear()
        _ROSTERS[key] = r
    return r


def _choose(cands: list[Candidate], text: str, home: list[tuple[int, int]]) -> list[Candidate]:
    """The candidates kept, in order of start: each in turn by priority unless it overlaps one kept
    before (a QUASI phrase is cut short instead) or, for the kinds in _HOME_KINDS, the home's name.
    Sorts ``cands`` in place."""
    # by priority (highest first), then start, then length (longest first): three stable sorts with
    # C keys instead of a Python key per candidate (at one start, the longer is the one ending later)
    cands.sort(key=_END, reverse=True)
    cands.sort(key=_START)
    cands.sort(key=_PRIORITY, reverse=True)
    # the chosen spans as two lists, sorted and non-overlapping (so the ends are sorted too), and the
    # chosen candidates in the same order: no tuple per candidate, and no sort at the end
    chosen: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for c in cands:
        s0, e0 = c.start, c.end
        i = bisect_left(starts, s0)  # (every chosen span is non-empty: none other starts at s0)
        if (i and ends[i - 1] > s0) or (i < len(starts) and starts[i] < e0):
            if c.kind == "QUASI":
                # keep "the only man on the ground floor" even when a name follows inside its tail
                if i < len(starts) and starts[i] > s0 and not (i and ends[i - 1] > s0):
                    c.end = e0 = len(text[s0 : starts[i]].rstrip()) + s0
                if e0 <= s0 or (i and ends[i - 1] > s0) or (i < len(starts) and starts[i] < e0):
                    continue
            else:
                continue
        elif e0 <= s0:
            continue
        if home and c.kind in _HOME_KINDS and _overlaps(s0, e0, home):
            continue  # (an email or phone number is still one when the home's name is inside it)
        chosen.insert(i, c)
        starts.insert(i, s0)
        ends.insert(i, e0)
    return chosen


def find_identifiers(text: str, roster: Mapping[str, Any] | None = None) -> list[Finding]:
    """Identifying details in ``text``, sorted by position and non-overlapping.

    ``roster`` is ``{"home": str, "residents": [names], "staff": [names or {"name", "role"}]}``;
    every key is optional. Never raises on odd input (it returns fewer findings instead).
    """
    if not isinstance(text, str) or not text:
        return []
    if not _LOADED:
        warm_up()
    text = text[:MAX_CHARS]
    r = _roster(roster)
    low = lowered(text)
    cands: list[Candidate] = find_patterns(text, low)
    blocked, soft = [], []
    after_name = False
    for c in cands:  # (one pass for both lists, and whether any detail needs a name before it)
        k = c.kind
        if k in _BLOCKING:
            blocked.append((c.start, c.end))
        elif k in _SOFT:
            soft.append((c.start, c.end))
        if c.needs_name_before:
            after_name = True
    names = find_names(text, r, blocked, soft)
    if after_name:
        name_ends = {c.end for c in names}
        kept_ages = []
        for c in cands:
            if c.needs_name_before:
                # "(86)" only counts right after a name
                k = c.start
                while k > 0 and text[k - 1] in " \t,(":
                    k -= 1
                if c.kind == "ROOM":  # "Lily in 14": the name is before "in"
                    if text[k - 3 : k].lower() != " in":
                        continue
                    k -= 3
                if k not in name_ends and not _family_word_before(text, k):
                    continue
            kept_ages.append(c)
        cands = kept_ages
    cands = cands + names + list(find_quasi(text, low))
    out = []
    for c in _choose(cands, text, _home_spans(text, r.home_name, low)):
        # ``Finding(...)`` without the frozen dataclass's ``__init__`` (an ``object.__setattr__`` per
        # field): its dict filled in field order, inline (replaces a helper call and a keyword
        # ``dict.update`` per finding); the same object, equal, hashed and printed alike
        f = _new(Finding)
        d = f.__dict__
        d["start"], d["end"], d["kind"], d["suggestion"] = c.start, c.end, c.kind, c.suggestion
        d["reason"] = c.reason or REASONS[c.kind]
        out.append(f)
    return out


_new = object.__new__
_START = attrgetter("start")  # (sort keys in C instead of lambdas)
_END = attrgetter("end")
_PRIORITY = attrgetter("priority")
