"""Finding people's names: word lists, titles, family and role cues, the roster, and sign-offs.

Why cues: many names are also words ("May", "Will", "Rose", "Joy", "Frank"), and a kiosk that
prompts on "the rose garden" teaches writers to ignore prompts. So a name that is an everyday
English word needs evidence (a title, "my mum ...", "thanks to ...", being listed next to another
name, being on the roster and capitalised mid-sentence); a name that is not a word (Chidinma,
Tomasz, Parminder, Kwame) needs only a capital letter, or the roster.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import or_

from . import cues, welsh
from .finding import REASONS, STAFF_REASON
from .patterns import Candidate
from .roster import CARER, DOCTOR, MANAGER, NURSE, RESIDENT, SOMEONE, Roster
from .wordlists import (
    Membership,
    accented_first_names,
    common_words,
    core_first_names,
    first_names,
    fold,
    informal_words,
    not_names,
    places,
    places_also_names,
    proper_nouns,
    proper_nouns_extra,
    rare_words,
    surnames,
)


# Titles that are part of the name span ("Mrs Patel", "Nurse Bev") and what each suggests.
TITLE_SUGGESTION = {
    "mr": None, "mrs": None, "ms": None, "miss": None, "mx": None, "dr": DOCTOR, "doctor": DOCTOR,
    "nurse": NURSE, "sister": NURSE, "matron": NURSE, "carer": CARER, "rev": None, "revd": None,
    "reverend": None, "father": None, "prof": None, "professor": None, "sir": None, "dame": None,
}  # fmt: skip
TITLE_SUGGESTION.update(welsh.TITLES)  # "Nyrs Bethan", "i Ddoctor Evans", "Feddyg Jones" (see welsh.py)
# Titles only when capitalised and not "my sister ..." (these are also ordinary nouns)
NOUN_TITLES = {"doctor", "nurse", "sister", "matron", "carer", "father", "reverend", "professor", "sir", "dame"} | set(welsh.TITLES)
# Lower-case titles that still count before a roster name ("nurse joy", "nyrs sandra")
ROLE_TITLES = {"nurse", "sister", "carer", "matron"} | {w for w, s in welsh.TITLES.items() if s in (NURSE, CARER, DOCTOR, MANAGER)}
POSSESSIVES = {"my", "our", "his", "her", "their", "your", "a", "the", "an", "whose"}
# Words after which a name usually follows: family, friends, roles ("my mum Edna", "a carer called Ewan").
RELATIONS = {
    "mum", "mam", "mom", "mother", "mummy", "dad", "daddy", "father", "nan", "nana", "nanna", "gran",
    "granny", "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather", "son",
    "daughter", "husband", "wife", "partner", "brother", "sister", "friend", "neighbour", "neighbor",
    "cousin", "niece", "nephew", "aunt", "auntie", "aunty", "uncle", "colleague", "grandson",
    "granddaughter", "mother-in-law", "father-in-law", "daughter-in-law", "son-in-law",
    "sister-in-law", "brother-in-law", "stepmum", "stepdad", "stepmother", "stepfather", "fiance",
    "fiancee", "boyfriend", "girlfriend", "teacher", "lad", "lass", "girl", "boy", "gentleman", "lady",
    "chap", "fella", "fellow", "bloke", "called", "named", "nickname", "nicknamed", "resident",
    "carer", "nurse", "manager", "volunteer", "cleaner", "cook", "chef", "godmother", "godfather",
    "twin", "grandchild", "great-grandmother", "great-grandfather", "great-grandma", "great-grandad",
}  # fmt: skip
# "called X", "named X": the cue word goes with the name when removed ("a carer called Ewan")
CALLED = {"called", "named", "nicknamed"}
THANKS_PHRASES = ("thank you to", "thank you", "thanks to", "thanks", "thank u", "thankyou", "big up", "shout out to",
                  "shout out", "well done to", "well done", "cheers", "love from", "hugs to", "bless", "kudos to") + welsh.THANKS_PHRASES
ME_AND = {"me", "myself"}
# thanks_before's cheap test (every phrase is letters and single spaces, ending in a letter: checked
# in tests/kiosk/anonymise/test_anon_speed_names.py)
_THANKS_LAST = frozenset(p.split()[-1] for p in THANKS_PHRASES if " " in p)
_THANKS_WHOLE = tuple(p for p in THANKS_PHRASES if " " not in p)
COORD = {"and", "&", "n", "or", "nor", "an'", "+"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "some", "any", "no", "every", "each"}
PLACE_PREPS = {"in", "at", "near", "from", "into", "outside", "around", "across", "towards", "to", "via", "of"}
# Nouns that show a capitalised word names a place or thing, not a person ("the Sunny lounge").
PLACE_NOUNS = {
    "lounge", "garden", "gardens", "room", "suite", "wing", "unit", "ward", "house", "lodge", "court",
    "hall", "street", "road", "lane", "avenue", "close", "drive", "park", "hospital", "surgery",
    "church", "chapel", "mosque", "temple", "gurdwara", "school", "college", "university", "centre",
    "center", "club", "station", "airport", "library", "market", "square", "bridge", "river", "way",
    "team", "council", "floor", "corridor", "conservatory", "cafe", "café", "bar", "pub", "shop",
    "restaurant", "home", "manor", "view", "terrace", "crescent", "grove", "estate", "village",
    "town", "city", "bay", "beach", "pier", "harbour", "valley", "hill", "mountain", "lake", "isles",
    "island", "islands", "day", "night", "lunch", "dinner", "tea", "service", "services", "trust",
    "group", "society", "association", "choir", "band", "fund", "fc", "united", "county", "ward",
}  # fmt: skip
# Words that, straight after a capitalised word, suggest it is a person doing something.
ACTION_VERBS = {
    "said", "says", "told", "tells", "asked", "asks", "helped", "helps", "is", "was", "has", "had",
    "made", "makes", "brought", "brings", "came", "comes", "sang", "sings", "did", "does", "gave",
    "gives", "took", "takes", "always", "never", "got", "gets", "put", "puts", "sat", "sits", "stayed",
    "noticed", "found", "knows", "knew", "fixed", "showed", "shows", "dealt", "organised", "organized",
    "played", "plays", "speaks", "spoke", "works", "worked", "sorted", "sorts", "looked", "looks",
    "stopped", "turned", "went", "goes", "laughed", "shouted", "swore", "grabbed", "pulled", "pushed",
    "ignored", "refused", "forgot", "lost", "kept", "keeps", "treated", "treats", "washed", "fed",
    "dressed", "cried", "smiled", "danced", "loves", "loved", "likes", "liked", "hates", "wants",
    "wanted", "needs", "needed", "deserves", "deserved", "will", "would", "could", "should", "can",
    "cannot", "can't", "won't", "didn't", "doesn't", "isn't", "wasn't", "and", "&", "translates",
    "writes", "cooks", "cleans", "washes", "dresses", "feeds", "stays", "talks", "chats", "listens",
    "dances", "laughs", "smiles", "shouts", "visits", "calls", "rings", "phones", "checks", "spends",
    "cares", "runs", "leads", "arranges", "understands", "remembers", "forgets", "manages",
    "handles", "also", "really", "just", "still", "reads", "sang", "sits", "comes", "goes", "walks",
    "used", "went", "held", "sat", "ran", "rang", "wrote", "saw", "sees", "tried", "tries",
}  # fmt: skip
NAME_CONNECTORS = {"de", "del", "dela", "della", "da", "dos", "das", "du", "van", "von", "der", "den", "bin", "binti", "al", "el", "ap", "ab", "le", "la", "di"}
SIGN_OFF_WORDS = {"from", "love", "thanks", "thank", "you", "many", "kind", "regards", "best", "wishes", "cheers", "yours",
                  "sincerely", "faithfully", "signed", "all", "the", "best", "with", "lots", "of", "xx", "xxx", "x", "ta",
                  "for", "listening", "reading"} | welsh.SIGN_OFF_WORDS
KINSHIP = {"mum", "mam", "mom", "dad", "nan", "gran", "grandad", "grandma", "ma", "pa", "papa", "mama", "abbu", "ammi", "amma", "baba"}
ADJ_BEFORE = {"be", "being", "been", "very", "so", "too", "quite", "more", "most", "less", "really", "bit", "feel", "feeling", "felt", "looks", "looked", "seems", "seemed"}
MOTION = {"went", "go", "goes", "going", "gone", "moved", "move", "moving", "travelled", "traveled", "flew", "fly", "drove",
          "drive", "trip", "trips", "holiday", "holidays", "back", "came", "come", "emigrated", "returned", "sailed", "journey", "way", "outing", "flight", "train", "coach", "bus"}
# "... to X" where X is a person, not a destination
TO_PERSON = {"thanks", "thank", "you", "u", "spoke", "speak", "speaking", "talk", "talked", "talking", "said", "say", "says",
             "complained", "complain", "explained", "explain", "wrote", "write", "sent", "send", "gave", "give", "given",
             "listen", "listened", "chat", "chatted", "out", "reported", "report", "mentioned", "introduced", "married",
             "goodbye", "hello", "hi", "kind", "nice", "rude", "lovely", "good", "mean", "unkind", "up", "belongs", "belonged",
             "shouted", "swore", "sang", "sings", "read", "reads", "passed", "handed", "hand", "pass", "due", "thanks"}
HOUSEHOLD = {"family", "funeral", "wedding", "household", "twins", "brothers", "sisters", "girls", "boys", "clan", "grandchildren", "kids"}
# Mid-sentence cues for a capitalised name that is also a word ("I spoke to Carol", "asked Bill")
SOFT_BEFORE = {"especially", "particularly", "esp", "including", "to", "with", "asked", "told", "tell", "ask", "by", "saw", "see", "met", "meet", "thank", "thanked", "phoned", "rang", "called", "emailed", "visited", "visit", "visiting", "like", "love", "loves", "miss", "misses"}
COPULAS = {"is", "was", "has", "had", "will", "would", "can", "could", "should", "and", "&", "also", "just", "still", "always", "never", "really", "used"}
KINSHIP_WORDS = {
    "mum", "mam", "mom", "mother", "mummy", "dad", "daddy", "father", "nan", "nana", "nanna", "gran", "granny",
    "grandma", "grandmother", "grandad", "granddad", "grandpa", "grandfather", "aunt", "auntie", "aunty", "uncle",
    "husband", "wife", "brother", "sister", "son", "daughter", "cousin", "niece", "nephew", "friend",
}  # fmt: skip
APPOSITION_DETS = {"the", "our", "my", "a", "an", "his", "her", "their", "your"}
_REL_OR_DET = frozenset(RELATIONS | APPOSITION_DETS)  # decide's guard before relation_after
# Words after a sentence-opening everyday word that show it is the subject, as a person is
# ("Grace even came in", "Joy always asks"), used when the same word is a name elsewhere.
SUBJECT_ADVERBS = {"even", "always", "also", "really", "just", "never", "still", "often", "usually", "sometimes",
                   "then", "now", "actually", "definitely", "certainly", "especially", "particularly", "came", "went"}
CONTACT_VERBS = {"ring", "call", "phone", "text", "contact", "ask", "for", "message", "speak", "rang", "called"}
LOWER_CUES = set(TITLE_SUGGESTION) | CONTACT_VERBS  # before an unlisted lower-case word that may be a name
# Months that are also given names: in a sign-off run ("Lots of love, June, Pat and Hazel") they are names.
GIVEN_MONTHS = {"april", "may", "june"}
# Everyday words that are given names but, typed in lower case, are far likelier verbs or modals
# ("my mum will", "sam and may come"): the lower-case cues below never take them.
LOWER_NEVER = {"will", "may", "can", "might", "must", "mark", "bill", "pat", "sue", "rose", "frank", "grant", "drew",
               "rob", "nick", "chase", "wade", "buck", "art", "sky", "hope", "trust", "bob", "jack", "lee", "see",
               "said", "sang", "summer", "autumn", "winter", "spring", "june", "april", "august", "ray", "jay", "gay"}
LOWER_POSSESSIVES = {"my", "our", "his", "her", "their", "your"}
# Staff roles after "the"/"our" that give a lower-case roster name its role ("rob the manager")
STAFF_NOUNS = {"manager", "nurse", "carer", "cook", "chef", "cleaner", "volunteer", "handyman", "housekeeper", "deputy",
               "receptionist", "hairdresser", "keyworker", "physio", "senior", "activities"}
# Words that single out the next word as a person ("the staff are fab esp faith who ...")
SINGLING_OUT = {"esp", "especially", "particularly", "including", "incl", "thanks", "thank"}
# Family words after a possessive typed without the apostrophe ("alices daughter")
POSSESSIVE_KIN = KINSHIP_WORDS | {"granddaughter", "grandson", "grandchildren", "grandkids", "family", "carer",
                                  "daughter-in-law", "son-in-law", "kids", "children", "boy", "girl", "lad", "lass"}
_MONTH_ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


# surnames, places and proper nouns are sorted lists (bisect in Python): asked through these memos
_SUR = Membership(surnames)
_PROPER = Membership(proper_nouns)
_PLACES = Membership(places)
_REL_PREV: list[frozenset[str]] = []


def _rel_prev() -> frozenset[str]:
    """Every word ``relation_before`` can say yes after (its cheap guard, built once: roles come from a list)."""
    if not _REL_PREV:
        _REL_PREV.append(frozenset(RELATIONS | cues.roles() | welsh.RELATIONS | COORD
                                   | {"law", "enw", "is", "was", "i'm", "im", "i’m", "am", "name", "visited", "visiting", "visit"}))
    return _REL_PREV[0]


_BUSINESS: list[frozenset[str]] = []


def _business_words() -> frozenset[str]:
    """Every word at which ``business_after`` can say yes (company and performer words), built once."""
    if not _BUSINESS:
        anywhere, capital = cues.company_words()
        _BUSINESS.append(anywhere | capital | cues.performer_words())
    return _BUSINESS[0]


_AFTER_GROUPS: list[dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]]] = []


def _after_name_groups() -> dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]]:
    """cues.after_name_phrases grouped by length under each first word, built once: a story's words
    are then matched by one tuple slice per length."""
    if not _AFTER_GROUPS:
        out: dict[str, list[tuple[int, frozenset[tuple[str, ...]]]]] = {}
        for first, phrases in cues.after_name_phrases().items():
            by_len: dict[int, set[tuple[str, ...]]] = {}
            for ws in phrases:
                by_len.setdefault(len(ws), set()).add(ws)
            out[first] = [(m, frozenset(ws)) for m, ws in sorted(by_len.items())]
        _AFTER_GROUPS.append(out)
    return _AFTER_GROUPS[0]


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co")


_AGE_APPOSITION = re.compile(r",[ \t]*(?:[5-9]\d|1[01]\d)[ \t]*[,)]")  # ", 87," after a name
_INITIAL_AGE = re.compile(r"(?:[ \t]+[-–—:]|:)[ \t]*\d{2,3}\b|[ \t]+\d{2,3}(?=[ \t]*(?:[,;.!)\n]|$|&|(?i:and|on|in)\b)|[ \t]+[-–—][ \t])")
_SPACES = re.compile(r"[ \t]*")
_BARE_AGE = re.compile(r"\d{2,3}(?![\w])")  # "84", not "90th"
_ON_NUMBER = re.compile(r"[ \t]+(?:on|at|-|:)?[ \t]*")
_SIGN_REST = re.compile(r"(?i)\bx+\b|'s|’s|\((?:[^()]{0,30})\)|[\d+()\s.-]+")
_LETTER = re.compile(r"[^\W_]")
_CONTRACTIONS = ("'ve", "'ll", "'re", "'d", "'m", "n't", "'t")
_NONE: list = []
# The tokeniser: one ``re.split`` gives gaps and words alternately (all in C), so a story's words
# are plain parallel lists rather than one object each (making those objects was a quarter of a call).
_SPLIT = re.compile(r"([^\W\d_]++(?:['’\-][^\W\d_]++)*+)")  # (possessive: the same split, less backtracking)
# The same for text with no letter beyond U+024F (nearly every English or Welsh story): the letters up
# to U+024F spelt out (what [^\W\d_] matches there, including "ª", "²", "µ"), which the regex engine
# checks about a third faster than the Unicode class. tests/kiosk/anonymise/test_anon_tokens.py
# checks the two agree on every character.
LATIN_LETTERS = "a-zA-Z\xaa\xb2-\xb3\xb5\xb9-\xba\xbc-\xbe\xc0-\xd6\xd8-\xf6\xf8-\u024f"
_SPLIT_LATIN = re.compile(f"([{LATIN_LETTERS}]++(?:['’\\-][{LATIN_LETTERS}]++)*+)")
_SPLIT_ASCII = re.compile(r"([a-zA-Z]++(?:['\-][a-zA-Z]++)*+)", re.ASCII)  # the same on ASCII text, a quarter faster
_BEYOND_LATIN = re.compile(r"[^\W\d_\x00-\u024f]")  # a letter the short class lacks
_ASCII_BYTES = bytes(range(128))
# Faster still: a letter, then letters and joiners (' ’ -) in any order. That splits as the patterns
# above wherever every joiner after a letter has a letter after it too ("it's", "Mary-Jane"), which
# _joiner_alone checks with a few str.find calls; for the other texts ("the Jones' room", "well -")
# the patterns above are used. About a third faster than _SPLIT_ASCII / _SPLIT_LATIN.
_LOOSE_ASCII = re.compile(r"([a-zA-Z][a-zA-Z'\-]*+)")
_LOOSE_LATIN = re.compile(f"([{LATIN_LETTERS}][{LATIN_LETTERS}'’\\-]*+)")
_ASCII_LETTER_SET = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LATIN_LETTER_SET = frozenset(c for c in map(chr, range(0x250)) if re.match(f"[{LATIN_LETTERS}]", c))


def _joiner_alone(text: str, joiners: str, letters: frozenset[str]) -> bool:
    """Is there a joiner just after a letter but not just before one (where the loose pattern would
    take it into the word and the exact one leaves it in the gap)?"""
    find = text.find
    for j in joiners:
        i = find(j)
        while i >= 0:
            if i and text[i - 1] in letters and text[i + 1 : i + 2] not in letters:
                return True
            i = find(j, i + 1)
    return False


def _split(text: str) -> list[str]:
    """Gaps and words alternately, exactly as ``_SPLIT.split(text)``, by the fastest pattern that
    splits this text the same way."""
    if text.isascii():
        if _joiner_alone(text, "'-", _ASCII_LETTER_SET):
            return _SPLIT_ASCII.split(text)
        return _LOOSE_ASCII.split(text)
    if _beyond_latin(text):
        return _SPLIT.split(text)
    if _joiner_alone(text, "'’-", _LATIN_LETTER_SET):
        return _SPLIT_LATIN.split(text)
    return _LOOSE_LATIN.split(text)


def _beyond_latin(text: str) -> bool:
    """A letter beyond U+024F in ``text``: looked for among the characters left after deleting the ASCII
    bytes from the UTF-8 (a story has few: curly quotes, dashes, "£"), not by a scan of the whole story
    (~4 us less on a 1,000-character story)."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return _BEYOND_LATIN.search(rest) is not None


_ORDINAL_TAILS = frozenset(("th", "st", "nd", "rd"))  # "Happy 90th Kofi" (greeting_before)
_SIGN_BREAK = re.compile(r"[.!?\n,–\-:;]")
_SENT_END = frozenset(".!?\n:;")
_GAP_STRIP = " \t\"'“”‘’()[]*_"
_BREAK_CHARS = ".!?;:"

# What a word or a gap says on its own is worked out once and cached: most recur from story to story.
_WORDS: dict[str, tuple[str, str, str, bool, bool, bool, bool, bool]] = {}
_GAPS: dict[str, tuple[bool, bool, bool]] = {}


def _word(raw: str) -> tuple[str, str, str, bool, bool, bool, bool, bool]:
    """(word, folded, "C"/"R"/"N", capitalised, enclitic 'n cut, possessive 's cut, may be a name,
    a listed given name) for a raw word ("may be a name": capitalised or no everyday word, the name
    finder's first sieve; "listed": NameFinder.listed, asked ~35 times a story).

    "C" is an everyday English word, "R" a rare English word, "N" not an English word."""
    w, encl, poss = raw, False, False
    if len(raw) > 2 and raw[-2] in "'’":
        if raw[-1] in "sS":
            w, poss = raw[:-2], True
        elif raw[-1] in "nN" and len(raw) > 3:
            w, encl = raw[:-2], True  # Welsh "Sandra'n garedig", "hi'n", "mae'n": the word itself is before the 'n
    low = fold(w)
    if "'" in low and low.endswith(_CONTRACTIONS):
        cls = "C"  # "We've", "I'll", "Didn't"
    elif low in common_words() or low in informal_words() or low in places_also_names():
        cls = "C"
    elif low in rare_words():
        cls = "R"
    else:
        cls = "N"
    if len(_WORDS) > 50_000:
        _WORDS.clear()
    cap = w[:1].isupper()
    listed = low in first_names() if w.isascii() else w.lower() in accented_first_names()
    out = _WORDS[raw] = (w, low, cls, cap, encl, poss, cap or cls != "C", listed)
    return out


def _gap(gap: str) -> tuple[bool, bool, bool]:
    """(ends a sentence, only spaces or tabs, breaks a phrase) for the text between two words."""
    stripped = gap.strip(_GAP_STRIP)
    sent = (bool(stripped) and (stripped[-1] in _SENT_END or _is_symbol(stripped[-1]))) or "\n" in gap
    tight = bool(gap) and gap.strip(" \t") == "" and "\n" not in gap
    brk = gap != " " and ("\n" in gap or any(c in gap for c in _BREAK_CHARS))
    if len(_GAPS) > 20_000:
        _GAPS.clear()
    out = _GAPS[gap] = (sent, tight, brk)
    return out


class Tokens:
    """A story's words as parallel lists, one entry per word (index k)."""

    __slots__ = ("n", "st", "en", "tx", "lo", "wd", "cap", "encl", "poss", "gap", "sent", "tt", "brk", "cand", "lst")

    def __init__(self, text: str) -> None:
        parts = _split(text)
        raws = parts[1::2]
        self.n = n = len(raws)
        gaps = parts[0:-1:2]
        self.gap = gaps
        if not n:
            self.st = self.en = self.tx = self.lo = self.wd = self.cap = self.encl = self.poss = self.cand = self.lst = []
            self.sent = self.tt = self.brk = []
            return
        offs = list(accumulate(map(len, parts)))
        self.st = offs[0:-1:2]
        infos = list(map(_WORDS.get, raws))
        try:  # (a word not seen before is a None, which zip cannot take: cheaper than `None in infos`)
            tx, lo, wd, cap, encl, poss, cand, lst = zip(*infos)
        except TypeError:
            infos = [i or _word(w) for i, w in zip(infos, raws)]
            tx, lo, wd, cap, encl, poss, cand, lst = zip(*infos)
        self.tx, self.lo, self.encl, self.poss, self.cand, self.lst = tx, lo, encl, poss, cand, lst
        self.wd = list(wd)  # Welsh sentences turn some words into everyday words
        self.cap = list(cap)  # a story typed in lower case capitalises some given names
        # a word ends where its raw text does, less a cut "'s" or "'n" (rather than adding up every
        # word's start and length)
        self.en = en = offs[1::2]
        if any(poss) or any(encl):
            for k in compress(range(n), map(or_, poss, encl)):
                en[k] -= 2
        ginfo = list(map(_GAPS.get, gaps))
        try:  # (as for the words: an unseen gap is a None, which zip cannot take)
            sent, tt, brk = zip(*ginfo)
        except TypeError:
            ginfo = [i or _gap(g) for i, g in zip(ginfo, gaps)]
            sent, tt, brk = zip(*ginfo)
        sent = list(sent)
        sent[0] = True
        self.sent, self.tt, self.brk = sent, tt, brk


@dataclass(slots=True)
class Run:
    """A detected name: tokens i..j inclusive, maybe with a title or cue word before it."""

    i: int
    j: int
    start: int
    end: int
    suggestion: str | None = None  # None: decide from roster/default
    people: frozenset[int] = frozenset()


class NameFinder:
    def __init__(self, text: str, roster: Roster, blocked: list[tuple[int, int]], soft: list[tuple[int, int]] = ()):
        self.text = text
        self.roster = roster
        tk = Tokens(text)
        self.n = n = tk.n
        self.st, self.en, self.tx, self.lo, self.wd, self.cap = tk.st, tk.en, tk.tx, tk.lo, tk.wd, tk.cap
        self.encl, self.poss, self.gap, self.sent, self.tt, self.brk = tk.encl, tk.poss, tk.gap, tk.sent, tk.tt, tk.brk
        self.cand, self.lst = tk.cand, tk.lst  # (lst[k]: is word k a listed given name; see _word)
        lo = self.lo
        self.loset = loset = set(lo)
        index = roster.index
        hw = roster.home_words
        # positions of the few words whose places are looked up (the roster's, the home's, family words,
        # "esp", "me", "I"), in one C scan: a dict of every word's positions cost ~12 us a story
        want = loset & _PLACED_WORDS
        on_roster = loset.intersection(index) if index else ()
        if on_roster:
            want |= on_roster
        if hw:
            want |= loset & hw
        self.pos = pos = {}
        if want:
            add = pos.setdefault
            for k in compress(range(n), map(want.__contains__, lo)):
                add(lo[k], []).append(k)
        self.first = first_names()
        self.sur = _SUR  # (self.sur[w]: is w a listed surname)
        self.stop = not_names()
        self.roles = cues.roles()
        self.blocked = _mark(self.st, self.en, blocked)
        self.soft = _mark(self.st, self.en, soft)
        self.hits = hits = [_NONE] * n
        if index:
            for w in on_roster:
                ks = pos[w]
                h = index[w]
                for k in ks:
                    hits[k] = h
        # Welsh: which tokens are in a sentence written in Welsh (None: no Welsh in the text)
        marks = welsh.markers().intersection(loset)
        maybe_welsh = marks or (("'n" in text or "’n" in text) and any(tk.encl))
        if maybe_welsh and len(marks) < 2 and sum(map(lo.count, marks)) + sum(tk.encl) < 2:
            maybe_welsh = False  # (welsh_flags needs two Welsh words, a marker or a cut 'n: no call for one "calon")
        self.cy = welsh.welsh_flags(lo, self.sent, self.encl, self.wd) if maybe_welsh else None
        self.cystop = [False] * n
        if self.cy:
            self._welsh_words(index)
        self.hit_at = list(compress(range(n), hits)) if index else []  # words on the roster
        self.home = home = [False] * n
        if hw:
            for w in loset & hw:
                for k in pos[w]:
                    home[k] = True
        self.is_name = [False] * n
        self._lower_style: bool | None = None
        self.cue_sug: list[str | None] = [None] * n  # suggestion forced by a cue ("" after "my mum")
        self.title_at: list[int | None] = [None] * n  # index of a title token before the name
        self.blocked_starts = {s for s, _ in blocked}
        self.soft_starts = {s for s, _ in soft}
        self.pveto = self._phrase_veto()  # words of "Father's Day", "Vera Lynn", "Great Milton"
        self.pets_here = pets_here = loset.intersection(cues.pets())  # (pet_context needs a pet word nearby)
        self.any_pet = bool(pets_here)
        self.greet_last = cues.greetings_by_last_word()  # (cheap guards before the cue methods)
        self.after_first = cues.after_name_phrases()
        self.rel_prev = _rel_prev()
        self.pet_names: set[str] = set()
        self._mostly_lower = self._lower_starts(pos)
        if self._mostly_lower:
            # typed without capitals: a given name in no dictionary stands out as a capital would
            core, stop, cap, wd, pveto = core_first_names(), self.stop, self.cap, self.wd, self.pveto
            # (the words in no dictionary are among the cached "may be a name" ones: a walk over those
            # rather than a comparison of every word's class)
            for k in compress(range(n), self.cand):
                low = lo[k]
                if (wd[k] == "N" and not cap[k] and len(low) > 2 and low in core and low not in stop and not pveto[k]
                        and low not in _MONTH_ABBR):
                    cap[k] = True

    def _phrase_veto(self) -> list[bool]:
        """Mark the words of phrases that look like names but name nobody (cues.phrases)."""
        n, hits, lo, cap, brk = self.n, self.hits, self.lo, self.cap, self.brk
        out = [False] * n
        single, pairs = cues.phrase_index()
        firsts = cues.phrase_firsts()
        # a phrase has a capital in its first two words: its start is a capital or the word before one
        # (found from the few capitals, in order, rather than from every place of every first word)
        starts: list[int] = []
        for k in compress(range(n), cap):
            if k and lo[k - 1] in firsts and (not starts or starts[-1] != k - 1):
                starts.append(k - 1)
            if lo[k] in firsts:
                starts.append(k)
        if not starts:
            return out  # no word of the story starts a phrase
        done = -1
        for k in starts:
            if k <= done:
                continue
            if k + 1 < n:
                cands = pairs.get((lo[k], lo[k + 1]))
                if cands and not brk[k + 1]:
                    for ws, kind in cands:
                        m = len(ws)
                        if k + m > n or any(lo[k + i] != ws[i] or brk[k + i] for i in range(2, m)):
                            continue
                        if kind == "never" or not any(hits[k + i] for i in range(m)):
                            for i in range(m):  # (the roster wins: a resident called Tom Jones is a person)
                                out[k + i] = True
                            done = k + m - 1
                        break
                    if done >= k:
                        continue
            if cap[k] and lo[k] in single and not hits[k]:
                out[k] = True
        return out

    def mostly_lower(self) -> bool:
        """Sentences mostly start in lower case: the writer does not use capitals, so names lack them too."""
        return self._mostly_lower

    def _lower_starts(self, pos: dict[str, list[int]]) -> bool:
        """mostly_lower's answer, worked out once, before any capital is changed: the sentence starts
        counted from the cached capitals in C, less those of "I" (replaces a comprehension over the
        starts slicing each word's first letter)."""
        sent, cap = self.sent, self.cap
        starts, upper = sum(sent), sum(compress(cap, sent))
        for w in ("i", "i'm", "im"):
            for k in pos.get(w, _NONE):
                if sent[k]:
                    starts -= 1
                    upper -= cap[k]
        lower = starts - upper
        return (lower >= 2 and lower > upper) or (upper == 0 and lower >= 1 and not any(cap))

    def _welsh_words(self, index: dict) -> None:
        """In Welsh sentences, Welsh words are everyday words (or never names), and mutated roster
        names are found by their radical form ("gan Fethan" -> Bethan)."""
        fw, cw, titles = welsh.function_words(), welsh.content_words(), welsh.TITLES
        lo, wd, cap, hits = self.lo, self.wd, self.cap, self.hits
        for k in range(self.n):
            if not self.cy[k]:
                continue
            low = lo[k]
            if low in fw or low in titles:
                self.cystop[k] = True
                wd[k] = "C"
            elif low in cw:
                wd[k] = "C"
            elif cap[k] and not hits[k]:
                # a mutated Welsh word ("nos Fercher", "i Lanelli"): judge it by its radical form
                for r in welsh.radicals(low):
                    if r in fw:
                        self.cystop[k] = True
                        wd[k] = "C"
                        break
                    if r in cw:
                        wd[k] = "C"
                        break
            if index and cap[k] and not hits[k]:
                for r in welsh.radicals(low):
                    h = index.get(r)
                    if h:
                        hits[k] = h
                        break

    def stopped(self, k: int) -> bool:
        """Never a person on its own: a listed non-name, or a Welsh function word in a Welsh sentence."""
        return self.lo[k] in self.stop or self.cystop[k] or self.pveto[k]

    def welsh(self, k: int) -> bool:
        return self.cy is not None and self.cy[k]

    def relation_word(self, k: int) -> bool:
        low = self.lo[k]
        return low in RELATIONS or low in self.roles or (self.cy is not None and self.cy[k] and low in welsh.RELATIONS)

    def coord_word(self, k: int) -> bool:
        low = self.lo[k]
        return low in COORD or (self.cy is not None and self.cy[k] and low in welsh.COORD)

    # --- helpers ---------------------------------------------------------------------------------
    def acronym(self, k: int) -> bool:
        t = self.tx[k]
        return len(t) > 1 and t.isupper()

    def vetoed(self, k: int) -> bool:
        return self.blocked[k] or self.home[k] or self.stopped(k) or len(self.lo[k]) < 2

    # --- cues ------------------------------------------------------------------------------------
    def title_before(self, k: int) -> int | None:
        if k < 1:
            return None
        p = k - 1
        plow = self.lo[p]
        if plow not in TITLE_SUGGESTION or self.poss[p]:
            return None  # "Father's Day" is no title
        g = self.gap[k]
        if not (g.strip(" \t.") == "" and "\n" not in g):
            return None
        if plow in NOUN_TITLES:
            if not self.cap[p] and not (self.hits[k] and plow in ROLE_TITLES):
                return None
            if k >= 2 and self.lo[k - 2] in (welsh.POSSESSIVES if self.welsh(k) else POSSESSIVES) and self.tt[k - 1]:
                return None  # "my sister Jane", "ei nyrs Bethan": a relation, not a title
        elif not self.cap[p] and not self.cap[k] and self.wd[k] == "C":
            return None
        return p

    def relation_before(self, k: int) -> bool:
        if k < 1:
            return False
        g = self.gap[k]
        if "\n" in g or g.strip(" \t(,:") != "":
            return False
        if self.relation_word(k - 1) or self.in_law_before(k):
            return True
        plow = self.lo[k - 1]
        if plow == "enw" and self.welsh(k):
            return self.cap[k]  # "ffrind o'r enw Dafydd" (a friend called Dafydd)
        # "Mum is Rose", "Dad is Cyril", "I'm Duncan", "name is Ken", "me and jade"
        pplow = self.lo[k - 2] if k >= 2 else None
        if plow in COORD and pplow is not None and pplow in ME_AND:
            return True
        if plow in ("is", "was") and pplow is not None and (pplow in KINSHIP or pplow == "name"):
            return True
        if plow in ("i'm", "im", "i’m") or (plow == "am" and pplow == "i"):
            return self.cap[k]
        if plow in ("name", "visited", "visiting", "visit") and self.cap[k]:
            return True
        return False

    def kin_lower(self, k: int) -> bool:
        """"my mother ivy loves the singing", "my nan grace is 90": a lower-case given name that is also
        a word, after "my"/"our" and a family word, followed by what a person does (or ending the clause)."""
        lo = self.lo
        if not (k >= 2 and lo[k - 1] in KINSHIP_WORDS and lo[k - 2] in LOWER_POSSESSIVES and self.tt[k] and self.tt[k - 1]):
            return False
        low = lo[k]
        if low in LOWER_NEVER or len(low) < 3 or not self.lst[k] or self.stopped(k):
            return False
        if k + 1 >= self.n or self.brk[k + 1] or self.gap[k + 1].strip() in (",", ")", "-"):
            return True  # "... my mum ivy." / "my nan hazel, who ..."
        nlow = lo[k + 1]
        return self.tt[k + 1] and (nlow in ACTION_VERBS and nlow not in ("and", "&", "will", "would", "can", "could", "should")
                                   or (len(nlow) > 4 and nlow.endswith("ed")) or nlow in ("loves", "enjoys", "adores"))

    def kin_before(self, k: int) -> bool:
        """"my mum rose", "nan joy": a family word right before (a lower-case roster word needs this)."""
        return k >= 1 and (self.lo[k - 1] in KINSHIP_WORDS or self.in_law_before(k)) and self.tt[k]

    def in_law_before(self, k: int) -> bool:
        """"my father in law frank": a family word "in law" typed with spaces, right before."""
        lo = self.lo
        return (k >= 3 and lo[k - 1] == "law" and lo[k - 2] == "in" and lo[k - 3] in KINSHIP_WORDS and self.tt[k]
                and self.tt[k - 1] and self.tt[k - 2])

    def age_after(self, k: int) -> bool:
        """"Rosa 101 on the 28th", "Ken B 84": an age straight after the name (or its initial), as in a
        birthday list."""
        if not self.soft_starts:
            return False
        text, e = self.text, self.en[k]
        if k + 1 < self.n and self.tt[k + 1] and len(self.tx[k + 1]) == 1 and self.cap[k + 1]:
            e = self.en[k + 1]  # an initial
        m = _SPACES.match(text, e)
        return m.end() > e and m.end() in self.soft_starts and _BARE_AGE.match(text, m.end()) is not None

    def kin_after(self, k: int) -> bool:
        """"sam my son noticed", "dan my brother visits": a given name followed by who they are to the writer."""
        lo = self.lo
        return (k + 2 < self.n and lo[k + 1] in LOWER_POSSESSIVES and lo[k + 2] in KINSHIP_WORDS and self.tt[k + 1]
                and self.tt[k + 2] and lo[k] not in LOWER_NEVER and not self.brk[k + 1])

    def thanks_before(self, k: int) -> bool:
        if not (self.cap[k] or self.wd[k] != "C" or (bool(self.hits[k]) and self.lo[k] not in LOWER_NEVER)):
            return False
        # (a cheap test before slicing the text: every phrase ends in a letter, so only " ,:-" may lie
        # between it and the name, and the word before must end it: be its last word, or end with a
        # one-word phrase; an "'s" or "'n" cut from that word ends no phrase)
        if k < 1 or self.poss[k - 1] or self.encl[k - 1] or self.gap[k].strip(" ,:-"):
            return False
        w = self.tx[k - 1].lower()
        if w not in _THANKS_LAST and not w.endswith(_THANKS_WHOLE):
            return False
        start = self.st[k]
        before = self.text[max(0, start - 24) : start].lower().rstrip(" ,:-")
        return before.endswith(THANKS_PHRASES)

    def family_after(self, k: int) -> bool:
        """"the Chang family", "the Nowak funeral": a surname used for a household or an event."""
        if k < 1 or k + 1 >= self.n:
            return False
        lo = self.lo
        return bool(lo[k - 1] == "the" and lo[k + 1] in HOUSEHOLD and self.cap[k] and self.tt[k] and self.tt[k + 1]
                    and (self.hits[k] or self.sur[lo[k]] or self.wd[k] == "N"))

    def relation_after(self, k: int) -> bool:
        """"Kuldeep Sandhu, son of ...", "Sukhjit (daughter)": a relation word right after the name."""
        n, lo = self.n, self.lo
        j = k
        while j + 1 < n and self.tt[j + 1] and self.cap[j + 1] and j - k < 2:
            j += 1
        if j + 1 >= n:
            return False
        nlow = lo[j + 1]
        if nlow not in RELATIONS and nlow not in APPOSITION_DETS:
            return False  # (both tests below need one of them: no gap to strip)
        g = self.gap[j + 1].strip()
        if g == "," and nlow in APPOSITION_DETS and j + 2 < n and self.tt[j + 2]:
            m = lo[j + 2]  # "Jean Watts, the manager, ...", "Imran, our nurse"
            return (m in RELATIONS or m in self.roles) and m not in CALLED and m not in KINSHIP
        if nlow not in RELATIONS or nlow in CALLED:
            return False
        if g == "(":
            return True
        return g == "," and j + 2 < n and lo[j + 2] == "of"

    def possessive_relation_after(self, k: int) -> bool:
        """"Irena's carer", "Morag's daughter-in-law", "Arthur's family", "Ken's room"."""
        if k + 1 >= self.n or not self.poss[k]:
            return False
        nlow = self.lo[k + 1]
        if nlow in RELATIONS:
            return True
        # "Ken's room": a possession shows a person, but an everyday word needs to be a given name too
        return nlow in cues.possessions() and (self.wd[k] != "C" or bool(self.hits[k]) or self.lst[k])

    def place_context(self, k: int, roster: bool = False) -> bool:
        """Capitalised word used for a place or thing: "the Sunny lounge", "in Sheffield".

        A roster name after "in"/"from" is still a person ("from Len"), so only the
        determiner and place-noun tests apply to it.
        """
        n, lo, tt = self.n, self.lo, self.tt
        if self.cy is not None and self.cy[k]:
            w = self.welsh_place(k, roster)
            if w is not None:
                return w
        plow = lo[k - 1] if k >= 1 else None
        if plow is not None and tt[k] and plow in DETERMINERS:
            if plow in ("that", "this") and self.verb_after(k) and (self.lst[k] or self.hits[k] or self.wd[k] == "N"):
                return False  # "say that Emeka is the kindest nurse": "that" joins a clause here
            if plow == "our" and self.our_relative(k):
                return False  # "our Sandra and me went": in the North, "our" + a name is family
            return True
        if not roster and plow is not None and tt[k] and plow in PLACE_PREPS and plow not in ("to", "of"):
            return True
        if plow in ("to", "back") and k >= 2 and lo[k - 2] in MOTION and tt[k]:
            return True  # "went to Florence", "moved back to Jamaica"
        if (k + 1 < n and tt[k + 1] and lo[k + 1] in PLACE_NOUNS and not self.soft[k + 1]
                and not (self.poss[k] and lo[k + 1] in cues.possessions())):
            return True  # "the Iona room", not "Ken's room"
        if plow in ("st", "saint") and tt[k]:
            return True
        return False

    def our_relative(self, k: int) -> bool:
        """"our Sandra", "Our Kev said": a given name after "our", doing something or listed with someone."""
        if not self.cap[k] or not (self.lst[k] or self.hits[k]) or k + 1 >= self.n or not self.tt[k + 1]:
            return False
        nlow = self.lo[k + 1]
        if self.wd[k] != "C":
            return nlow in COORD or nlow in ACTION_VERBS or nlow.endswith("ed") or self.poss[k]
        return nlow in ("and", "&") or (nlow in ACTION_VERBS and nlow not in COPULAS)

    def welsh_place(self, k: int, roster: bool = False) -> bool | None:
        """Place cues in a Welsh sentence: "yn Abertawe", "ym Mangor", "y Barri", "aeth i Gaerdydd",
        "Tŷ Gwyn", "Capel Salem". None: no Welsh answer, use the English rules (without "a" and "at",
        which in Welsh mean "and" and "to")."""
        if k < 1 or not self.tt[k]:
            return None
        low = self.lo[k]
        if self.cap[k] and (low in welsh.places() or any(r in welsh.places() for r in welsh.radicals(low))) and not self.hits[k]:
            return True
        plow = self.lo[k - 1]
        if plow in welsh.PLACE_BEFORE and (self.cap[k - 1] or plow == "ty"):
            return True
        if plow in welsh.PLACE_PREPS:
            return not roster or plow in ("y", "yr", "'r")
        if plow == "i" and k >= 2 and self.lo[k - 2] in welsh.MOTION:
            return True
        if plow in ("a", "at", "ac", "i", "am", "ar", "gan", "o"):
            return False
        return None

    def verb_after(self, k: int) -> bool:
        """Followed by a verb, as a person doing something is ("Blessing translates", "Joy said")."""
        j = k + 1
        if j >= self.n or not self.tt[j] or self.cap[j]:
            return False
        nlow = self.lo[j]
        if nlow in ACTION_VERBS:
            return True
        return len(nlow) > 4 and nlow.endswith("ed")

    def room_after(self, k: int) -> bool:
        """"Will in room 4", "Len room 2", "Mavis (bed 3)": someone placed in a room."""
        if k + 1 >= self.n:
            return False
        nlow = self.lo[k + 1]
        if self.soft[k + 1] and nlow in ("room", "rm", "bed", "suite", "flat", "rooms"):
            return True
        if nlow in ("in", "from") and k + 2 < self.n and self.soft[k + 2] and self.lo[k + 2] in ("room", "rm", "bed", "suite", "flat"):
            return True
        if nlow == "in" and self.tt[k + 1] and self.soft_starts:  # "Lily in 14"
            e = self.en[k + 1]
            m = _SPACES.match(self.text, e)
            return m is not None and m.end() > e and m.end() in self.soft_starts
        return False

    def greeting_before(self, k: int) -> bool:
        """"Hello Stan", "Hi Vera", "Dear Rachel", "To Martin and everyone": a greeting opens the
        story, a line or a sentence and the person greeted comes next."""
        if k < 1:
            return False
        byl = cues.greetings_by_last_word().get(self.lo[k - 1])
        if not byl:
            # "Happy 90th Kofi!": "happy" and an ordinal ("th" is a word to the tokeniser) greet the name
            return (k >= 2 and self.lo[k - 1] in ("th", "st", "nd", "rd") and self.gap[k - 1].strip().isdigit()
                    and self.lo[k - 2] == "happy" and self.tt[k] and self.gap[k - 1][:1] in (" ", "\t"))
        g = self.gap[k]
        if "\n" in g or g.strip(" \t,") != "":
            return False
        lo = self.lo
        for ws in byl:
            m = len(ws)
            q = k - m
            if q < 0 or lo[q:k] != ws:  # (one tuple slice, not a word-by-word walk)
                continue
            if ws == ("to",):
                return q == 0 or "\n" in self.gap[q]  # "To Martin and everyone at ..." opening a letter
            return self.sent[q] or self.gap[q].strip(" \t") in (",", "-", "–", "(")
        return False

    def pet_context(self, k: int) -> bool:
        """"our spaniel, Bella", "her budgie Joey", "a dog called Biscuit", "Bella, our spaniel":
        a pet's name, which carekiosk does not flag (see docs/anonymiser.md)."""
        if not self.any_pet:
            return False
        pets = cues.pets()
        lo = self.lo
        gk = self.gap[k]
        g = gk.strip(" \t")
        if k >= 1 and g in ("", ",") and "\n" not in gk:
            plow = lo[k - 1]
            if plow in pets:
                return True
            if plow in CALLED and k >= 2 and lo[k - 2] in pets and self.tt[k - 1]:
                return True
        if k + 1 < self.n and self.gap[k + 1].strip() == "," and lo[k + 1] in APPOSITION_DETS and k + 2 < self.n:
            return lo[k + 2] in pets and self.tt[k + 2]
        return False

    def staff_place_after(self, k: int) -> bool:
        """"Mo in the kitchen", "Paddy on the door", "Carol from nights": named by where they work."""
        if k + 1 >= self.n or not self.tt[k + 1]:
            return False
        groups = _after_name_groups().get(self.lo[k + 1])
        if not groups:
            return False
        lo, brk, n = self.lo, self.brk, self.n
        s = k + 1
        for m, phrases in groups:  # (one slice and set look-up per length, not a word-by-word walk per phrase)
            if k + m < n and lo[s : s + m] in phrases and not any(brk[s : s + m]):
                return True
        return False

    def phone_after(self, k: int) -> bool:
        """"please ring jas on 07700 900561": a word between "ring/call" and "on <phone number>"."""
        if k < 1 or self.lo[k - 1] not in CONTACT_VERBS or not self.tt[k]:
            return False
        m = _ON_NUMBER.match(self.text, self.en[k] + (2 if self.poss[k] else 0))
        return m is not None and m.end() in self.blocked_starts

    def business_after(self, j: int) -> bool:
        """"Harold Brown & Sons", "Johnson & Barnes solicitors", "a Frank Sinatra tribute", "Elvis
        songs": the name belongs to a business or a performer, not to someone in the home."""
        n, lo, cap = self.n, self.lo, self.cap
        q = j + 1
        if q >= n or self.brk[q] or "(" in self.gap[q]:
            return False  # (the loop's first test, before the look-ups: most names end a clause or a list item)
        if _business_words().isdisjoint(lo[q : q + 4]):
            return False  # (the loop reads at most the next four words, and says yes only at one of these)
        anywhere, capital = cues.company_words()
        performer = cues.performer_words()
        for step in range(4):
            if q >= n or self.brk[q] or "(" in self.gap[q]:
                return False
            tq = lo[q]
            joined = self.gap[q].strip() in ("&", "+", "&amp;") or step > 0
            if tq in anywhere or (cap[q] and tq in capital):
                return joined or not self.poss[q - 1]
            if step == 0 and tq in performer and not self.poss[j]:
                return True
            if tq in ("and", "n") or (cap[q] and not self.sent[q] and (self.wd[q] == "N" or self.sur[tq])):
                q += 1  # another name in the firm's name ("Johnson & Barnes")
                continue
            return False
        return False

    # --- decisions -------------------------------------------------------------------------------
    def decide(self, k: int) -> bool:
        lo, cap, wd, hits = self.lo, self.cap, self.wd, self.hits
        low = lo[k]
        if self.blocked[k] or self.home[k] or self.pveto[k]:
            return False
        if not cap[k] and not hits[k] and wd[k] == "N" and self.lower_possessive(k):
            self.cue_sug[k] = ""  # "love from alices daughter" -> "love from daughter"
            return True
        if len(low) < 2:
            text = self.tx[k]
            ti = self.title_before(k) if text.isupper() and text.isalpha() else None
            if ti is None or lo[ti] not in ("mr", "mrs", "ms", "miss", "dr", "nurse", "sister"):
                return False
            self.title_at[k] = ti  # "Mrs H in room 4", "Dr P": a title and an initial
            return True
        c, w, h = cap[k], wd[k], hits[k]
        if not c and not h and w == "C":
            # fast path for most words; the ways in are "me n jade" (a listed name after "me and") and
            # "my mum ivy loves ..." (a listed name after "my" and a family word, doing something)
            if self.kin_lower(k):
                self.cue_sug[k] = ""
                return True
            if self.lower_singled_out(k):
                return True
            return bool(k >= 2 and lo[k - 1] in COORD and lo[k - 2] in ME_AND and self.tt[k] and self.tt[k - 1]
                        and self.lst[k] and not self.stopped(k))
        ti = self.title_before(k) if k and lo[k - 1] in TITLE_SUGGESTION else None
        if (ti is None and w == "C" and self.sent[k] and not h and not self.lst[k]  # (lst[k]: a listed given name, cached with the word)
                and not (self.poss[k] and self.possessive_relation_after(k)) and not self.relation_after(k)):
            return False  # "The", "We", "Thanks" opening a sentence: nothing else can make it a name
        pets = self.pets_here  # (pet_context needs a pet word one or two before, or two after: no call without one)
        if (pets and ((k >= 1 and lo[k - 1] in pets) or (k >= 2 and lo[k - 2] in pets) or (k + 2 < self.n and lo[k + 2] in pets))
                and self.pet_context(k)):
            self.pet_names.add(low)
            return False
        if ti is not None and (c or h or self.lst[k] or w != "C") and low not in KINSHIP:
            if self.stopped(k) and low not in MONTH_NAMES:
                return False
            self.title_at[k] = ti
            if ti >= 1 and self.relation_word(ti - 1) and self.tt[ti] and lo[ti - 1] not in CALLED:
                self.cue_sug[k] = ""  # "my aunt Mrs Booth", "the manager Mrs Collins": the role stays
            return True
        rel = k >= 1 and lo[k - 1] in self.rel_prev and self.relation_before(k)  # (the guard: no call for most words)
        if rel:
            plow = lo[k - 1]
            if plow in CALLED:
                self.title_at[k] = k - 1
                self.cue_sug[k] = ""
            elif plow == "enw" and self.welsh(k):
                # "o'r enw Dafydd" goes with the name
                self.title_at[k] = k - 2 if k >= 2 and lo[k - 2] == "o'r" and self.tt[k - 1] else k - 1
                self.cue_sug[k] = ""
            elif self.relation_word(k - 1) or plow in ("is", "was") or self.in_law_before(k):
                self.cue_sug[k] = ""
        if (h and self.roster_full(k)) or (k > 0 and self.is_name[k - 1] and hits[k - 1] and self.roster_full(k - 1)):
            return True
        if low in self.stop or self.cystop[k]:  # (stopped(k); the phrase veto was tested above)
            return False
        family = k >= 1 and lo[k - 1] == "the" and self.family_after(k)
        # (relation_after needs a relation or determiner next, or a capital to walk over: no call without one)
        strong_cue = (rel or family or (self.poss[k] and self.possessive_relation_after(k))
                      or (c and k + 1 < self.n and (lo[k + 1] in _REL_OR_DET or cap[k + 1]) and self.relation_after(k)))
        if family:
            self.cue_sug[k] = ""
        roster = bool(h)
        listed = roster or self.lst[k]
        if not roster and len(self.tx[k]) > 1 and self.tx[k].isupper():  # (acronym(k))
            return False
        if w == "C" and not listed:
            # an everyday word that is no given name: only a strong cue makes it one ("the Happy family");
            # the remaining tests all need a name list or the roster
            return bool(strong_cue and c and not self.adjective_context(k))
        # (new_cues only when one of its cues can apply: a word before or after it that a cue reads, a
        # comma after it, or a lower-case given name that is no everyday word)
        p = lo[k - 1] if k else ""
        if ((k and (p in self.greet_last or p in _ORDINAL_TAILS or p in CONTACT_VERBS))
                or (k + 1 < self.n and lo[k + 1] in self.after_first)
                or (c and self.text[self.en[k] : self.en[k] + 1] == ",") or (not c and listed and w != "C")):
            if self.new_cues(k, c, w, roster, listed):
                return True
        if w == "C" and self.adjective_context(k):
            return False  # "I'll be Frank with you", "so Sunny today"
        sent = self.sent[k]
        if w == "C":
            if strong_cue and (c or (roster and self.kin_before(k))):
                return True
            if rel and listed and k >= 1 and self.coord_word(k - 1):
                return True  # "me n jade"
            if roster and c and not sent and not self.place_context(k):
                return True
            if roster and c and sent and (self.verb_after(k) or self.room_after(k)):
                return True
            if roster and self.room_after(k):
                return True
            if listed and self.thanks_before(k) and (c or roster):
                return True
            if listed and c and self.soft_cue(k):
                return True
            if listed and c and self.age_after(k):
                return True  # "... and Ken B 84."
            if roster and not c and self.lower_roster_cue(k):
                return True
            return False
        # not an everyday word
        if strong_cue and (c or listed):
            return True
        if roster:
            if c:
                return not self.place_context(k, roster=True) or self.roster_full(k)
            return w == "N" or self.thanks_before(k)
        if listed:
            if not c:
                if self.kin_after(k):
                    self.cue_sug[k] = ""  # "sam my son noticed" -> "my son noticed"
                    return True
                return self.thanks_before(k)
            if self.place_context(k):
                return False
            if w == "R" and sent:
                return self.verb_after(k) or self.thanks_before(k)
            return True
        # unknown capitalised word: only with a cue
        if c and not sent and w == "N" and self.thanks_before(k) and not self.proper(k):
            return True
        if c and w == "N" and not self.tx[k].isupper() and self.known_surname_after(k) and not self.place_context(k):
            return True  # "Kuldeep Sandhu": an unlisted given name before a listed surname
        if (c and w == "N" and len(self.tx[k]) >= 3 and not self.acronym(k) and not self.proper(k)
                and not self.place_context(k) and not self.place_list_context(k)):
            # a capitalised word that is in no dictionary and names no known place: most likely a
            # name missing from the lists ("Babajide", "Oluwadamilare")
            return not sent or self.verb_after(k)
        return False

    def new_cues(self, k: int, c: bool, w: str, roster: bool, listed: bool) -> bool:
        """Issue-12 cues: greetings, staff named by where they work, a name before a phone number."""
        if k and (self.lo[k - 1] in self.greet_last or self.lo[k - 1] in _ORDINAL_TAILS) and self.greeting_before(k):
            if w == "C":
                ok = (listed or roster) and (c or roster)
            else:
                ok = c or listed or roster
            if ok:
                self.cue_sug[k] = ""  # "Hello Stan!" -> "Hello!"
                return True
        lower = not c and listed and w != "C" and self.mostly_lower()
        if (c or lower) and (w != "C" or listed or roster) and k + 1 < self.n and self.lo[k + 1] in self.after_first and self.staff_place_after(k):
            return True  # "Mo in the kitchen", "bev and little sam on the unit"
        if (w != "C" or listed or roster) and k and self.lo[k - 1] in CONTACT_VERBS and self.phone_after(k):
            return True
        if c and (w != "C" or listed or roster) and self.text[self.en[k] : self.en[k] + 1] == "," and _AGE_APPOSITION.match(self.text, self.en[k]):
            return True  # "Ron, 87, from Swindon"
        if lower and not self.sent[k] and k + 1 < self.n:
            nlow = self.lo[k + 1]
            if nlow not in ("and", "&", "is", "was", "has", "had"):
                if self.verb_after(k):
                    return True  # a story typed in lower case: "nyasha sings to him"
                if self.gap[k].strip() == "," and self.gap[k + 1].strip() == "," and (nlow in ACTION_VERBS or nlow.endswith("ed")):
                    return True  # "one of them, nyasha, sings to him"
        return False

    def lower_roster_cue(self, k: int) -> bool:
        """"esp faith who ...", "maria takes her", "rob the manager": in a story typed without capitals,
        a roster name that is also an everyday word, singled out, doing something, or given its role."""
        if not self.mostly_lower() or k + 1 >= self.n or not self.tt[k + 1]:
            return False
        lo = self.lo
        nlow = lo[k + 1]
        if nlow in APPOSITION_DETS and k + 2 < self.n and self.tt[k + 2] and lo[k + 2] in STAFF_NOUNS:
            # "rob the manager" (even for "rob", "will", "may", but not opening a sentence: "will the manager ring?")
            return not (self.sent[k] and lo[k] in LOWER_NEVER)
        if self.sent[k]:  # "... bunting. maria takes her to the hairdressers"
            return lo[k] not in LOWER_NEVER and self.verb_after(k) and nlow not in COPULAS
        if not self.tt[k]:
            return False
        if lo[k] in LOWER_NEVER:
            return False
        if k >= 1 and lo[k - 1] in SINGLING_OUT:
            return True
        return self.verb_after(k) and nlow not in COPULAS

    def lower_singled_out(self, k: int) -> bool:
        """"the carers are lovely esp precious who ...": in a story typed without capitals, a given name
        that is also a word, singled out and then doing something (off the roster too)."""
        lo, n = self.lo, self.n
        if not (k >= 1 and lo[k - 1] in SINGLING_OUT and self.tt[k] and k + 1 < n and self.tt[k + 1]):
            return False
        low = lo[k]
        if low in LOWER_NEVER or len(low) < 3 or not self.lst[k] or self.stopped(k) or not self.mostly_lower():
            return False
        nlow = lo[k + 1]
        return nlow in ("who", "whos", "who's", "who’s") or (self.verb_after(k) and nlow not in COPULAS)

    def lower_possessive(self, k: int) -> bool:
        """"love from alices daughter", "dorises granddaughter": a name's possessive typed without the
        apostrophe before a family word; the name is on the roster or a given name in no dictionary."""
        low = self.lo[k]
        if len(low) < 4 or low[-1] != "s" or k + 1 >= self.n or not self.tt[k + 1] or self.lo[k + 1] not in POSSESSIVE_KIN:
            return False
        index = self.roster.index
        for stem in (low[:-1], low[:-2]) if low.endswith("es") else (low[:-1],):
            if (index and stem in index) or (stem in core_first_names() and _word(stem)[2] == "N" and stem not in self.stop):
                return True
        return False

    def place_list_context(self, k: int) -> bool:
        """"then to Skegness", "Morecambe and Skegness": a destination, or listed beside a place."""
        if k < 1:
            return False
        plow = self.lo[k - 1]
        pplow = self.lo[k - 2] if k >= 2 else None
        if plow == "to" and self.tt[k] and (pplow is None or pplow not in TO_PERSON):
            return True
        if plow in COORD and pplow is not None and self.tt[k]:
            q = k - 2
            return self.cap[q] and not self.is_name[q] and (self.proper(q) or self.place_context(q))
        return False

    def proper(self, k: int) -> bool:
        low = self.lo[k]
        if _PROPER[low] or low in proper_nouns_extra() or _PLACES[low]:
            return True
        if self.welsh(k):
            pl = welsh.places()
            return low in pl or any(r in pl for r in welsh.radicals(low))
        return False

    def known_surname_after(self, k: int) -> bool:
        j = k + 1
        return (j < self.n and self.tt[j] and self.cap[j] and self.tx[j].isascii() and self.sur[self.lo[j]]
                and self.wd[j] == "N" and not self.stopped(j))

    def soft_cue(self, k: int) -> bool:
        """A capitalised everyday word used as a name mid-sentence: "I spoke to Carol", "Pat rang"."""
        n, lo, cap, tt = self.n, self.lo, self.cap, self.tt
        has_p, has_n = k >= 1, k + 1 < n
        if self.place_context(k) or (has_p and cap[k - 1] and tt[k] and not self.sent[k - 1]):
            return False
        if has_n and cap[k + 1] and tt[k + 1] and not self.sur[lo[k + 1]]:
            return False  # part of a title-case phrase ("Merry Christmas", "Good Friday")
        low = lo[k]
        if self.welsh(k) and has_p and tt[k]:
            plow = lo[k - 1]
            if plow in welsh.SOFT_BEFORE and low not in welsh.MONTHS:
                return True  # "gyda Haf", "efo Seren"
            if (self.sent[k - 1] and plow in welsh.VERB_FIRST and low not in welsh.MONTHS and has_n
                    and (self.encl[k] or (tt[k + 1] and lo[k + 1] in welsh.AFTER_SUBJECT))):
                return True  # "Mae Haf yn garedig", "Roedd Seren wedi helpu", "Mae Eira'n canu"
        if self.sent[k]:
            return self.verb_after(k) and has_n and lo[k + 1] not in COPULAS
        return (has_p and tt[k] and lo[k - 1] in SOFT_BEFORE) or (self.verb_after(k) and has_n and lo[k + 1] not in COPULAS)

    def adjective_context(self, k: int) -> bool:
        return k >= 1 and self.tt[k] and self.lo[k - 1] in ADJ_BEFORE

    def roster_full(self, k: int) -> bool:
        h = self.hits[k]
        if not h or k + 1 >= self.n or not self.tt[k + 1]:
            return False
        nh = self.hits[k + 1]
        if not nh:
            return False  # (the next word is off the roster: no set to build)
        mine = {p for p, part in h if part == "given"}
        return any(p in mine and part == "surname" for p, part in nh)

    def coordinated(self, k: int) -> bool:
        """"Chi and Marek", "Jomar, Kez and Ruth", "emeka and shiv": next to a name in a list."""
        # every way in needs a found name beside the word in a list: that is tested first, in a few
        # look-ups, rather than after the word's own tests (most words near a name are not listed with it)
        is_name, tt, gap, n = self.is_name, self.tt, self.gap, self.n
        if not ((k >= 2 and is_name[k - 2] and tt[k] and tt[k - 1] and self.coord_word(k - 1))
                or (k >= 1 and is_name[k - 1] and gap[k].strip() in (",", "&", "+", "/"))
                or (k + 2 < n and is_name[k + 2] and tt[k + 1] and tt[k + 2] and self.coord_word(k + 1))
                or (k + 1 < n and is_name[k + 1] and gap[k + 1].strip() in (",", "&", "+", "/"))):
            return False
        return self._coordinated(k)

    def _coordinated(self, k: int) -> bool:
        """coordinated() after its test for a name beside the word."""
        cap, wd, lo, hits, is_name, tt, n = self.cap, self.wd, self.lo, self.hits, self.is_name, self.tt, self.n
        low = lo[k]
        c, w = cap[k], wd[k]
        lower_n = not c and w == "N" and len(low) > 2 and self.mostly_lower()  # "shaz and nicola"
        # "jodie and precious": in a story typed in lower case, a given name that is also a word, listed
        # right beside a lower-case name
        lower_c = (not c and not hits[k] and w == "C" and len(low) > 2 and low not in LOWER_NEVER and self.mostly_lower()
                   and low not in RELATIONS and low not in self.roles and self.lst[k] and not self.stopped(k)
                   and not (k >= 1 and self.tt[k] and lo[k - 1] in APPOSITION_DETS)  # "the finance lady, deborah"
                   and not (k + 1 < n and tt[k + 1] and is_name[k + 1])  # "little sam", "big dave"
                   and self._beside_name(k, lower=True))
        if lower_c:
            return not (self.blocked[k] or self.home[k] or low in self.pet_names)
        if c and low in GIVEN_MONTHS and not hits[k] and self.signoff_month(k):
            return True  # "Lots of love, June, Pat and Hazel"
        if not c and not hits[k] and not lower_n:
            return False
        if self.blocked[k] or self.home[k] or self.stopped(k) or len(low) < 2 or low in self.pet_names:
            return False
        if not (hits[k] or self.lst[k] or (c and w == "N") or lower_n) or (not hits[k] and self.acronym(k)):
            return False
        if w != "C" and not hits[k] and not self.lst[k] and (self.proper(k) or self.place_context(k)):
            return False  # "Morecambe and Skegness"
        if w == "C" and not (c or hits[k]):
            return False
        # "X and <name>" / "<name>, X"
        if k >= 2 and self.coord_word(k - 1) and tt[k] and is_name[k - 2] and tt[k - 1]:
            return True
        if k >= 1 and is_name[k - 1] and self.gap[k].strip() in (",", "&", "+", "/"):
            return True
        # "X and <name>" looking forward / "X, <name>"
        if k + 2 < n and self.coord_word(k + 1) and tt[k + 1] and is_name[k + 2] and tt[k + 2]:
            return True
        if k + 1 < n and is_name[k + 1] and self.gap[k + 1].strip() in (",", "&", "+", "/"):
            return True
        return False

    def _beside_name(self, k: int, lower: bool = False) -> bool:
        """Next to a found name in a list ("X and <name>", "<name>, X"), the name lower case if ``lower``."""
        is_name, tt, n, gap, cap = self.is_name, self.tt, self.n, self.gap, self.cap
        def ok(q: int) -> bool:
            return is_name[q] and not (lower and self.tx[q][:1].isupper())
        if k >= 2 and self.coord_word(k - 1) and tt[k] and tt[k - 1] and ok(k - 2):
            return True
        if k >= 1 and ok(k - 1) and gap[k].strip() in (",", "&", "+", "/"):
            return True
        if k + 2 < n and self.coord_word(k + 1) and tt[k + 1] and tt[k + 2] and ok(k + 2):
            return True
        return k + 1 < n and ok(k + 1) and gap[k + 1].strip() in (",", "&", "+", "/")

    def signoff_month(self, k: int) -> bool:
        """"Love, June, Pat and Hazel", "from May and Trevor": a month that is a given name, in a list of
        names straight after a sign-off word, near the end of the story."""
        if k < 1 or self.lo[k - 1] not in SIGN_OFF_WORDS or "\n" in self.gap[k] or self.gap[k].strip() not in ("", ","):
            return False
        if len(self.text) - self.en[k] > 80:
            return False
        n, tt, is_name = self.n, self.tt, self.is_name
        if k + 2 < n and self.coord_word(k + 1) and tt[k + 1] and tt[k + 2] and is_name[k + 2]:
            return True
        return k + 1 < n and is_name[k + 1] and self.gap[k + 1].strip() in (",", "&", "+")

    def extend(self, k: int) -> int:
        """Index of the last token of the name starting at k (surnames, connectors, an initial)."""
        n, lo, cap, tx, hits, wd, text = self.n, self.lo, self.cap, self.tx, self.hits, self.wd, self.text
        j = k
        while j + 1 < n:
            q = j + 1
            if not self.tt[q] or self.blocked[q] or self.home[q]:
                break
            nhits = hits[q]
            if nhits:
                cur_people = {p for p, _ in hits[j]}
                if any(part == "surname" and (p in cur_people or not cur_people) for p, part in nhits) and (cap[q] or not cap[j]):
                    j += 1
                    continue
            nlow = lo[q]
            if not cap[q] and cap[j] and nlow not in NAME_CONNECTORS:
                break  # (a lower-case word after a capital: every test below needs a connector or a capital)
            if nlow in NAME_CONNECTORS and j + 2 < n and cap[j + 2] and self.tt[j + 2]:
                j += 2
                continue
            ntext = tx[q]
            if cap[q] and len(ntext) == 1 and ntext.isalpha():
                e = self.en[q]
                after = text[e : e + 2]
                if _INITIAL_AGE.match(text, e):
                    j += 1  # a birthday list, "Dorothy F - 95, Lillian B - 87"
                    continue
                if after == "" or after[0] in "\n" or after in (".", ".\n") or after[:1] == "." and (e + 1 >= len(text) or text[e + 1] in " \n"):
                    if after[:1] == "." and e + 1 < len(text) and text[e + 1 :].strip() and not text[e + 1 :].lstrip().startswith("\n"):
                        # "Kwame A. Thanks" is ambiguous; keep only at the very end
                        break
                    j += 1
                    continue
                break
            if cap[q] and not self.sent[q] and not self.stopped(q) and nlow not in PLACE_NOUNS and nlow not in MONTH_NAMES:
                if self.sur[nlow] or wd[q] == "N" or (nlow in self.first and wd[q] != "C") or self.age_after(q):
                    j += 1  # (a capitalised word before a birthday list's age is a surname: "Joan Pickup 99")
                    continue
            if not cap[q] and not cap[j] and wd[q] == "N" and self.sur[nlow]:
                j += 1
                continue
            break
        return j

    def signature(self) -> list[int]:
        """Tokens of a sign-off at the end ("Many thanks, Kath", "- Jenna", "Gary Ackroyd 07700 900552")."""
        n = self.n
        if not n:
            return []
        lo, cap, tx, gap, hits = self.lo, self.cap, self.tx, self.gap, self.hits
        # walk back over the last clause; a town after the name ("Yours, D. Pickering, Ilkley") is skipped
        tail: list[int] = []
        k = n - 1
        while k > 0 and cap[k] and self.proper(k) and not hits[k] and "," in gap[k]:
            if self.text[self.en[k] :].strip(" .!\n"):
                break
            k -= 1
        closing = self.text.rstrip(" .!\nxX")
        if closing.endswith(")") and k > 0:
            o = closing.rfind("(")
            if 0 <= o and len(closing) - o <= 32 and self.st[k] > o:
                while k > 0 and self.st[k] > o:
                    k -= 1  # "Chinonso (senior carer)", "Kath (daughter)": the brackets say who signs
        end_at = k
        last = k  # the tail's last word: when it cannot sign, nothing does (no walk back, no regex)
        while last >= 0 and (self.blocked[last] or self.soft[last]):
            last -= 1
        if last < 0 or (lo[last] not in ("x", "xx", "xxx") and not self._signs(last)):
            return []
        while k >= 0 and len(tail) < 6:
            if self.blocked[k] or self.soft[k]:
                k -= 1
                continue
            tail.append(k)
            g = gap[k]
            if _SIGN_BREAK.search(g) or _has_symbol(g) or k == 0:
                break
            k -= 1
        tail.reverse()
        # what follows the last token must be punctuation/emoji/kisses only (or the town skipped above)
        rest = self.text[self.en[tail[-1]] : self.st[end_at + 1] if end_at + 1 < n else len(self.text)] if tail else ""
        if _LETTER.search(_SIGN_REST.sub(" ", rest)):
            return []
        while tail and lo[tail[0]] in SIGN_OFF_WORDS:
            tail.pop(0)
        while tail and lo[tail[-1]] in ("x", "xx", "xxx"):
            tail.pop()
        # "Karen and Steve": a couple signing together
        tail = [k for i, k in enumerate(tail) if not (0 < i < len(tail) - 1 and lo[k] in ("and", "n"))]
        if not tail or len(tail) > 3:
            return []
        for k in tail:
            if not self._signs(k):
                return []
        t0 = tail[0]
        if len(tx[t0]) < 2 or not (cap[t0] or hits[t0] or lo[t0] in self.first):
            return []  # a sign-off starts with a name, not an initial
        return tail

    def _signs(self, k: int) -> bool:
        """Can word k be in a sign-off (signature's test of each word of the tail)?"""
        c, w, hits, lo = self.cap[k], self.wd[k], self.hits, self.lo
        if self.home[k] or self.stopped(k) or (self.acronym(k) and not hits[k]):
            return False
        if self.is_name[k] or (hits[k] and (c or w != "C" or self.lowercase_style())):
            return True
        if lo[k] in self.first and (c or w != "C"):
            return True
        if c and (w == "N" or (w == "R" and self.sur[lo[k]])):
            return True
        return c and len(self.tx[k]) == 1

    def lowercase_style(self) -> bool:
        """Typed all in lower case (no capital but "I"), so a lower-case word can still be a name."""
        if self._lower_style is None:
            tx, lo = self.tx, self.lo
            self._lower_style = not any(tx[k][:1].isupper() for k in range(self.n) if lo[k] not in ("i", "i'm", "im"))
        return self._lower_style

    def standalone(self, k: int) -> bool:
        """The word is a sentence on its own ("... thanks. rose")."""
        e = self.en[k]
        after = self.text[e : e + 40].lstrip(" \t")
        if after[:1] in ("+", "(") or after[:1].isdigit():
            after = after.lstrip("0123456789 ()+-.\t")  # "rose 07700 900417, ..." signs off with a number
        opens = self.sent[k] or self.gap[k].rstrip()[-1:] in ("(", ",", "-", "–")
        return opens and (after == "" or after[0] in ".!?,\n-–)")

    def extend_back(self, k: int) -> int:
        """Take in a given name just before a found surname ("Kuldeep Sandhu" found from "Sandhu")."""
        cap = self.cap
        while k > 0 and self.tt[k] and cap[k]:
            p = k - 1
            if (not cap[p] or self.vetoed(p) or self.acronym(p) or self.wd[p] == "C" or self.is_name[p]
                    or not (self.lst[p] or self.hits[p] or self.wd[p] == "N")):
                break
            k = p
        return k

    def propagate(self) -> None:
        """A word found as a name once is a name wherever it appears as one ("Kath ... Kath")."""
        tx, is_name, lo = self.tx, self.is_name, self.lo
        found = list(compress(range(self.n), is_name))  # (once, for the names and their folded words)
        names = {tx[k] for k in found}
        if not names:
            return
        for k in self._same_words(names):
            if self.vetoed(k) or (self.acronym(k) and not self.hits[k]):
                continue
            c = self.cap[k]
            if self.wd[k] == "C" and not c and self.standalone(k):
                pass  # "... lovely day. rose": the same word is a name elsewhere, and stands alone here
            elif self.wd[k] == "C":
                # an everyday word only where it stands as a name: capitalised, and not opening a
                # sentence that goes on ("Will you help" stays, "Chi." and "to Chi" are names),
                # unless what follows is what a person does ("Grace even came in", "Joy said")
                if not c:
                    continue
                e = self.en[k]
                after = self.text[e : e + 40].lstrip()
                if self.sent[k] and after[:1].isalpha() and after[:1].islower():
                    if not (k + 1 < self.n and self.tt[k + 1] and (self.lo[k + 1] in SUBJECT_ADVERBS or self.verb_after(k))
                            and self.lo[k + 1] not in ("will", "can", "would", "could", "should", "and", "&")):
                        continue
            if self.lo[k] in self.pet_names:
                continue
            is_name[k] = True

    def _same_words(self, names: set[str]) -> list[int]:
        """The words, in order, not yet names, spelt as a found name is: when every name is capitalised,
        only among the capitals (cap[k] holds for every word with a capital, and is only ever set)."""
        tx, is_name = self.tx, self.is_name
        if all(w[:1].isupper() for w in names):
            at = compress(range(self.n), self.cap)
        else:
            at = compress(range(self.n), map(names.__contains__, tx))
        return [k for k in at if not is_name[k] and tx[k] in names]

    def join_lists(self) -> None:
        """Lists ("Chi and Marek", "Jomar, Kez and Ruth"): a word beside a found name joins it.

        Every list cue needs a name within two words, so each pass visits only the words near a name
        that a list can join, in order, adding the two after each name it finds: the same words in the
        same order as a pass over every word that could join a list (three C passes, a union and a sort)."""
        n, lo, cap, wd, hits, is_name = self.n, self.lo, self.cap, self.wd, self.hits, self.is_name
        lower, first = self.mostly_lower(), self.first
        found: list[int] | None = None  # names the previous pass found
        for _ in range(2):
            changed = False
            # (what a list can join: a capital, the roster, or in a lower-case story a word in no
            # dictionary or a given name; the first pass tests it inside the set comprehension rather
            # than in a second list pass, ~2 us a story)
            if found is None:
                near = sorted({q for p in compress(range(n), is_name) for q in (p - 2, p - 1, p + 1, p + 2)
                               if 0 <= q < n and not is_name[q] and (cap[q] or hits[q] or (lower and (wd[q] == "N" or lo[q] in first)))})
            else:
                # coordinated() reads only the two words either side, so the second pass can only change
                # its answer for the two words before a name the first pass found after judging them
                # (the words after it were judged after it); the others would be judged again alike
                near = [q for q in sorted({q for p in found for q in (p - 2, p - 1) if q >= 0})
                        if not is_name[q] and (cap[q] or hits[q] or (lower and (wd[q] == "N" or lo[q] in first)))]
            found = []
            i = 0
            while i < len(near):
                k = near[i]
                i += 1
                if is_name[k] or not self.coordinated(k):
                    continue
                is_name[k] = changed = True
                found.append(k)
                for q in (k + 1, k + 2):
                    if (q < n and not is_name[q]
                            and (cap[q] or hits[q] or (lower and (wd[q] == "N" or lo[q] in first)))):
                        at = bisect_left(near, q, i)  # (after the words already visited; a binary search,
                        if at == len(near) or near[at] != q:  # so a long paste's many names stay cheap)
                            near.insert(at, q)
            if not changed:
                break

    def run(self) -> list[Run]:
        n = self.n
        lo, cap, wd, sent, hits, is_name, cy, stop = self.lo, self.cap, self.wd, self.sent, self.hits, self.is_name, self.cy, self.stop
        tx = self.tx
        # most words are lower-case everyday words off the roster: drop them by each word's cached
        # "may be a name" (a capital, or no everyday word; read from the word list, so a Welsh word
        # made everyday here still comes, and the tests below drop it as they would have), adding the
        # roster's words and the few after a family word, "esp" or "me and"
        extra = self.hit_at
        pos = self.pos
        kin = self.loset & KINSHIP_WORDS
        if kin:  # "my mum ivy": the word after a family word may be a lower-case name
            extra = extra + [k + 1 for w in kin for k in pos[w] if k + 1 < n]
        sing = self.loset & SINGLING_OUT
        if sing:  # "esp precious who": the word after "esp" may be a lower-case name
            extra = extra + [k + 1 for w in sing for k in pos[w] if k + 1 < n]
        me = self.loset & ME_AND
        if me:
            extra = extra + [k + 2 for w in me for k in pos[w] if k + 2 < n and lo[k + 1] in COORD]
        flags = self.cand
        if extra:
            flags = list(flags)  # (rather than a set union and a sort of every candidate)
            for k in extra:
                flags[k] = True
        for k in compress(range(n), flags):
            c, h, low = cap[k], hits[k], lo[k]
            if not c and not h:
                if wd[k] == "C":
                    if ((k < 2 or lo[k - 1] not in COORD or lo[k - 2] not in ME_AND) and not (k >= 2 and lo[k - 1] in KINSHIP_WORDS)
                            and not (k >= 1 and lo[k - 1] in SINGLING_OUT)):
                        continue  # most words: lower case, everyday, not on the roster (see decide's fast path)
                    if not self.lst[k]:
                        continue  # ("my mum was ...": every way in for such a word needs a given name)
                elif (k == 0 or lo[k - 1] not in LOWER_CUES and not self.lst[k]) and not self.lower_possessive(k):
                    continue  # a lower-case rare word or typo: only a title or "ring X on <number>" could name it
            elif not h and (len(low) < 2 and not (k and tx[k].isupper() and lo[k - 1] in TITLE_SUGGESTION)
                            or low in stop and not (
                    low in MONTH_NAMES and k and lo[k - 1] in TITLE_SUGGESTION)):  # ("Nurse June" is a name)
                continue  # "I", "Mum", "Friday", "NHS": never a person without the roster (decide says no)
            elif (sent[k] and wd[k] == "C" and not h and not self.poss[k] and (k == 0 or lo[k - 1] not in TITLE_SUGGESTION)
                  and (k + 1 == n or self.gap[k + 1].strip() not in (",", "(")) and not self.lst[k]):
                continue  # "The", "We", "Thanks" opening a sentence (decide's first test, without the call)
            if (cy is not None and cy[k] and not c and not h and not self.lst[k]
                    and (k == 0 or lo[k - 1] not in TITLE_SUGGESTION)):
                continue  # a lower-case Welsh word ("garedig", "gwneud"): only a title could make it a name
            if self.decide(k):
                is_name[k] = True
        for k in self.signature():
            is_name[k] = True
            self.cue_sug[k] = ""  # a sign-off is simply removed
        self.join_lists()
        self.propagate()
        runs: list[Run] = []
        title_at, cue_sug, roster = self.title_at, self.cue_sug, self.roster
        free = 0  # first token not yet in a run
        for k in list(compress(range(n), is_name)):
            if k < free:
                continue
            if title_at[k] is None:
                k = self.extend_back(k)
            j = self.extend(k)
            while j + 1 < n and is_name[j + 1] and self.tt[j + 1] and (cap[j + 1] == cap[k]):
                j = self.extend(j + 1)
            if self.business_after(j):
                free = j + 1  # "Harold Brown & Sons", "a Frank Sinatra tribute night"
                continue
            first = title_at[k] if title_at[k] is not None else k
            start = self.st[first]
            end = self.en[j]
            people: set[int] = set()
            if any(hits[k : j + 1]):  # (most names are off the roster: no sets to build)
                given = {p for p, part in hits[k] if part == "given"}
                for q in range(k, j + 1):
                    people |= {p for p, _ in hits[q]}
                if given and j > k:
                    full = given & {p for q in range(k + 1, j + 1) for p, part in hits[q] if part == "surname"}
                    if full:
                        people = full
            sug = cue_sug[k]
            if sug is None:
                for q in range(k + 1, j + 1):
                    if cue_sug[q] is not None:
                        sug = cue_sug[q]
                        break
            if sug is None and title_at[k] is not None:
                ttl = lo[title_at[k]]
                sug = TITLE_SUGGESTION.get(ttl)
                if sug is None and not people:
                    sug = SOMEONE
            if sug is None:
                sug = roster.suggestion_for(people) if people else SOMEONE
            elif people and sug in (NURSE, CARER, DOCTOR) and roster.suggestion_for(people) not in (SOMEONE,):
                rs = roster.suggestion_for(people)
                sug = rs if rs not in ("a member of staff",) else sug
            runs.append(Run(k, j, start, end, sug, frozenset(people)))
            free = j + 1
        return runs


# words whose positions NameFinder keeps (with the roster's and the home's): run() reads the places
# of family words, "esp" and "me", _lower_starts those of "I"
_PLACED_WORDS = frozenset(KINSHIP_WORDS | SINGLING_OUT | ME_AND | {"i", "i'm", "im"})


def _mark(starts: list[int], ends: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, does it overlap one of ``spans``? Binary search per span (spans are few)."""
    n = len(starts)
    out = [False] * n
    for s, e in spans:
        k = bisect_right(ends, s)  # first token ending after s
        while k < n and starts[k] < e:
            out[k] = True
            k += 1
    return out


def _has_symbol(s: str) -> bool:
    if s.isascii():
        return "^" in s or "`" in s  # (the only ASCII symbols of _is_symbol's kinds: no per-character look-up)
    return any(_is_symbol(c) for c in s)


def find_names(text: str, roster: Roster, blocked: list[tuple[int, int]], soft: list[tuple[int, int]] = ()) -> list[Candidate]:
    """NAME candidates; ``blocked`` spans (emails, phone numbers, ...) are never part of a name,
    ``soft`` spans (rooms, dates, ages) are skipped when reading a sign-off."""

    finder = NameFinder(text, roster, blocked, soft)
    out = []
    name_reason = REASONS["NAME"]
    for r in finder.run():
        reason = name_reason
        if r.people and all(roster.people[p].group == "staff" for p in r.people):
            reason = STAFF_REASON
        elif r.suggestion in (NURSE, CARER, DOCTOR) or (r.suggestion not in ("", SOMEONE, RESIDENT) and not r.people):
            reason = STAFF_REASON
        # (priority 40 and the reason by position: the slots dataclass skips matching keywords, ~0.3 us a name)
        out.append(Candidate(r.start, r.end, "NAME", r.suggestion or "", 40, reason))
    return out
