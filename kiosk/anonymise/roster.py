"""The home's roster turned into a lookup: which words are residents' or staff names, and each staff role.

Why: a roster name is found however it is typed ("sandra", "Mrs Ainsworth", "Reg" for Reginald),
and the suggestion for a staff name is their role, so the writer keeps their point without
naming anyone. The home's own name is collected here too, because it is never flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .finding import N_
from .wordlists import fold, nicknames

RESIDENT = N_("a resident")
STAFF = N_("a member of staff")
NURSE = N_("a nurse")
CARER = N_("a carer")
MANAGER = N_("a manager")
DOCTOR = N_("a doctor")
COOK = N_("a cook")
SOMEONE = N_("someone")

# Role words (as typed in a roster entry or used as a title) -> the fixed suggestion.
ROLE_SUGGESTIONS = {
    "nurse": NURSE, "sister": NURSE, "matron": NURSE, "rgn": NURSE, "rmn": NURSE, "charge nurse": NURSE,
    "staff nurse": NURSE, "nursing assistant": CARER, "carer": CARER, "care assistant": CARER,
    "care worker": CARER, "senior carer": CARER, "support worker": CARER, "hca": CARER,
    "healthcare assistant": CARER, "manager": MANAGER, "deputy manager": MANAGER,
    "registered manager": MANAGER, "home manager": MANAGER, "doctor": DOCTOR, "dr": DOCTOR, "gp": DOCTOR,
    "cook": COOK, "chef": COOK,
    # Welsh (Cymraeg) role words
    "nyrs": NURSE, "metron": NURSE, "nyrs staff": NURSE, "meddyg": DOCTOR, "meddyg teulu": DOCTOR,
    "gofalwr": CARER, "gofalwraig": CARER, "gofalydd": CARER, "gweithiwr gofal": CARER,
    "cynorthwy-ydd gofal": CARER, "cynorthwyydd gofal": CARER, "uwch ofalwr": CARER, "uwch ofalwraig": CARER,
    "rheolwr": MANAGER, "rheolwraig": MANAGER, "dirprwy reolwr": MANAGER, "dirprwy reolwraig": MANAGER,
    "cogydd": COOK, "cogyddes": COOK,
}  # fmt: skip

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "nurse", "sister", "matron", "carer", "rev", "revd",
          "nyrs", "meddyg", "gofalwr", "gofalwraig", "gofalydd", "rheolwr", "rheolwraig", "metron", "cogydd", "parch"}
# Words in a home's name too generic to mark a word as the home's own (e.g. "House", "View").
GENERIC_HOME_WORDS = {
    "the", "house", "lodge", "court", "view", "care", "home", "homes", "hall", "manor", "nursing",
    "residential", "gardens", "garden", "park", "place", "centre", "center", "ltd", "limited", "and",
    "of", "st", "saint", "grange", "villa", "villas", "cottage", "mews", "lodges", "ty", "tŷ", "plas",
}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass
class Person:
    given: set[str] = field(default_factory=set)  # given names and short forms, folded
    surnames: set[str] = field(default_factory=set)
    group: str = "staff"  # "staff" or "resident"
    role: str | None = None  # suggestion text for staff


@dataclass
class Roster:
    people: list[Person] = field(default_factory=list)
    index: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # folded word -> (person, "given"/"surname")
    home_words: set[str] = field(default_factory=set)
    home_name: str = ""

    def lookup(self, word: str) -> list[tuple[int, str]]:
        return self.index.get(fold(word), [])

    def suggestion_for(self, people: set[int]) -> str:
        """Role of the matched person(s): one suggestion if they agree, "someone" if not."""
        sugs = {RESIDENT if self.people[p].group == "resident" else (self.people[p].role or STAFF) for p in people}
        return sugs.pop() if len(sugs) == 1 else SOMEONE


def _words(s: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(s)]


def role_suggestion(role: str | None) -> str | None:
    if not role:
        return None
    return ROLE_SUGGESTIONS.get(fold(role).strip(), STAFF)


def build(roster: Mapping[str, Any] | None) -> Roster:
    """Parse ``{"home": ..., "residents": [...], "staff": [names or {"name", "role"}]}``; bad entries are skipped."""
    r = Roster()
    if not roster:
        return r
    home = roster.get("home")
    if isinstance(home, str):
        r.home_name = home
        r.home_words = {w for w in _words(home) if w not in GENERIC_HOME_WORDS and len(w) > 2}
    entries: list[tuple[str, str, str | None]] = []
    for group, key in (("resident", "residents"), ("staff", "staff")):
        items = roster.get(key) or []
        if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
            continue
        for item in items:
            if isinstance(item, str):
                entries.append((item, group, None))
            elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
                role = item.get("role")
                entries.append((item["name"], group, role if isinstance(role, str) else None))
    for name, group, role in entries:
        words = _words(name)
        title = None
        while words and words[0] in TITLES:
            title = words.pop(0)
        if not words:
            continue
        p = Person(group=group)
        p.role = role_suggestion(role) or (role_suggestion(title) if title in ROLE_SUGGESTIONS else None)
        if title and title not in ROLE_SUGGESTIONS and len(words) == 1:
            p.surnames.add(words[0])  # "Mr Fairclough"
        else:
            p.given.add(words[0])
            p.surnames.update(words[1:])
        r.people.append(p)
    _merge(r)
    for i, p in enumerate(r.people):
        forms = set(p.given)
        for g in p.given:
            forms |= nicknames().get(g, frozenset())
        for g in forms:
            r.index.setdefault(g, []).append((i, "given"))
        for s in p.surnames:
            r.index.setdefault(s, []).append((i, "surname"))
    return r


def _merge(r: Roster) -> None:
    """Entries sharing a given name or surname in the same group are one person ("Joy Mensah" + "Nurse Joy")."""
    merged: list[Person] = []
    for p in r.people:
        for q in merged:
            if q.group == p.group and (
                (p.given and p.given & q.given and (not p.surnames or not q.surnames or p.surnames & q.surnames))
                or (not p.given and p.surnames & q.surnames)
                or (not q.given and p.surnames & q.surnames)
            ):
                q.given |= p.given
                q.surnames |= p.surnames
                q.role = _more_specific(q.role, p.role)
                break
        else:
            merged.append(p)
    # short forms listed on their own ("Chi" next to "Chidinma Eze") join the person they abbreviate
    final: list[Person] = []
    for p in merged:
        if len(p.given) == 1 and not p.surnames:
            g = next(iter(p.given))
            owners = [q for q in merged if q is not p and q.group == p.group and q.surnames
                      and any(x.startswith(g) or g in nicknames().get(x, ()) for x in q.given)]
            if len(owners) == 1:
                owners[0].given.add(g)
                owners[0].role = _more_specific(owners[0].role, p.role)
                continue
        final.append(p)
    r.people = final


def _more_specific(a: str | None, b: str | None) -> str | None:
    if a in (None, STAFF):
        return b or a
    return a
