"""Shape-based detectors: contact details, NHS numbers, postcodes, addresses, dates, ages and rooms.

Each detector yields ``Candidate`` objects; ``detect.py`` resolves overlaps between them and the
name finder. Every regex here is linear (no nested open-ended repeats) so a 100,000-character
paste cannot stall the kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Iterator

from .finding import N_
from .wordlists import words


@dataclass(slots=True)  # (slots: made and read for every detail, a little cheaper)
class Candidate:
    start: int
    end: int
    kind: str
    suggestion: str = ""
    priority: int = 0
    reason: str | None = None
    # AGE written as "(86)" only counts straight after a name
    needs_name_before: bool = False


class Lazy:
    """A regex compiled on first use (or by ``compile_all()``, which ``warm_up()`` calls).

    Why: compiling this module's ~60 patterns took most of ``import kiosk.anonymise`` (~50 ms, far
    more on a busy machine); the kiosk imports the anonymiser long before the first story. After the
    first use the compiled pattern's methods sit on the object, so no lookup goes through here again.
    """

    _all: list["Lazy"] = []

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        Lazy._all.append(self)

    def __getattr__(self, name: str):
        rx = re.compile(*self._args)
        for attr in ("finditer", "search", "match", "fullmatch", "findall", "sub", "split", "pattern", "flags"):
            setattr(self, attr, getattr(rx, attr))
        return getattr(rx, name)


def compile_all() -> None:
    """Compile every pattern stories need; the IGNORECASE twins of ``_both`` stay lazy (they are
    only for the rare text whose lower-casing changes its length)."""
    for rx in Lazy._all:
        if id(rx) not in _FALLBACKS:
            rx.search  # noqa: B018 - compiles it
    _age_owners()
    _age_adjectives()  # (the two small word lists the age cues read)


_FALLBACKS: set[int] = set()


def _both(pattern: str) -> tuple[Lazy, Lazy]:
    """Two patterns: case-sensitive for pre-lowered text (much faster than IGNORECASE) and a fallback."""
    fallback = Lazy(pattern, re.IGNORECASE)
    _FALLBACKS.add(id(fallback))
    return Lazy(pattern), fallback


def _scan(pair: tuple[re.Pattern[str], re.Pattern[str]], text: str, low: str | None,
          spans: list[tuple[int, int]] | None = None) -> Iterator[re.Match[str]]:
    rx, src = (pair[0], low) if low is not None else (pair[1], text)
    if spans is None:
        return rx.finditer(src)
    return _each(rx, src, spans)


Spans = list[tuple[int, int]]
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s")
BEFORE, AFTER = 32, 40  # no detail starts more than 32 characters before its number or needs 40 past it
WIDE_AFTER = 72  # a street address: number, up to three words, the street word


class Windows(list):
    """Windows (start, end) around digits, plus how many digits each holds (``counts``)."""

    counts: list[int]

    def with_digits(self, least: int) -> Spans:
        """Only the windows holding at least ``least`` digits (an NHS number needs ten)."""
        return [w for w, c in zip(self, self.counts) if c >= least]


_ASCII_BYTES = bytes(range(128))


def _only_ascii_digits(text: str) -> bool:
    """No decimal digit but 0-9 in ``text``, so ``[0-9]`` is ``\\d``.

    Deleting the ASCII bytes from the UTF-8 leaves exactly the other characters, still valid UTF-8,
    and a story has few of them (curly quotes, dashes): a few C passes instead of ``set(text)``."""
    if text.isascii():
        return True
    # (replaces `not any(ch.isdecimal() for ch in set(text) if ch >= "\u0660")`: \d is isdecimal)
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return _DIGITS.search(rest) is None


def number_runs(text: str, rx: re.Pattern[str] = _DIGITS) -> list[tuple[int, int]]:
    """Where the digits (or, with ``_NUMBERS``, the number words) are: one scan, shared by the windows."""
    if rx is _DIGITS and _only_ascii_digits(text):
        return _ascii_digit_runs(text)
    return [m.span() for m in rx.finditer(text)]


def _ascii_digit_runs(text: str) -> list[tuple[int, int]]:
    """``[m.span() for m in re.finditer("[0-9]+", text)]``, from ``str.find`` per digit: a story has a
    few dozen digits, and finding each in C is several times cheaper than the regex scan."""
    at: list[int] = []
    find = text.find
    for d in "0123456789":
        i = find(d)
        while i >= 0:
            at.append(i)
            i = find(d, i + 1)
    if not at:
        return []
    at.sort()
    out = []
    s = p = at[0]
    for i in at[1:]:
        if i != p + 1:
            out.append((s, p + 1))
            s = i
        p = i
    out.append((s, p + 1))
    return out


def digit_windows(text: str, after: int = AFTER, rx: re.Pattern[str] = _DIGITS,
                  runs: list[tuple[int, int]] | None = None) -> Windows:
    """Stretches of text around the digits, where every detail that needs a digit must lie.

    Why: a 1,000-character story has a handful of numbers, and scanning only near them is several
    times cheaper than running a dozen regexes over every character. Searching with ``pos`` keeps
    look-behinds and ``\\b`` exact; each window ends at a space, so look-aheads see what they would.
    ``runs`` (from ``number_runs``) saves the scan when the caller has it."""
    out = Windows()
    counts: list[int] = []
    n = len(text)
    search = _SPACE.search
    # A window's end only grows with its numbers (the first space after a later point), so it is
    # looked for only when a number starts past the last one's reach, not once per number (and
    # once, inline, when it closes the window: no helper call, no second search).
    s0 = reach = digits = -1  # the open window's start, its last number's end + after, its digit count
    for ms, me in runs if runs is not None else number_runs(text, rx):
        s = ms - BEFORE if ms > BEFORE else 0
        if s0 >= 0:
            if s > reach:
                sp = search(text, reach) if reach < n else None
                e = sp.start() if sp else n  # the first white space at or after reach
                if s > e:
                    out.append((s0, e))
                    counts.append(digits)
                    s0, reach, digits = s, me + after, me - ms
                    continue
            reach, digits = me + after, digits + me - ms
            continue
        s0, reach, digits = s, me + after, me - ms
    if s0 >= 0:
        sp = search(text, reach) if reach < n else None
        out.append((s0, sp.start() if sp else n))
        counts.append(digits)
    out.counts = counts
    return out


def _each(rx: re.Pattern[str], src: str, spans: Spans) -> Iterator[re.Match[str]]:
    for s, e in spans:
        yield from rx.finditer(src, s, e)


def _at(rx: re.Pattern[str], src: str, starts: list[int]) -> list[re.Match[str]]:
    """``rx.match`` at each of ``starts``: for a pattern that can only start at a number (or a fixed
    few characters before it), one anchored try per number instead of a scan of its window.

    (A list from ``filter``/``map`` in C, replacing a generator: ~18 of these a story, most empty.)"""
    return list(filter(None, map(rx.match, repeat(src), starts))) if starts else []


def _at_leftmost(rx: re.Pattern[str], src: str, starts: list[int], endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``_at`` for sorted ``starts`` that may overlap: like ``finditer``, a match hides the starts inside it."""
    match, end = rx.match, -1
    if endpos is None:
        endpos = len(src)
    for p in starts:
        if p < end:
            continue
        m = match(src, p, endpos)
        if m is not None:
            end = m.end()
            yield m


def _window_runs(spans: Spans, runs: Spans) -> Iterator[tuple[int, int, Spans]]:
    """Each window (start, end) with the runs inside it (both sorted; every run lies in one window)."""
    i, n = 0, len(runs)
    for s, e in spans:
        while i < n and runs[i][0] < s:
            i += 1
        j = i
        while j < n and runs[j][0] < e:
            j += 1
        yield s, e, runs[i:j]
        i = j


def _pick(pair: tuple[re.Pattern[str], re.Pattern[str]], low: str | None) -> re.Pattern[str]:
    return pair[0] if low is not None else pair[1]


def _back_spaces(src: str, i: int) -> int:
    """The index after skipping white space (``\\s``) backwards from ``i``."""
    while i > 0 and src[i - 1].isspace():
        i -= 1
    return i


def _back_blanks(src: str, i: int) -> int:
    """The index after skipping spaces and tabs backwards from ``i``."""
    while i > 0 and src[i - 1] in " \t":
        i -= 1
    return i


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (a few characters, like "İ", grow when lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else None


PRIORITY = {
    "EMAIL": 100,
    "NHS_NUMBER": 90,
    "PHONE": 80,
    "POSTCODE": 70,
    "ADDRESS": 65,
    "DATE": 60,
    "ROOM": 55,
    "AGE": 50,
    "NAME": 40,
    "QUASI": 10,
}

# --- email -------------------------------------------------------------------------------------

EMAIL_RE = Lazy(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+"
)


_DOMAIN_RUN = Lazy(r"[A-Za-z0-9.-]*")  # what can follow an "@" in an address


def find_emails(text: str) -> Iterator[Candidate]:
    if "@" not in text:
        return
    for s, e in _email_windows(text):
        for m in EMAIL_RE.finditer(text, s, e):  # (replaces one EMAIL_RE.finditer over the whole story)
            yield Candidate(m.start(), m.end(), "EMAIL", "")


def _email_windows(text: str) -> Spans:
    """Where addresses can be, merged: from 64 characters before each "@" (the longest local part)
    to the end of the domain characters after it. Every match holds one "@" and lies in its window,
    and no match crosses a window's edge, so scanning the windows finds what a scan of the story does
    (whose ~50 ns a character the lookbehind at every position cost)."""
    out: Spans = []
    domain = _DOMAIN_RUN.match
    a = text.find("@")
    while a >= 0:
        s, e = max(0, a - 64), domain(text, a + 1).end()
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        a = text.find("@", e)
    return out


# --- NHS numbers (10 digits, mod-11 check digit) ----------------------------------------------

NHS_RE = Lazy(r"(?<![\d+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?!\d)")


def nhs_valid(digits: str) -> bool:
    """The NHS number check: weights 10..2 on the first nine digits, 11 - (sum mod 11) is digit ten."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs(text: str, spans: Spans | None = None, runs: Spans | None = None) -> Iterator[Candidate]:
    if runs is not None and spans is not None:
        # an NHS number starts a run of exactly three digits (then a separator) or ten, not after "+":
        # tried there in each window, as finditer would find them (replaces a scan of the windows)
        found = []
        for s, e, inside in _window_runs(spans, runs):
            starts = [ms for ms, me in inside if (me - ms == 3 or me - ms == 10) and text[ms - 1 : ms] != "+"]
            if starts:
                found += _at_leftmost(NHS_RE, text, starts, e)
    else:
        found = NHS_RE.finditer(text) if spans is None else _each(NHS_RE, text, spans)
    for m in found:
        if nhs_valid(m.group(1) + m.group(3) + m.group(4)):
            yield Candidate(m.start(), m.end(), "NHS_NUMBER", "")


# --- phone numbers -----------------------------------------------------------------------------

# A loose shape first (cheap), then libphonenumber decides whether it is a possible number.
PHONE_RE = Lazy(
    r"(?:(?<!\+)\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?|(?<![\w+])(?:\(0\d{2,4}\)[ .-]?|0))\d(?:[ .-]?\d){4,11}(?!\d)"
)


def _phone_ok(raw: str) -> bool:
    digits = sum(c.isdigit() for c in raw)
    if raw.startswith("0") or raw.startswith("(0"):
        ok = 10 <= digits <= 11
    else:
        ok = 8 <= digits <= 15
    return ok and _possible_phone(raw)


def find_phones(text: str, spans: Spans | None = None, runs: Spans | None = None) -> Iterator[Candidate]:
    if runs is not None and spans is not None:
        for s, e, inside in _window_runs(spans, runs):
            yield from _phones_in(text, s, e, _phone_starts(text, inside))
        return
    for s, e in spans if spans is not None else [(0, len(text))]:
        yield from _phones_in(text, s, e)


def _phone_starts(text: str, runs: Spans) -> list[int]:
    """Where ``PHONE_RE`` can match: the "+" or "(" just before a number, or a number's leading 0
    (its look-behinds put every start there), in order."""
    out = []
    for ms, _ in runs:
        if ms and text[ms - 1] in "+(":
            out.append(ms - 1)
        if text[ms] == "0":
            out.append(ms)
    return out


def _phones_in(text: str, pos: int, endpos: int, starts: list[int] | None = None) -> Iterator[Candidate]:
    """Phone numbers in ``text[pos:endpos]``; with ``starts`` (every place a match can start, sorted)
    the pattern is tried only there: the first start at or after ``pos`` that matches is what
    ``PHONE_RE.search`` would find (replaces a scan of the window)."""
    match, k = PHONE_RE.match, 0
    while True:
        if starts is None:
            m = PHONE_RE.search(text, pos, endpos)
        else:
            m = None
            while k < len(starts):
                p = starts[k]
                k += 1
                if p >= pos:
                    m = match(text, p, endpos)
                    if m is not None:
                        break
        if m is None:
            return
        raw = m.group()
        # the loose shape may run on into a second number ("07700 900417 07700 900417"):
        # try the whole match, then shorter prefixes ending at a separator
        cuts = [len(raw)] + [i for i in range(len(raw) - 1, 0, -1) if raw[i] in " .-"]
        for cut in cuts:
            sub = raw[:cut].rstrip(" .-")
            if _phone_ok(sub):
                yield Candidate(m.start(), m.start() + len(sub), "PHONE", "")
                pos = m.start() + len(sub)
                break
        else:
            pos = m.start() + 1


def _possible_phone(raw: str) -> bool:
    try:
        import phonenumbers  # imported lazily: keeps `import kiosk.anonymise` fast
    except ImportError:  # pragma: no cover - dependency declared in pyproject
        return True
    try:
        num = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(num)


# --- postcodes ---------------------------------------------------------------------------------

POSTCODE_RE = Lazy(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZa-pr-uwyz][A-HK-Ya-hk-y]?\d[A-Za-z\d]?|GIR|gir)[ \t]{0,2}\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])"
)


def find_postcodes(text: str, spans: Spans | None = None, runs: list[tuple[int, int]] | None = None) -> Iterator[Candidate]:
    if runs is not None:  # a postcode starts one or two letters before its first digit ("M1 1AE", "LS21 3HP", "GIR 0AA")
        starts = set()
        for ms, me in runs:
            # (a letter must come straight before the digit, and then perhaps one more: replaces a
            # try of both places before every number; a start that cannot match hides nothing)
            if ms and text[ms - 1].isalpha():
                starts.add(ms - 1)
                if ms >= 2 and text[ms - 2].isalpha():
                    starts.add(ms - 2)
            if me - ms != 1 or not text[me : me + 1].isalpha():
                continue  # ("GIR 0AA": one digit, then the letters; replaces two looks for "GIR" in the story)
            q = ms
            while q > 0 and ms - q < 2 and text[q - 1] in " \t":
                q -= 1
            if q >= 3 and text[q - 3 : q] in ("GIR", "gir"):
                starts.add(q - 3)
        found = _at_leftmost(POSTCODE_RE, text, sorted(starts))
    else:
        found = POSTCODE_RE.finditer(text) if spans is None else _each(POSTCODE_RE, text, spans)
    for m in found:
        s = m.group()
        # "b4 2pm"-style false hits: a time ends in am/pm
        if s[-2:].lower() in ("am", "pm") and not s[:1].isupper():
            continue
        yield Candidate(m.start(), m.end(), "POSTCODE", "")


# --- street addresses --------------------------------------------------------------------------

STREET_WORDS = (
    "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Cres|Court|Ct|Place|Pl|Grove|"
    "Gardens|Gdns|Terrace|Terr|Walk|View|Hill|Row|Square|Sq|Mews|Park|Rise|Green|Parade|Vale|"
    "Fold|Croft|Brow|Bank|Wynd|Brae|Gate|Yard|Meadow|Meadows|Chase|Mount|Cottages|Heights|End|Boulevard"
)
# Welsh and Cornish street names put the street word first: "Heol y Nant", "Maes y Deri".
STREET_FIRST = "Heol|Ffordd|Stryd|Maes|Lôn|Lon|Rhodfa|Clos|Cae|Llys|Parc|Bryn|Stret|Fordh"
NAME_WORD = r"[A-Z][\w'’-]*"
ADDRESS_RE = Lazy(
    r"(?:\b(?:Flat|flat|Apartment|Apt|Unit)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?,?\s+"
    r"(?:"
    rf"(?:{NAME_WORD}\s+){{1,3}}(?:{STREET_WORDS})\b"
    rf"|(?:{STREET_FIRST})(?:\s+(?:y|yr|'r|an|a|{NAME_WORD})){{1,3}}\b"
    r")"
)


_FLAT_WORDS = ("Flat", "flat", "Apartment", "Apt", "Unit")


_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _street_may_follow(text: str, me: int) -> bool:
    """Whether ADDRESS_RE can go on after a house number ending at ``me``: a letter and a comma
    perhaps, white space, then a capital (every name word and Welsh street word starts with one).
    False means the pattern cannot match at the number (so it is not tried)."""
    n = len(text)
    j = me + 1 if me < n and text[me] in _LETTERS else me
    if j < n and text[j] == ",":
        j += 1
    if not text[j : j + 1].isspace():
        return False
    # (one blank, the common case, without a call: replaces _skip_spaces(text, j) for every number)
    k = _skip_spaces(text, j + 1) if text[j + 1 : j + 2].isspace() else j + 1
    return k < n and "A" <= text[k] <= "Z"


def find_addresses(text: str, spans: Spans | None = None, runs: list[tuple[int, int]] | None = None,
                   back: dict[int, int] | None = None) -> Iterator[Candidate]:
    if runs is not None:  # an address starts at its house number, or at "Flat" before a flat number
        starts = []
        for ms, me in runs:
            if me - ms > 4:
                continue
            q = back[ms] if back is not None else _back_spaces(text, ms)
            if q < ms and text[q - 1] == "t":  # (each of the words ends in "t")
                for f in _FLAT_WORDS:  # the whole word before the white space is one (replaces a walk back over it)
                    w = q - len(f)
                    if w >= 0 and text.startswith(f, w) and not (w and text[w - 1].isalpha()):
                        starts.append(w)
                        break
            if _street_may_follow(text, me):
                starts.append(ms)
        found = _at_leftmost(ADDRESS_RE, text, sorted(set(starts)))
    else:
        found = ADDRESS_RE.finditer(text) if spans is None else _each(ADDRESS_RE, text, spans)
    for m in found:
        yield Candidate(m.start(), m.end(), "ADDRESS", "")


# --- dates -------------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# Fixed strings (one per month) so each is a translatable msgid.
IN_MONTH = (
    None, N_("in January"), N_("in February"), N_("in March"), N_("in April"), N_("in May"),
    N_("in June"), N_("in July"), N_("in August"), N_("in September"), N_("in October"),
    N_("in November"), N_("in December"),
)  # fmt: skip
MONTH_NAME = (
    None, N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip

_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:19|20)\d{2}"
DATE_NUMERIC_RE = Lazy(r"(?<![\d./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
DATE_ISO_RE = Lazy(r"(?<![\d./-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d-])")
DATE_DAY_MONTH_RE = _both(
    rf"(?<![\w£$.])(?:the\s+)?(\d{{1,2}}){_ORD}?(?:\s+of)?\s+({_MON})\.?(?:,?\s+({_YEAR}))?(?!\w)"
)
DATE_MONTH_DAY_RE = _both(
    rf"(?<!\w)({_MON})\.?\s+(?:the\s+)?(\d{{1,2}})({_ORD})?(?:,?\s+({_YEAR}))?(?![\w:.]\d|\w|\s*(?:am|pm)\b)"
)
# every word _MON matches whole: DATE_MONTH_DAY_RE's month is the whole word before the day
_MONTH_FORMS = frozenset((
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
    "august", "sep", "sept", "sepember", "september", "oct", "october", "nov", "november", "dec", "december",
))
_ORD_SUFFIXES = frozenset(("st", "nd", "rd", "th"))
_MONTH_TAILS = frozenset(w[-2:] for w in _MONTH_FORMS)  # the last two letters of every month word


def _month_after(low: str, me: int) -> bool:
    """Whether a month can follow the number ending at ``me`` as DATE_DAY_MONTH_RE needs ("3rd of
    June", "12 may"): an ordinal or nothing, white space, "of" perhaps, and a month's first three
    letters. False means that pattern cannot match at the number (so it is not tried)."""
    j = me + 2 if low[me : me + 2] in _ORD_SUFFIXES else me
    if not low[j : j + 1].isspace():
        return False
    # (one blank, the common case, without a call: replaces _skip_spaces(low, j))
    k = _skip_spaces(low, j + 1) if low[j + 1 : j + 2].isspace() else j + 1
    if low[k : k + 2] == "of":
        j = k + 2
        if not low[j : j + 1].isspace():
            return False  # (then "of" is no month's start either)
        k = _skip_spaces(low, j + 1) if low[j + 1 : j + 2].isspace() else j + 1
    return low[k : k + 3] in _MONTH_STEM_SET


def _skip_spaces(src: str, i: int) -> int:
    """The index after skipping white space (``\\s``) forwards from ``i``."""
    n = len(src)
    while i < n and src[i].isspace():
        i += 1
    return i


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_STEM_SET = frozenset(_MONTH_STEMS)
_MONTH_PROBE = Lazy(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
ON_BEFORE_RE = Lazy(r"(?:\b[Oo]n\s+)$")
BIRTH_BEFORE_RE = Lazy(r"(?:\bDOB|\bD\.O\.B\.?|\bdob|\bborn(?:\s+on)?|\bdate of birth|\bbirthday)[\s:,-]*$", re.IGNORECASE)


def _date_candidate(text: str, start: int, end: int, month: int) -> Candidate | None:
    if not 1 <= month <= 12:
        return None
    before = text[max(0, start - 20) : start]
    if BIRTH_BEFORE_RE.search(before):
        return Candidate(start, end, "DATE", "")
    on = ON_BEFORE_RE.search(before)
    if on:  # "on 12/03/2024" -> "in March"
        return Candidate(start - (len(before) - on.start()), end, "DATE", IN_MONTH[month])
    return Candidate(start, end, "DATE", MONTH_NAME[month])


_SEPARATOR = re.compile(r"[/.-]")


def find_dates(text: str, low: str | None = None, spans: Spans | None = None,
               runs: list[tuple[int, int]] | None = None, back: dict[int, int] | None = None) -> Iterator[Candidate]:
    if spans is None:
        spans = digit_windows(text)
    probe = low if low is not None else text.lower()
    if runs is not None:  # each pattern tried where it can start, at or just before a number
        n = len(text)
        sep, iso = [], []
        for ms, me in runs:  # (one pass for both: a separator and a digit after the number)
            if me + 1 < n and text[me] in "/.-" and text[me + 1].isdigit():
                if me - ms <= 2:
                    sep.append(ms)
                elif me - ms == 4 and text[me] == "-":
                    iso.append(ms)
        numeric, isos = _at(DATE_NUMERIC_RE, text, sep), _at(DATE_ISO_RE, text, iso)
    else:
        sep = [w for w in spans if _SEPARATOR.search(text, w[0], w[1])]
        numeric = _each(DATE_NUMERIC_RE, text, sep)
        isos = _each(DATE_ISO_RE, text, [w for w in sep if "-" in text[w[0] : w[1]]])
    for m in numeric:
        day, month = int(m.group(1)), int(m.group(3))
        if m.group(2) == "." and len(m.group(4)) == 2:
            continue  # "3.15.30" style times/versions
        if 1 <= day <= 31 and 1 <= month <= 12:
            c = _date_candidate(text, m.start(), m.end(), month)
            if c:
                yield c
    for m in isos:
        month, day = int(m.group(2)), int(m.group(3))
        if 1 <= day <= 31:
            c = _date_candidate(text, m.start(), m.end(), month)
            if c:
                yield c
    if runs is not None:
        # (lowered text: every try below is gated by a month word at the number, so the probe for one
        # anywhere, 12 substring scans that nearly every slow story passes, is left to the other forms)
        if low is None and not any(map(probe.__contains__, _MONTH_STEMS)):  # (map: no generator frame per word)
            return  # (the tries below are anchored, so no window needs to be probed for a month)
        src = low if low is not None else text
        lsrc = low if low is not None else probe
        day_month: list[re.Match[str]] = []
        month_day: list[int] = []
        rx_dm, rx_md = _pick(DATE_DAY_MONTH_RE, low), _pick(DATE_MONTH_DAY_RE, low)
        for ms, me in runs:
            if me - ms > 2:
                continue
            q = back[ms] if back is not None else _back_spaces(lsrc, ms)
            if low is None or _month_after(low, me):  # (lowered text: most numbers are ruled out before the tries)
                m = rx_dm.match(src, q - 3) if q < ms and q >= 3 and lsrc[q - 3 : q] == "the" else None
                if m is None:
                    m = rx_dm.match(src, ms)
                if m is not None:
                    day_month.append(m)
            if q < ms and q >= 3 and lsrc[q - 3 : q] == "the":
                q = _back_spaces(lsrc, q - 3)
            if q and lsrc[q - 1] == ".":
                q -= 1
            if low is not None and lsrc[q - 2 : q] not in _MONTH_TAILS and not lsrc[q].isalpha():
                continue  # (no month word ends here: no need to walk back over the word)
            w = q
            while w > 0 and lsrc[w - 1].isalpha():
                w -= 1
            if w < q and (low is None or lsrc[w:q] in _MONTH_FORMS or lsrc[q].isalpha()):
                month_day.append(w)  # "Sept 21st", "June the 3rd": the month word before the day
        dms, mds = iter(day_month), _at(rx_md, src, month_day)
    else:
        spans = [w for w in spans if _MONTH_PROBE.search(probe, w[0], w[1])]
        if not spans:
            return
        dms, mds = _scan(DATE_DAY_MONTH_RE, text, low, spans), _scan(DATE_MONTH_DAY_RE, text, low, spans)
    for m in dms:
        day = int(m.group(1))
        mon = text[m.start(2) : m.end(2)]
        if not 1 <= day <= 31:
            continue
        if mon in ("may", "mar") and not m.group(3) and not re.search(r"\d(?:st|nd|rd|th)", m.group(0), re.IGNORECASE):
            continue  # "2 may be", "3 mar": need "2nd may" or a year when lower case
        c = _date_candidate(text, m.start(), m.end(), MONTHS[mon.lower().rstrip(".")])
        if c:
            yield c
    for m in mds:
        mon, day = text[m.start(1) : m.end(1)], int(m.group(2))
        if not 1 <= day <= 31:
            continue
        if mon.lower() == "may" and not (mon[0].isupper() and (m.group(3) or m.group(4))):
            continue  # "I may 2 ..." ; need "May 3rd" or "May 3, 2024"
        c = _date_candidate(text, m.start(), m.end(), MONTHS[mon.lower()])
        if c:
            yield c


# --- ages --------------------------------------------------------------------------------------

_UNITS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMWORD = (
    r"(?:(?:a\s+|one\s+)?hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_NUM = rf"(?:\d{{1,3}}|{_NUMWORD})"
ELDERLY = N_("elderly")
AGE_OLD_RE = _both(rf"(?<![\w£$.,])({_NUM})[- ](?:years?|yrs?)[- ](?:old|young)\b")
AGE_AGED_RE = _both(rf"\b(?:aged?|age\s+of)\s+({_NUM})\b(?![.,:]\d)")
AGE_CUE_BEFORE = _both(
    r"\b(?:(is|was|am|i'?m|i’m|she's|he's|she’s|he’s|shes|hes|whos|who's|whose|be|been|being|reached|reaches|now|at|nearly|almost)|(turns|turned|turning))\s+$"
)
AGE_CUE_RE = _both(
    rf"({_NUM})\b(?![.,:/]\d|%|\s*(?:am|pm|p\b|%|o'clock|mph|degrees?|years?|yrs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|stones?|st\b|kg|kilos?|kilograms?|grams?|g\b|lbs?|cm|inches|pounds?|quid|percent|per|out\s+of|miles?|metres?|meters?|feet|ft|steps|people|residents|of\b|-|/|[a-z]+\s+(?:street|road|lane|avenue|close|drive)))"
)
# the same with digits only: starts with \d, so the regex engine skips every other character fast
AGE_CUE_DIGITS_RE = _both(
    rf"(\d{{1,3}})\b(?![.,:/]\d|%|\s*(?:am|pm|p\b|%|o'clock|mph|degrees?|years?|yrs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|stones?|st\b|kg|kilos?|kilograms?|grams?|g\b|lbs?|cm|inches|pounds?|quid|percent|per|out\s+of|miles?|metres?|meters?|feet|ft|steps|people|residents|of\b|-|/|[a-z]+\s+(?:street|road|lane|avenue|close|drive)))"
)
# Ages told as events (issue 12): "for her 101st birthday", "mums 90th", "celebrated his 89th",
# "Gran's 100th", "her ninetieth birthday"; and "a gentleman of 85", "a lady of 92".
_ORDWORD = (
    r"(?:(?:fifty|sixty|seventy|eighty|ninety)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|fiftieth|sixtieth|seventieth|eightieth|ninetieth|(?:one\s+)?hundredth"
    r"|(?:one\s+)?hundred\s+and\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
)
AGE_ORDINAL_RE = _both(
    rf"(\d{{2,3}}(?:st|nd|rd|th)|{_ORDWORD})\b"
    rf"(?!\s+(?:of\s+)?(?:{_MON})\b)(\s+(?:birthday|bday|b['’]day|b-day|birthday party|party|celebrations?|do)\b)?"
)
AGE_ORDINAL_DIGITS_RE = _both(
    rf"(\d{{2,3}}(?:st|nd|rd|th))\b"
    rf"(?!\s+(?:of\s+)?(?:{_MON})\b)(\s+(?:birthday|bday|b['’]day|b-day|birthday party|party|celebrations?|do)\b)?"
)
AGE_OWNER_BEFORE = _both(r"\b(her|his|their|my|your|our|[a-z]+['’]s|[a-z]+s|the)\s+$")
AGE_OF_RE = _both(
    rf"\b(?:gentleman|gent|lady|man|woman|fella|fellow|chap|soul|girl|boy|lad|lass|resident|widow|widower|veteran)"
    rf"\s+(of\s+({_NUM}))\b(?![.,:/]\d|%|\s*(?:years?\s+(?:service|experience)|minutes?|hours?|days?|weeks?|months?|pounds?|people|words))"
)
_ORD_TAIL = Lazy(r"\s*(?:$|[.,;:!?)\-–—]|(?:with|on|in|at|and|last|this|yesterday|today|by|for|so|but|when|which|we|she|he|they)\b)", re.IGNORECASE)
_ORD_VALUES = {"fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}


_DASH_SPACE = re.compile(r"[- ]")


def _ordinal_value(s: str) -> int | None:
    s = s.lower()
    if s[:1].isdigit():
        return int(s[:-2])
    s = s.replace("one ", "").strip()
    if s in _ORD_VALUES:
        return _ORD_VALUES[s]
    if s.startswith("hundred"):
        return 101
    tens = _TENS.get(_DASH_SPACE.split(s)[0])
    return tens + 1 if tens else None


# "(86)" or ", 86)" / ", 86," straight after a name: counted only if a name ends just before
AGE_PAREN_RE = Lazy(r"\(\s*(\d{2,3})\s*!*\s*\)|(?<=,)\s*(\d{2,3})(?=\s*[),])")
# a newsletter's birthday list, "Dorothy F - 95, Lillian B - 87", "Doris P: 92;": the dash or colon and the
# number, only straight after a name
AGE_LIST_RE = Lazy(r"(?:[ \t]|(?<=[^\W\d_])(?=:))([-–—:])[ \t]*(\d{2,3})(?=[ \t]*(?:[,;.!)\n]|$|(?i:and|&)\b))")
# a birthday list with no dash: "Vi Sugden 94, Joe Mbeki 81", "Albert L 90 on the 2nd": a number straight after
# a name (checked in detect.py), ending the item, in a story that speaks of birthdays
AGE_BARE_LIST_RE = Lazy(r"(?<=[^\W\d_])[ \t]+(\d{2,3})(?=[ \t]*(?:[,;.!)\n]|$|&|(?i:and|on|in)\b)|[ \t]+[-–—][ \t])")
_BIRTHDAY_WORDS = ("birthday", "bday", "b'day", "b’day", "many happy returns", "celebrat")
# "an amazing 104", "she's a remarkable 102": an age after an admiring word (age_adjectives.txt)
_AGE_ADJ_BEFORE = Lazy(r"\b(?:an?|is|was|now|shes|hes|she's|he's|she’s|he’s)[ \t]+(?:(?:very|truly|most|really)[ \t]+)?([a-z]+)[ \t]+$")


@lru_cache(maxsize=None)
def _age_adjectives() -> frozenset[str]:
    return words("age_adjectives.txt")


_CUE_WORDS = ("is", "was", "am", "im", "i'm", "i’m", "she's", "he's", "she’s", "he’s", "shes", "hes", "whos", "who's", "whose",
              "be", "been", "being", "reached", "reaches", "now", "at", "nearly", "almost")  # AGE_CUE_BEFORE's first group
_TURN_WORDS = ("turns", "turned", "turning")  # and its second
# both by their last two characters, longest first: the search finds the leftmost match, the longest word
_CUE_BY_TAIL: dict[str, list[tuple[str, bool]]] = {}
for _w in sorted(_CUE_WORDS + _TURN_WORDS, key=len, reverse=True):
    _CUE_BY_TAIL.setdefault(_w[-2:], []).append((_w, _w in _TURN_WORDS))
_CUE_TAILS = frozenset(_CUE_BY_TAIL)  # the last two characters of every AGE_CUE_BEFORE word


def _cue_before(src: str, q: int, st: int) -> tuple[int, str, bool] | None:
    """``AGE_CUE_BEFORE[0].search(src, max(0, st - 16), st)`` in lowered text whose white space before
    ``st`` starts at ``q`` (< st): (its start, its first group or "", whether its second matched).

    Its match is a cue word ending at ``q`` after a word boundary, so only the words ending in the
    two letters there are tried (the search tried the pattern at each of the 16 places)."""
    lo = st - 16
    for w, turns in _CUE_BY_TAIL.get(src[q - 2 : q], ()):
        p = q - len(w)
        if p >= lo and p >= 0 and src.startswith(w, p) and not (p and (src[p - 1].isalnum() or src[p - 1] == "_")):
            return p, "" if turns else w, turns
    return None


def _adjective_before(src: str, st: int) -> bool:
    """Whether the word before the blanks before ``st`` is an age adjective: the only word
    ``_AGE_ADJ_BEFORE``'s group can be there (a run of a-z after a blank), so when it is not one the
    search would change nothing (this replaces a search before every number)."""
    q = _back_blanks(src, st)
    if q == st:
        return False
    x = max(src.rfind(" ", 0, q), src.rfind("\t", 0, q)) + 1
    return x > 0 and src[x:q] in _age_adjectives()


# "my dads 91", "nan's 86", "my mother in laws 93": a family word's possessive or "is" contraction,
# typed with or without the apostrophe, before a number (the words: age_owner_words.txt)
_KIN_OWNER = Lazy(r"((?:great[- ])?[a-z]+(?:[- ]in[- ]law)?)(?:'s|’s|s)[ \t]+$")


def _kin_owner_before(src: str, st: int) -> bool:
    before = src[max(0, st - 24) : st]
    # (_KIN_OWNER ends "s", blanks, the end (or a final newline): no need to search when that is not so)
    tail = before[:-1] if before[-1:] == "\n" else before
    if tail[-1:] not in (" ", "\t") or tail.rstrip(" \t")[-1:] not in ("s", "S"):
        return False
    m = _KIN_OWNER.search(before.lower())
    return m is not None and m.group(1).replace("-", " ") in _age_owners()


@lru_cache(maxsize=None)
def _age_owners() -> frozenset[str]:
    return frozenset(w.replace("-", " ") for w in words("age_owner_words.txt"))
AT_THEIR_AGE = N_("at their age")
YEAR_OLDER = N_("another year older")


def _num_value(s: str) -> int | None:
    s = s.lower().strip()
    if s.isdigit():
        return int(s)
    if "hundred" in s:
        tail = s.split("and")[-1].strip() if "and" in s else ""
        small = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return 100 + (small.index(tail) if tail in small else 0)
    parts = _DASH_SPACE.split(s)
    val = _TENS.get(parts[0])
    if val is None:
        return None
    if len(parts) > 1 and parts[1] in _UNITS:
        val += ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"].index(parts[1]) + 1
    return val


_NUMBER_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "ieth")
_NUMBERS = Lazy(r"\d+|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|ieth", re.IGNORECASE)


def _word_runs(low: str) -> list[tuple[int, int]]:
    """Where the number words are in lowered text, found with str.find (C): what ``_NUMBERS`` finds
    without running a ten-way case-insensitive alternation at every character (the words never overlap)."""
    out = []
    for w in _NUMBER_WORDS:
        i = low.find(w)
        while i >= 0:
            out.append((i, i + len(w)))
            i = low.find(w, i + len(w))
    return out


# every tens word ends in "ty": the two letters before it pick the words that can end there
_BEFORE_TY = {"en": ("twenty", "seventy"), "ir": ("thirty",), "or": ("forty",), "if": ("fifty",), "ix": ("sixty",),
              "gh": ("eighty",), "ne": ("ninety",)}


def _has_number_word(low: str) -> bool:
    """``any(w in low for w in _NUMBER_WORDS)`` with three substring scans instead of ten: "hundred",
    "ieth", and "ty", whose few places are checked for a tens word ending there."""
    if "hundred" in low or "ieth" in low:
        return True
    i = low.find("ty")
    while i >= 0:
        for w in _BEFORE_TY.get(low[i - 2 : i], ()):
            if low.startswith(w, i + 2 - len(w)):
                return True
        i = low.find("ty", i + 2)
    return False


def _word_starts(low: str) -> tuple[list[int], list[int]]:
    """Where a number told in words can start in lowered text: (for a cardinal, for an ordinal).

    A tens word ("ninety", "ninety-eight") starts both; "hundred" starts both, or the "a"/"one"
    just before it ("a hundred and one"); an "-ieth" word ("ninetieth") starts an ordinal at its
    first letter. Words inside longer words are left to the patterns' own boundary checks."""
    nums: list[int] = []
    ords: list[int] = []
    for i, j in _word_runs(low):
        w = low[i:j]
        if w == "ieth":
            k = i
            while k > 0 and low[k - 1].isalpha():
                k -= 1
            ords.append(k)
            continue
        if w == "hundred":
            q = _back_spaces(low, i)
            if q < i and low[q - 1 : q] == "a" and (q == 1 or not low[q - 2].isalnum()):
                i = q - 1  # "a hundred"
            elif q < i and low[q - 3 : q] == "one" and (q == 3 or not low[q - 4].isalnum()):
                i = q - 3  # "one hundred"
        nums.append(i)
        ords.append(i)
    return nums, ords


def _age_starts(text: str, low: str, runs: Spans, back: dict[int, int], words: bool) -> tuple:
    """Where find_ages tries each pattern, from one pass over the numbers (and number words), in
    order: (old, aged, elderly, cue, ordinal, of, paren, dash, bare). Replaces nine passes.

    ``elderly`` holds the numbers of 50 to 120 (every age but "aged"/"years old" needs one)."""
    old, aged, cue, ords, of, paren, dash, bare = [], [], [], [], [], [], [], []
    elderly = set()
    word_ords: list[int] = []
    if words:  # number words: where a "ninety-eight", "a hundred" or "ninetieth" can start
        word_nums, word_ords = _word_starts(low)
        todo = sorted([r for r in runs if r[1] - r[0] <= 3] + [(p, -1) for p in word_nums])
    else:
        todo = runs
    for p, me in todo:
        if me < 0:  # a number word
            q = _back_spaces(low, p)
            el = False
            old.append(p)
        else:
            if me - p > 3:
                continue
            q = back[p]
            el = me - p >= 2 and 50 <= int(text[p:me]) <= 120
            if el:
                elderly.add(p)
            if low[me : me + 1] in ("-", " ") and low[me + 1 : me + 2] == "y":
                old.append(p)  # (digits need "-" or " " and then "y" straight after them)
        if q < p and low[q - 1] in "dDeEfF":  # ("aged", "age" and "of" end in these)
            if low[q - 4 : q].lower() == "aged":
                aged.append(q - 4)
            elif low[q - 3 : q].lower() == "age":
                aged.append(q - 3)
            elif low[q - 2 : q].lower() == "of":
                k = _back_spaces(low, q - 2)
                if low[k - 3 : k].lower() == "age":
                    aged.append(k - 3)  # "the grand old age of 101"
        if not el and me >= 0:
            continue  # (every age below needs a number word or 50 to 120)
        if not (p and (low[p - 1].isalnum() or low[p - 1] in "_'’")) and (el or not low[p].isdigit()):
            cue.append(p)
        if q < p and low[q - 2 : q].lower() == "of":
            w = k = _back_spaces(low, q - 2)
            while w > 0 and low[w - 1].isalpha():
                w -= 1
            if w < k:
                of.append(w)  # "a lady of 92": the word before "of"
        if not el:
            continue
        if low[me : me + 1] in ("s", "n", "r", "t", "S", "N", "R", "T"):
            ords.append(p)  # (50th-120th)
        if q and text[q - 1] in "(,":
            paren.append(q - 1 if text[q - 1] == "(" else q)
        qb = _back_blanks(text, p)
        if qb and text[qb - 1] in "-–—:":
            if qb >= 2 and text[qb - 2] in " \t":
                dash.append(qb - 2)  # " - 95", " : 92"
            elif text[qb - 1] == ":":
                dash.append(qb - 1)  # "Doris P: 92"
        if qb and text[qb - 1].isalpha():
            bare.append(qb)
    if word_ords:
        ords = sorted(ords + word_ords)
    return old, aged, elderly, cue, ords, of, paren, dash, bare


def find_ages(text: str, low: str | None = None, spans: Spans | None = None,
              runs: list[tuple[int, int]] | None = None, back: dict[int, int] | None = None) -> Iterator[Candidate]:
    probe = low if low is not None else text.lower()
    words = _has_number_word(probe)
    # Lowered text (nearly every story): the patterns that start at a number (or a number word) are
    # tried at each of them rather than scanned over its window (same matches, far fewer tries).
    # (with "ı" or "ſ", which IGNORECASE also reads as i and s, number words are scanned for)
    per_run = runs is not None and low is not None and (not words or ("ı" not in low and "ſ" not in low))
    if per_run:
        if not runs and not words:
            return  # (no number: no window)
        if back is None:
            back = {ms: _back_spaces(text, ms) for ms, _ in runs}
        old, aged, elderly, cue_starts, ords, of, paren, dash, bare = _age_starts(text, low, runs, back, words)
        years = bool(old) and ("year" in low or "yr" in low)  # (each probe only once a number can need it)
        has_age = bool(aged) and "age" in low
        has_of = bool(of) and " of " in low
    else:
        if words:  # "ninety-eight", "her ninetieth": windows round number words too
            if low is not None and "ı" not in low and "ſ" not in low:
                spans = digit_windows(text, runs=sorted((runs if runs is not None else number_runs(text)) + _word_runs(low)))
            else:
                spans = digit_windows(text, rx=_NUMBERS)
        elif spans is None:
            spans = digit_windows(text)
        if not spans:
            return
        years, has_age, has_of = "year" in probe or "yr" in probe, "age" in probe, " of " in probe
        elderly, bare = set(), None
    src = low if low is not None else text
    for m in (_at(_pick(AGE_OLD_RE, low), src, old) if per_run else _scan(AGE_OLD_RE, text, low, spans)) if years else ():
        v = _num_value(m.group(1))
        if v is not None and 0 < v <= 120:
            yield Candidate(m.start(), m.end(), "AGE", ELDERLY)
    for m in ((_at(_pick(AGE_AGED_RE, low), src, aged) if per_run else _scan(AGE_AGED_RE, text, low, spans))
              if has_age else ()):
        v = _num_value(m.group(1))
        if v is not None and 0 < v <= 120:
            if text[m.start() : m.start() + 6].lower() == "age of":  # "the grand old age of 101" -> "... old age"
                yield Candidate(m.start() + text[m.start() :].lower().index("of"), m.end(), "AGE", "")
            else:
                yield Candidate(m.start(), m.end(), "AGE", ELDERLY)
    before_rx = _pick(AGE_CUE_BEFORE, low)
    for m in (_at(_pick(AGE_CUE_RE if words else AGE_CUE_DIGITS_RE, low), src, cue_starts) if per_run
              else _scan(AGE_CUE_RE if words else AGE_CUE_DIGITS_RE, text, low, spans)):
        st = m.start(1)
        if st and (src[st - 1].isalnum() or src[st - 1] in "_'’"):
            continue  # inside a word or a longer number
        # (a number of digits tried here is a whole run of 50 to 120, which the match's group is:
        # the value is known, so _num_value only for number words)
        if st not in elderly:
            v = _num_value(m.group(1))
            if v is None or not 50 <= v <= 120:
                continue  # (each way on yields only such an age: tested first, before the look-behinds)
        if low is not None:
            # (AGE_CUE_BEFORE ends in a cue word and white space: its last two letters rule out most numbers)
            q = back.get(st) if back is not None else None
            if q is None:
                q = _back_spaces(src, st)
            c = _cue_before(src, q, st) if q < st else None
        else:
            c = before_rx.search(src, max(0, st - 16), st)
            c = c and (c.start(), (c.group(1) or "").lower(), bool(c.group(2)))
        if c is None:
            a = _AGE_ADJ_BEFORE.search(src, max(0, st - 36), st) if low is not None and _adjective_before(src, st) else None
            if a is not None and a.group(1) in _age_adjectives():
                yield Candidate(st, m.end(1), "AGE", ELDERLY)  # "an amazing 104" -> "an amazing elderly"
                continue
            if _kin_owner_before(src, st):
                yield Candidate(st, m.end(1), "AGE", ELDERLY)  # "my dads 91" -> "my dads elderly"
            continue
        cue_start, cue, turns = c
        if turns:
            yield Candidate(st, m.end(1), "AGE", YEAR_OLDER)
        elif cue == "at":
            yield Candidate(cue_start, m.end(1), "AGE", AT_THEIR_AGE)
        else:
            yield Candidate(st, m.end(1), "AGE", ELDERLY)
    owner_rx = AGE_OWNER_BEFORE[0] if low is not None else AGE_OWNER_BEFORE[1]
    for m in (_at(_pick(AGE_ORDINAL_RE if words else AGE_ORDINAL_DIGITS_RE, low), src, ords) if per_run
              else _scan(AGE_ORDINAL_RE if words else AGE_ORDINAL_DIGITS_RE, text, low, spans)):
        st = m.start(1)
        if st and (src[st - 1].isalnum() or src[st - 1] in "_£$.,"):
            continue
        v = _ordinal_value(m.group(1))
        if v is None or not 50 <= v <= 120:
            continue
        if src[max(0, st - 7) : st].rstrip(" \t").lower().endswith("happy") and not src[max(0, st - 8) : st - 6].strip(" \t").isalpha():
            yield Candidate(st, m.end(1), "AGE", "")  # "Happy 90th Kofi!", "happy 100th nan" -> "Happy Kofi!"
            continue
        o = owner_rx.search(src, max(0, st - 24), st)
        owner = o.group(1).lower() if o else ""
        if not m.group(2) and (not owner or owner in ("the", "our", "your") or not _ORD_TAIL.match(text, m.end(1))):
            continue  # "the 100th time", "their 60th wedding anniversary" are no age; "celebrated his 89th." is
        if m.group(2) is None and owner == "the":
            continue
        # "mums 90th birthday" -> "mums birthday"; "celebrated his 89th" -> "celebrated" (the pronoun goes too)
        if not m.group(2) and owner in ("her", "his", "their", "my", "your"):
            st = o.start(1)
        yield Candidate(st, m.end(1), "AGE", "")
    for m in ((_at(_pick(AGE_OF_RE, low), src, of) if per_run else _scan(AGE_OF_RE, text, low, spans))
              if has_of else ()):
        v = _num_value(m.group(2))
        if v is not None and 50 <= v <= 120:
            yield Candidate(m.start(1), m.end(1), "AGE", "")  # "a lady of 92 in the next room" -> "a lady in ..."
    for m in (_at(AGE_PAREN_RE, text, paren) if per_run
              else _each(AGE_PAREN_RE, text, spans if ("(" in probe or "," in probe) else [])):
        if m.group(1):
            v, start, end = int(m.group(1)), m.start(), m.end()
        else:
            v, start, end = int(m.group(2)), m.start(2), m.end(2)
        if 50 <= v <= 120:
            yield Candidate(start, end, "AGE", "" if m.group(1) else ELDERLY, needs_name_before=True)
    for m in (_at(AGE_LIST_RE, text, dash) if per_run
              else _each(AGE_LIST_RE, text, spans if ("-" in probe or "–" in probe or "—" in probe or ":" in probe) else [])):
        if 50 <= int(m.group(2)) <= 120:
            yield Candidate(m.start(1), m.end(2), "AGE", "", needs_name_before=True)  # "Dorothy F - 95," -> "Dorothy F,"
    # (the six-word birthday probe only when a number can end such a list item, not for every story)
    if (bare is None or bare) and any(map(probe.__contains__, _BIRTHDAY_WORDS)):
        for m in (_at(AGE_BARE_LIST_RE, text, bare) if per_run else _each(AGE_BARE_LIST_RE, text, spans)):
            if 50 <= int(m.group(1)) <= 120:
                yield Candidate(m.start(1), m.end(1), "AGE", "", needs_name_before=True)  # "Vi Sugden 94," -> "Vi Sugden,"


# --- rooms -------------------------------------------------------------------------------------

THEIR_ROOM = N_("their room")
THEIR_BED = N_("their bed")
THEIR_FLAT = N_("their flat")
ROOM_RE = _both(
    r"\b(rooms?|rm|bedroom|bed|flat|suite|apartment|apt)\.?\s*(?:no\.?\s*|number\s*|#\s*)?(\d{1,4}[A-Za-z]?)\b"
    r"(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|nights?|am|pm|o'clock|%|times))(?![.:,/]\d)"
)
# "Mum's room is number 7", "his room's no 12": the room told as a number after "is"
ROOM_IS_RE = _both(
    r"\b(?:room|flat|bed)(?:\s+(is|was)|(['’]s))\s+(?:number|no\.?|#)\s*\d{1,4}[A-Za-z]?\b(?![.:,/]\d)"
)
# "Lily in 14", "ivy in 12 has settled": a room number with no "room", only straight after a name (detect.py)
ROOM_IN_RE = _both(
    r"(?<![\w])in[ \t]+(\d{1,3}[a-z]?)\b(?![.:,/]\d|[ \t]*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?"
    r"|nights?|am|pm|o'clock|%|times|secs?|seconds?|goes|mph|degrees|stone|kg|-|/))"
)
# Named rooms: "the Iona room", "the Thames Suite". Lounges and gardens are shared, so not these.
NAMED_ROOM_RE = Lazy(r"\b([Tt]he|[Hh]er|[Hh]is|[Tt]heir)\s+((?:[A-Z][\w'’-]*\s+){1,2})(room|Room|suite|Suite|bedroom|Bedroom)\b")
GENERIC_ROOM_WORDS = {
    "dining", "day", "staff", "quiet", "sensory", "activity", "activities", "tv", "music", "games",
    "laundry", "shower", "bath", "sitting", "living", "family", "visitors", "visitors'", "prayer",
    "treatment", "hair", "double", "shared", "single", "sun", "garden", "cinema", "hairdressing",
    "wet", "sluice", "clinic", "medication", "meeting", "tea", "front", "back", "main", "big", "small",
    "new", "old", "quiet", "craft", "therapy", "reminiscence", "multi", "faith", "box",
}  # fmt: skip


_ROOM_WORD = Lazy(r"room|suite")
_ROOM_WORDS = frozenset(("room", "rooms", "rm", "bedroom", "bed", "flat", "suite", "apartment", "apt"))  # ROOM_RE's words
_ROOM_TAILS = frozenset(w[-2:] for w in _ROOM_WORDS)


def _name_word_before(text: str, r: int) -> bool:
    """Whether white space and a word starting with a capital come before ``r``, as NAMED_ROOM_RE
    needs before its room word (its name words are whole words between white space)."""
    if r < 2 or not text[r - 1].isspace():
        return False
    q = _back_spaces(text, r)
    w = q
    while w > 0 and not text[w - 1].isspace():
        w -= 1
    return w < q and "A" <= text[w] <= "Z"


def _named_rooms(text: str, probe: str) -> Iterator[re.Match[str]]:
    """``NAMED_ROOM_RE.finditer(text)``, scanning only the stretch before each "room"/"suite".

    A named room is a determiner, one or two words and the room word, so it starts within the four
    runs of non-space text before the room word; windows are merged, so matches are the same as a
    scan of the whole text (which tried the pattern at every character: ~15% of a call)."""
    if len(probe) != len(text):
        yield from NAMED_ROOM_RE.finditer(text)
        return
    windows: Spans = []
    n = len(text)
    for i, me in _room_words(probe):
        if not _name_word_before(text, i) and not (probe.startswith("bed", i - 3) and _name_word_before(text, i - 3)):
            continue  # no match ends at this room word ("her room", "the dining room"): no window for it
        s = max(0, i - 160)
        if s and len(text[s:i].split()) < 5:
            yield from NAMED_ROOM_RE.finditer(text)  # very long words: scan it all
            return
        e = min(n, me + 4)  # the closing \b needs the character after the room word
        if windows and s <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(e, windows[-1][1]))
        else:
            windows.append((s, e))
    for s, e in windows:
        yield from NAMED_ROOM_RE.finditer(text, s, e)


def _room_words(probe: str) -> Spans:
    """``[m.span() for m in _ROOM_WORD.finditer(probe)]`` from ``str.find``: neither word can overlap
    itself or the other, so their places merged in order are finditer's matches (the regex scan of
    the story cost ~12 us, the finds ~1)."""
    out = []
    for w in ("room", "suite"):
        i = probe.find(w)
        while i >= 0:
            out.append((i, i + len(w)))
            i = probe.find(w, i + len(w))
    out.sort()
    return out


def _room_is_start(src: str, q: int) -> int:
    """Where a ``ROOM_IS_RE`` match must start when the white space before its "number", "no" or "#"
    starts at ``q`` ("room is", "flat was", "bed's" end there), or -1 when none can."""
    tail = src[max(0, q - 3) : q]
    if tail[-2:] in ("'s", "’s"):
        r = q - 2
    elif tail[-2:] == "is" or tail == "was":
        k = q - 2 if tail[-2:] == "is" else q - 3
        r = _back_spaces(src, k)
        if r == k:
            return -1  # "is", "was" need white space before them
    else:
        return -1
    if r >= 4 and src[r - 4 : r] in ("room", "flat"):
        return r - 4
    return r - 3 if r >= 3 and src[r - 3 : r] == "bed" else -1


def _at_windows(rx: re.Pattern[str], src: str, starts: list[tuple[int, int]]) -> list[re.Match[str]]:
    """``_at_leftmost`` for sorted (start, end of its window) pairs: what ``rx.finditer`` over each window finds."""
    out, end = [], -1
    for p, e in starts:
        if p >= end:
            m = rx.match(src, p, e)
            if m is not None:
                end = m.end()
                out.append(m)
    return out


def find_rooms(text: str, low: str | None = None, spans: Spans | None = None,
               runs: list[tuple[int, int]] | None = None, back: dict[int, int] | None = None) -> Iterator[Candidate]:
    if spans is None:
        spans = digit_windows(text)
    has_room = None  # ("room" in the story: looked for once, for the rooms told as numbers and the named ones)
    if runs is not None:
        src = low if low is not None else text
        lsrc = low if low is not None else text.lower()
        starts, ins = [], []
        # "her room is number 11": tried at the one place each number's match can start, in its window
        if low is not None:
            has_room = "room" in low
        told: list[tuple[int, int]] | None = [] if low is not None and (has_room or "flat" in low or "bed" in low) else None
        wi = 0
        for ms, me in runs:
            if me - ms > 4:
                continue
            q = back[ms] if back is not None else _back_spaces(lsrc, ms)
            if q < ms and me - ms <= 3 and lsrc[q - 2 : q] == "in" and lsrc[q - 1] != "\n":
                if _back_blanks(lsrc, ms) == q:
                    ins.append(q - 2)  # "Lily in 14"
            last = lsrc[q - 1] if q else ""  # (the slices below tried only after the letter they end in)
            if last == "#":
                kq = q - 1
            elif last == "r" and lsrc[q - 6 : q] == "number":
                kq = q - 6
            elif last == "." and lsrc[q - 3 : q] == "no.":
                kq = q - 3
            elif last == "o" and lsrc[q - 2 : q] == "no":
                kq = q - 2
            else:
                kq = q
            if kq < q:
                q = _back_spaces(lsrc, kq)
                if told is not None and q < kq:
                    w = _room_is_start(lsrc, q)
                    if w >= 0:
                        while spans[wi][1] <= ms:
                            wi += 1
                        if w >= spans[wi][0]:  # (a window scan finds no match starting before its window)
                            told.append((w, spans[wi][1]))
            if q and lsrc[q - 1] == ".":
                q -= 1
            if lsrc[max(0, q - 2) : q] not in _ROOM_TAILS:
                continue  # (no room word ends here: no need to walk back over the word)
            w = q
            while w > 0 and lsrc[w - 1].isalpha():
                w -= 1
            if w < q and lsrc[w:q] in _ROOM_WORDS:
                starts.append(w)  # the room word: "room 14", "rm 9", "room no 6", "bed 2"
        rooms, room_in = _at(_pick(ROOM_RE, low), src, starts), _at(_pick(ROOM_IN_RE, low), src, ins)
        room_is = _at_windows(ROOM_IS_RE[0], low, told) if told is not None else _scan(ROOM_IS_RE, text, low, spans) if low is None else ()
    else:
        rooms = _scan(ROOM_RE, text, low, spans)
        room_in = _scan(ROOM_IN_RE, text, low, spans) if " in " in (low if low is not None else text.lower()) else ()
        room_is = _scan(ROOM_IS_RE, text, low, spans)
    for m in rooms:
        word = m.group(1).lower()
        sug = THEIR_BED if word == "bed" else THEIR_FLAT if word in ("flat", "apartment", "apt") else THEIR_ROOM
        yield Candidate(m.start(), m.end(), "ROOM", sug)
    for m in room_in:
        yield Candidate(m.start(1), m.end(1), "ROOM", THEIR_ROOM, needs_name_before=True)
    for m in room_is:
        yield Candidate(m.start(1) if m.group(1) else m.start(2), m.end(), "ROOM", "")  # "her room is number 11 upstairs" -> "her room upstairs"
    probe = low if low is not None else text.lower()
    if has_room is None:
        has_room = "room" in probe
    if not has_room and "suite" not in probe:
        return
    for m in _named_rooms(text, probe):
        words = m.group(2).split()
        if any(w.lower().strip("'’") in GENERIC_ROOM_WORDS for w in words):
            continue
        if m.group(1)[0].islower() or m.group(1).lower() == "the":
            yield Candidate(m.start(), m.end(), "ROOM", THEIR_ROOM)


# --- Welsh (Cymraeg): rooms, ages and dates -----------------------------------------------------
# Same kinds and the same English suggestions as above (the kiosk translates them at display).

CY_ROOM_RE = _both(
    r"\b(y?stafell(?:\s+wely)?|gwely|wely|ngwely|fflat)\s+(?:rhif\s+|rif\s+|nhrif\s+|rhif\.\s*|#\s*)?(\d{1,4}[A-Za-z]?)\b"
    r"(?![.:,/]\d)(?!\s*(?:o'r\s+gloch|munud|awr|oriau|diwrnod|niwrnod|wythnos|mis|gwaith))"
)
_CY_UNIT = r"(?:un|dau|dwy|tri|tair|pedwar|pedair|pump|pum|chwech|chwe|saith|wyth|naw)"
_CY_NUMWORD = rf"(?:(?:pum|chwe|saith|wyth|naw)\s+deg(?:\s+{_CY_UNIT})?|cant(?:\s+ac?\s+{_CY_UNIT})?)"
# "97 oed", "yn 97 oed", "97 mlwydd oed", "naw deg saith oed"
CY_AGE_RE = _both(rf"(?<![\w£$.,])(\d{{1,3}}|{_CY_NUMWORD})\s+(?:[mbf]lwydd(?:\s+oed)?|oed)\b")
_CY_UNITS = {"un": 1, "dau": 2, "dwy": 2, "tri": 3, "tair": 3, "pedwar": 4, "pedair": 4, "pump": 5, "pum": 5,
             "chwech": 6, "chwe": 6, "saith": 7, "wyth": 8, "naw": 9}
# Month names with their soft mutation after "o" ("5ed o Fawrth", "o Fai", "o Ragfyr").
CY_MONTH_NUMBERS = {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "fawrth": 3, "ebrill": 4, "mai": 5, "fai": 5, "mehefin": 6,
    "fehefin": 6, "gorffennaf": 7, "orffennaf": 7, "awst": 8, "medi": 9, "fedi": 9, "hydref": 10,
    "tachwedd": 11, "dachwedd": 11, "rhagfyr": 12, "ragfyr": 12,
}  # fmt: skip
# cheap substring checks before the date regex runs (English text has "email", "media", not " mai")
_CY_MON_PROBES = tuple(m if len(m) > 4 else " " + m for m in CY_MONTH_NUMBERS)
_CY_MON = "(?:" + "|".join(sorted(CY_MONTH_NUMBERS, key=len, reverse=True)) + ")"
_CY_ORD = r"(?:af|il|ydd|ed|fed|eg|ain)"
_CY_ORD_FIRST = frozenset("aiyef")  # the first letters of _CY_ORD's endings
# "12 Mawrth 2024", "y 5ed o Fawrth", "12fed o fis Mai", "1af Ionawr"; a day is needed ("ym mis Mai" is not a date)
CY_DATE_RE = _both(
    rf"(?<![\w£$.])(?:(?:y|yr)\s+)?(\d{{1,2}})({_CY_ORD})?(?:\s+o)?(?:\s+(?:fis|mis))?\s+({_CY_MON})(?:,?\s+({_YEAR}))?(?!\w)"
)
CY_ON_BEFORE_RE = Lazy(r"\b[Aa]r\s+$")
CY_BIRTH_BEFORE_RE = Lazy(r"(?:\b[Gg]anwyd|\b[Gg]eni|\b[Ee]ni|\b[Pp]en-?blwydd)\b[^.!?\n\d]{0,14}$")


def _cy_num_value(s: str) -> int | None:
    s = s.lower().split()
    if not s:
        return None
    if s[0].isdigit():
        return int(s[0])
    if s[0] == "cant":
        return 100 + (_CY_UNITS.get(s[-1], 0) if len(s) > 1 else 0)
    if len(s) >= 2 and s[1] == "deg" and s[0] in _CY_UNITS:
        return 10 * _CY_UNITS[s[0]] + (_CY_UNITS.get(s[2], 0) if len(s) > 2 else 0)
    return None


def find_welsh(text: str, low: str | None = None, runs: Spans | None = None,
               back: dict[int, int] | None = None) -> Iterator[Candidate]:
    """Welsh rooms ("ystafell 12", "gwely 3", "fflat 4"), ages ("97 oed", "97 mlwydd oed") and dates
    ("12 Mawrth 2024", "5ed o Fawrth"): the same kinds and suggestions as the English ones."""
    probe = low if low is not None else text.lower()
    if "stafell" in probe or "wely" in probe or "fflat" in probe:
        for m in _scan(CY_ROOM_RE, text, low):
            word = m.group(1).lower()
            sug = THEIR_FLAT if word == "fflat" else THEIR_ROOM if "stafell" in word else THEIR_BED
            yield Candidate(m.start(), m.end(), "ROOM", sug)
    if " oed" in probe or "lwydd" in probe:
        for m in _scan(CY_AGE_RE, text, low):
            v = _cy_num_value(m.group(1))
            if v is not None and 0 < v <= 120:
                yield Candidate(m.start(), m.end(), "AGE", ELDERLY)
    if low is not None and runs is not None and back is not None:
        # a date starts at its day's number or at "y"/"yr" and white space before it: tried there, as
        # finditer would find them (a match hides the starts inside it), not scanned over the story
        starts = []
        for ms, me in runs:
            # (the day is one or two digits, then white space or an ordinal's first letter: other
            # numbers are not tried, nor the "y"/"yr" before them)
            if me - ms > 2 or not (low[me : me + 1].isspace() or low[me : me + 1] in _CY_ORD_FIRST):
                continue
            q = back[ms]
            if q < ms:
                if low[q - 1 : q] == "y":
                    starts.append(q - 1)
                elif low[q - 2 : q] == "yr":
                    starts.append(q - 2)
            starts.append(ms)
        dates = list(_at_leftmost(CY_DATE_RE[0], low, starts))
        # the month probe (which a date also needs) only once a try matched: replaces 19 substring
        # scans of every story before the tries (most stories have no Welsh date)
        if not dates or not any(map(probe.__contains__, _CY_MON_PROBES)):
            return
    else:
        if not any(map(probe.__contains__, _CY_MON_PROBES)):  # (replaces a generator: no Python frame per month)
            return
        dates = _scan(CY_DATE_RE, text, low)
    for m in dates:
        day = int(m.group(1))
        mon = text[m.start(3) : m.end(3)]
        if not 1 <= day <= 31:
            continue
        if mon.lower() in ("mai", "fai") and not (m.group(2) or m.group(4) or mon[0].isupper()):
            continue  # "mai" is also "that": need "5ed o Fai", "5 Mai" or a year
        month = CY_MONTH_NUMBERS[mon.lower()]
        start, end = m.start(), m.end()
        before = text[max(0, start - 24) : start]
        on = CY_ON_BEFORE_RE.search(before)
        if CY_BIRTH_BEFORE_RE.search(before):  # "ganwyd hi ar 5 Mawrth 1927": a date of birth, removed
            yield Candidate(start - (len(before) - on.start()) if on else start, end, "DATE", "")
            continue
        if on:  # "ar 12 Mawrth 2024" -> "in March" (the kiosk shows "ym mis Mawrth")
            yield Candidate(start - (len(before) - on.start()), end, "DATE", IN_MONTH[month])
        else:
            yield Candidate(start, end, "DATE", MONTH_NAME[month])


# --- all shape detectors -----------------------------------------------------------------------

def _backs(text: str, runs: Spans) -> dict[int, int]:
    """Where the white space before each number starts: ``_back_spaces`` inline (no call per number)."""
    back = {}
    for ms, _ in runs:
        q = ms
        while q and text[q - 1].isspace():
            q -= 1
        back[ms] = q
    return back


def find_patterns(text: str, low: str | None = None) -> list[Candidate]:
    runs = number_runs(text)
    spans = digit_windows(text, runs=runs)
    back = _backs(text, runs)
    # (the anchored tries read the lowered text at the number's offsets, so a text whose lower-casing
    # changes its length, a few letters such as "İ" do, is scanned window by window as before)
    at = runs if low is not None else None
    out: list[Candidate] = []
    dets = [find_emails(text), find_welsh(text, low, at, back), find_ages(text, low, spans, at, back), find_rooms(text, low, spans, at, back)]
    if spans:  # everything else needs a digit: NHS numbers ten, phone numbers eight
        long = spans.with_digits(8)
        if long:
            dets += [find_nhs(text, long, runs), find_phones(text, long, runs)]
        dets += [find_postcodes(text, spans, runs), find_addresses(text, None, runs, back),
                 find_dates(text, low, spans, at, back)]
    for det in dets:
        for c in det:
            c.priority = PRIORITY[c.kind]
            out.append(c)
    return out
