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
from bisect import bisect_right
from dataclasses import dataclass

from . import cues, welsh
from .finding import REASONS, STAFF_REASON
from .patterns import Candidate
from .roster import CARER, DOCTOR, MANAGER, NURSE, RESIDENT, SOMEONE, Roster
from .wordlists import (
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

WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

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
                  "sincerely", "faithfully", "signed", "all", "the", "best", "with", "lots", "of", "xx", "xxx", "x", "ta"} | welsh.SIGN_OFF_WORDS
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
# Words after a sentence-opening everyday word that show it is the subject, as a person is
# ("Grace even came in", "Joy always asks"), used when the same word is a name elsewhere.
SUBJECT_ADVERBS = {"even", "always", "also", "really", "just", "never", "still", "often", "usually", "sometimes",
                   "then", "now", "actually", "definitely", "certainly", "especially", "particularly", "came", "went"}
CONTACT_VERBS = {"ring", "call", "phone", "text", "contact", "ask", "for", "message", "speak", "rang", "called"}
LOWER_CUES = set(TITLE_SUGGESTION) | CONTACT_VERBS  # before an unlisted lower-case word that may be a name
MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


@dataclass(slots=True)
class Tok:
    start: int
    end: int  # end of the name part (a possessive 's is left out)
    text: str
    low: str  # folded
    cap: bool
    sent: bool  # starts a sentence
    gap: str  # text between the previous token and this one
    word: str = "N"  # "C" common English word, "R" rare English word, "N" not an English word
    encl: bool = False  # a Welsh enclitic 'n was cut off ("Sandra'n" -> "Sandra")
    poss: bool = False  # a possessive 's was cut off ("Arthur's" -> "Arthur")


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co")


_AGE_APPOSITION = re.compile(r",[ \t]*(?:[5-9]\d|1[01]\d)[ \t]*[,)]")  # ", 87," after a name
_ON_NUMBER = re.compile(r"[ \t]+(?:on|at|-|:)?[ \t]*")
_CLASS: dict[str, tuple[str, str]] = {}
_CONTRACTIONS = ("'ve", "'ll", "'re", "'d", "'m", "n't", "'t")
_NONE: list = []


def _classify(w: str) -> tuple[str, str]:
    """(folded form, "C"/"R"/"N") for a word, cached: most words recur from story to story."""
    got = _CLASS.get(w)
    if got is not None:
        return got
    low = fold(w)
    if "'" in low and low.endswith(_CONTRACTIONS):
        cls = "C"  # "We've", "I'll", "Didn't"
    elif low in common_words() or low in informal_words() or low in places_also_names():
        cls = "C"
    elif low in rare_words():
        cls = "R"
    else:
        cls = "N"
    if len(_CLASS) > 50_000:
        _CLASS.clear()
    _CLASS[w] = (low, cls)
    return low, cls


_SENT_END = frozenset(".!?\n:;")
_GAP_STRIP = " \t\"'“”‘’()[]*_"


def tokenise(text: str) -> list[Tok]:
    toks: list[Tok] = []
    append = toks.append
    classify = _CLASS.get
    prev_end = 0
    first = True
    for m in WORD_RE.finditer(text):
        s, e = m.span()
        w = m.group()
        gap = text[prev_end:s]
        prev_end = e
        encl = poss = False
        if len(w) > 2 and w[-2] in "'’":
            if w[-1] in "sS":
                w = w[:-2]
                poss = True
            elif w[-1] in "nN" and len(w) > 3:
                w = w[:-2]  # Welsh "Sandra'n garedig", "hi'n", "mae'n": the word itself is before the 'n
                encl = True
        if gap == " ":
            sent = first
        else:
            stripped = gap.strip(_GAP_STRIP)
            sent = first or (bool(stripped) and (stripped[-1] in _SENT_END or _is_symbol(stripped[-1]))) or "\n" in gap
        first = False
        got = classify(w)
        if got is None:
            got = _classify(w)
        append(Tok(s, s + len(w), w, got[0], w[:1].isupper(), sent, gap, got[1], encl, poss))
    return toks


@dataclass
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
        self.toks = tokenise(text)
        self.first = first_names()
        self.sur = surnames()
        self.stop = not_names()
        n = len(self.toks)
        ends = [t.end for t in self.toks]
        self.blocked = _mark(self.toks, blocked, ends)
        self.soft = _mark(self.toks, list(soft), ends)
        index = roster.index
        self.hits = [index.get(t.low, _NONE) for t in self.toks] if index else [_NONE] * n
        # Welsh: which tokens are in a sentence written in Welsh (None: no Welsh in the text)
        lows = [t.low for t in self.toks]
        maybe_welsh = not welsh.markers().isdisjoint(lows) or (("'n" in text or "’n" in text) and any(t.encl for t in self.toks))
        self.cy = welsh.welsh_flags(
            lows, [t.sent for t in self.toks], [t.encl for t in self.toks], [t.word for t in self.toks]
        ) if maybe_welsh else None
        self.cystop = [False] * n
        if self.cy:
            self._welsh_words(index)
        hw = roster.home_words
        self.home = [t.low in hw for t in self.toks] if hw else [False] * n
        self.is_name = [False] * n
        self._lower_style: bool | None = None
        self.cue_sug: list[str | None] = [None] * n  # suggestion forced by a cue ("" after "my mum")
        self.title_at: list[int | None] = [None] * n  # index of a title token before the name
        self.blocked_starts = {s for s, _ in blocked}
        self.pveto = self._phrase_veto()  # words of "Father's Day", "Vera Lynn", "Great Milton"
        self.pet_names: set[str] = set()
        self._mostly_lower: bool | None = None
        if self.mostly_lower():
            # typed without capitals: a given name in no dictionary stands out as a capital would
            core, stop = core_first_names(), self.stop
            for k, t in enumerate(self.toks):
                if not t.cap and t.word == "N" and len(t.low) > 3 and t.low in core and t.low not in stop and not self.pveto[k]:
                    t.cap = True

    def _phrase_veto(self) -> list[bool]:
        """Mark the words of phrases that look like names but name nobody (cues.phrases)."""
        toks, n, hits = self.toks, len(self.toks), self.hits
        out = [False] * n
        single, pairs = cues.phrase_index()
        starts = sorted({j for k, t in enumerate(toks) if t.cap for j in (k - 1, k) if j >= 0})  # a phrase has a capital
        done = -1
        for k in starts:
            if k <= done:
                continue
            t = toks[k]
            if k + 1 < n:
                cands = pairs.get((t.low, toks[k + 1].low))
                if cands and not _breaks(toks[k + 1].gap):
                    for ws, kind in cands:
                        m = len(ws)
                        if k + m > n or any(toks[k + i].low != ws[i] or _breaks(toks[k + i].gap) for i in range(2, m)):
                            continue
                        if kind == "never" or not any(hits[k + i] for i in range(m)):
                            for i in range(m):  # (the roster wins: a resident called Tom Jones is a person)
                                out[k + i] = True
                            done = k + m - 1
                        break
                    if done >= k:
                        continue
            if t.cap and t.low in single and not hits[k]:
                out[k] = True
        return out

    def mostly_lower(self) -> bool:
        """Sentences mostly start in lower case: the writer does not use capitals, so names lack them too."""
        if self._mostly_lower is None:
            starts = [t.text[:1].isupper() for t in self.toks if t.sent and t.low not in ("i", "i'm", "im")]
            upper = sum(starts)
            lower = len(starts) - upper
            self._mostly_lower = (lower >= 2 and lower > upper) or (upper == 0 and lower >= 1 and not any(t.cap for t in self.toks))
        return self._mostly_lower

    def _welsh_words(self, index: dict) -> None:
        """In Welsh sentences, Welsh words are everyday words (or never names), and mutated roster
        names are found by their radical form ("gan Fethan" -> Bethan)."""
        fw, cw, titles = welsh.function_words(), welsh.content_words(), welsh.TITLES
        for k, t in enumerate(self.toks):
            if not self.cy[k]:
                continue
            low = t.low
            if low in fw or low in titles:
                self.cystop[k] = True
                t.word = "C"
            elif low in cw:
                t.word = "C"
            elif t.cap and not self.hits[k]:
                # a mutated Welsh word ("nos Fercher", "i Lanelli"): judge it by its radical form
                for r in welsh.radicals(low):
                    if r in fw:
                        self.cystop[k] = True
                        t.word = "C"
                        break
                    if r in cw:
                        t.word = "C"
                        break
            if index and t.cap and not self.hits[k]:
                for r in welsh.radicals(low):
                    h = index.get(r)
                    if h:
                        self.hits[k] = h
                        break

    def stopped(self, k: int) -> bool:
        """Never a person on its own: a listed non-name, or a Welsh function word in a Welsh sentence."""
        return self.toks[k].low in self.stop or self.cystop[k] or self.pveto[k]

    def welsh(self, k: int) -> bool:
        return self.cy is not None and self.cy[k]

    def relation_word(self, k: int) -> bool:
        low = self.toks[k].low
        return low in RELATIONS or low in cues.roles() or (self.welsh(k) and low in welsh.RELATIONS)

    def coord_word(self, k: int) -> bool:
        low = self.toks[k].low
        return low in COORD or (self.welsh(k) and low in welsh.COORD)

    # --- helpers ---------------------------------------------------------------------------------
    def prev(self, k: int, back: int = 1) -> Tok | None:
        return self.toks[k - back] if k - back >= 0 else None

    def nxt(self, k: int) -> Tok | None:
        return self.toks[k + 1] if k + 1 < len(self.toks) else None

    def tight(self, k: int) -> bool:
        """Token k follows the previous one with only spaces (same phrase)."""
        g = self.toks[k].gap
        return bool(g) and g.strip(" \t") == "" and "\n" not in g

    def listed(self, k: int) -> bool:
        t = self.toks[k]
        if t.text.isascii():
            return t.low in self.first
        return t.text.lower() in accented_first_names()

    def acronym(self, k: int) -> bool:
        t = self.toks[k]
        return len(t.text) > 1 and t.text.isupper()

    def vetoed(self, k: int) -> bool:
        t = self.toks[k]
        return self.blocked[k] or self.home[k] or self.stopped(k) or len(t.low) < 2

    # --- cues ------------------------------------------------------------------------------------
    def title_before(self, k: int) -> int | None:
        p = self.prev(k)
        if p is None or p.low not in TITLE_SUGGESTION or p.poss:
            return None  # "Father's Day" is no title
        g = self.toks[k].gap
        if not (g.strip(" \t.") == "" and "\n" not in g):
            return None
        if p.low in NOUN_TITLES:
            if not p.cap and not (self.hits[k] and p.low in ROLE_TITLES):
                return None
            pp = self.prev(k, 2)
            if pp is not None and pp.low in (welsh.POSSESSIVES if self.welsh(k) else POSSESSIVES) and self.tight(k - 1):
                return None  # "my sister Jane", "ei nyrs Bethan": a relation, not a title
        elif not p.cap and not self.toks[k].cap and (self.toks[k].word == "C"):
            return None
        return k - 1

    def relation_before(self, k: int) -> bool:
        p = self.prev(k)
        if p is None:
            return False
        g = self.toks[k].gap
        if "\n" in g or g.strip(" \t(,:") != "":
            return False
        if self.relation_word(k - 1):
            return True
        if p.low == "enw" and self.welsh(k):
            return self.toks[k].cap  # "ffrind o'r enw Dafydd" (a friend called Dafydd)
        # "Mum is Rose", "Dad is Cyril", "I'm Duncan", "name is Ken", "me and jade"
        pp = self.prev(k, 2)
        if p.low in COORD and pp is not None and pp.low in ME_AND:
            return True
        if p.low in ("is", "was") and pp is not None and (pp.low in KINSHIP or pp.low == "name"):
            return True
        if p.low in ("i'm", "im", "i’m") or (p.low == "am" and pp is not None and pp.low == "i"):
            return self.toks[k].cap
        if p.low in ("name", "visited", "visiting", "visit") and self.toks[k].cap:
            return True
        return False

    def kin_before(self, k: int) -> bool:
        """"my mum rose", "nan joy": a family word right before (a lower-case roster word needs this)."""
        p = self.prev(k)
        return p is not None and p.low in KINSHIP_WORDS and self.tight(k)

    def thanks_before(self, k: int) -> bool:
        start = self.toks[k].start
        before = self.text[max(0, start - 24) : start].lower().rstrip(" ,:-")
        return any(before.endswith(ph) for ph in THANKS_PHRASES) and (self.toks[k].cap or self.toks[k].word != "C")

    def family_after(self, k: int) -> bool:
        """"the Chang family", "the Nowak funeral": a surname used for a household or an event."""
        p, n = self.prev(k), self.nxt(k)
        return bool(p and n and p.low == "the" and n.low in HOUSEHOLD and self.toks[k].cap and self.tight(k) and self.tight(k + 1)
                    and (self.hits[k] or self.toks[k].low in self.sur or self.toks[k].word == "N"))

    def relation_after(self, k: int) -> bool:
        """"Kuldeep Sandhu, son of ...", "Sukhjit (daughter)": a relation word right after the name."""
        j = k
        while j + 1 < len(self.toks) and self.tight(j + 1) and self.toks[j + 1].cap and j - k < 2:
            j += 1
        n = self.nxt(j)
        if n is None:
            return False
        g = n.gap.strip()
        if g == "," and n.low in APPOSITION_DETS and j + 2 < len(self.toks) and self.tight(j + 2):
            m = self.toks[j + 2]  # "Jean Watts, the manager, ...", "Imran, our nurse"
            return (m.low in RELATIONS or m.low in cues.roles()) and m.low not in CALLED and m.low not in KINSHIP
        if n.low not in RELATIONS or n.low in CALLED:
            return False
        if g == "(":
            return True
        m = self.nxt(j + 1)
        return g == "," and m is not None and m.low == "of"

    def possessive_relation_after(self, k: int) -> bool:
        """"Irena's carer", "Morag's daughter-in-law", "Arthur's family", "Ken's room"."""
        t, n = self.toks[k], self.nxt(k)
        if n is None or not t.poss:
            return False
        if n.low in RELATIONS:
            return True
        # "Ken's room": a possession shows a person, but an everyday word needs to be a given name too
        return n.low in cues.possessions() and (t.word != "C" or bool(self.hits[k]) or self.listed(k))

    def place_context(self, k: int, roster: bool = False) -> bool:
        """Capitalised word used for a place or thing: "the Sunny lounge", "in Sheffield".

        A roster name after "in"/"from" is still a person ("from Len"), so only the
        determiner and place-noun tests apply to it.
        """
        p, n = self.prev(k), self.nxt(k)
        if self.welsh(k):
            w = self.welsh_place(k, roster)
            if w is not None:
                return w
        if p is not None and self.tight(k) and p.low in DETERMINERS:
            if p.low in ("that", "this") and self.verb_after(k) and (self.listed(k) or self.hits[k] or self.toks[k].word == "N"):
                return False  # "say that Emeka is the kindest nurse": "that" joins a clause here
            if p.low == "our" and self.our_relative(k):
                return False  # "our Sandra and me went": in the North, "our" + a name is family
            return True
        if not roster and p is not None and self.tight(k) and p.low in PLACE_PREPS and p.low not in ("to", "of"):
            return True
        pp = self.prev(k, 2)
        if p is not None and p.low in ("to", "back") and pp is not None and pp.low in MOTION and self.tight(k):
            return True  # "went to Florence", "moved back to Jamaica"
        if (n is not None and self.tight(k + 1) and n.low in PLACE_NOUNS and not self.soft[k + 1]
                and not (self.toks[k].poss and n.low in cues.possessions())):
            return True  # "the Iona room", not "Ken's room"
        if p is not None and p.low in ("st", "saint") and self.tight(k):
            return True
        return False

    def our_relative(self, k: int) -> bool:
        """"our Sandra", "Our Kev said": a given name after "our", doing something or listed with someone."""
        t, n = self.toks[k], self.nxt(k)
        if not t.cap or not (self.listed(k) or self.hits[k]) or n is None or not self.tight(k + 1):
            return False
        if t.word != "C":
            return n.low in COORD or n.low in ACTION_VERBS or n.low.endswith("ed") or t.poss
        return n.low in ("and", "&") or (n.low in ACTION_VERBS and n.low not in COPULAS)

    def welsh_place(self, k: int, roster: bool = False) -> bool | None:
        """Place cues in a Welsh sentence: "yn Abertawe", "ym Mangor", "y Barri", "aeth i Gaerdydd",
        "Tŷ Gwyn", "Capel Salem". None: no Welsh answer, use the English rules (without "a" and "at",
        which in Welsh mean "and" and "to")."""
        p = self.prev(k)
        if p is None or not self.tight(k):
            return None
        t = self.toks[k]
        if t.cap and (t.low in welsh.places() or any(r in welsh.places() for r in welsh.radicals(t.low))) and not self.hits[k]:
            return True
        if p.low in welsh.PLACE_BEFORE and (p.cap or p.low == "ty"):
            return True
        if p.low in welsh.PLACE_PREPS:
            return not roster or p.low in ("y", "yr", "'r")
        pp = self.prev(k, 2)
        if p.low == "i" and pp is not None and pp.low in welsh.MOTION:
            return True
        if p.low in ("a", "at", "ac", "i", "am", "ar", "gan", "o"):
            return False
        return None

    def verb_after(self, k: int) -> bool:
        """Followed by a verb, as a person doing something is ("Blessing translates", "Joy said")."""
        n = self.nxt(k)
        if n is None or not self.tight(k + 1) or n.cap:
            return False
        if n.low in ACTION_VERBS:
            return True
        return len(n.low) > 4 and n.low.endswith("ed")

    def room_after(self, k: int) -> bool:
        """"Will in room 4", "Len room 2", "Mavis (bed 3)": someone placed in a room."""
        n = self.nxt(k)
        if n is None:
            return False
        if self.soft[k + 1] and n.low in ("room", "rm", "bed", "suite", "flat", "rooms"):
            return True
        if n.low in ("in", "from") and k + 2 < len(self.toks) and self.soft[k + 2] and self.toks[k + 2].low in ("room", "rm", "bed", "suite", "flat"):
            return True
        return False

    def greeting_before(self, k: int) -> bool:
        """"Hello Stan", "Hi Vera", "Dear Rachel", "To Martin and everyone": a greeting opens the
        story, a line or a sentence and the person greeted comes next."""
        p = self.prev(k)
        if p is None or p.low not in cues.greeting_last_words():
            return False
        g = self.toks[k].gap
        if "\n" in g or g.strip(" \t,") != "":
            return False
        for words in cues.greetings():
            ws = words.split()
            m = len(ws)
            q = k - m
            if q < 0 or any(self.toks[q + i].low != ws[i] for i in range(m)):
                continue
            first = self.toks[q]
            if ws == ["to"]:
                return q == 0 or "\n" in first.gap  # "To Martin and everyone at ..." opening a letter
            return first.sent or first.gap.strip(" \t") in (",", "-", "–", "(")
        return False

    def pet_context(self, k: int) -> bool:
        """"our spaniel, Bella", "her budgie Joey", "a dog called Biscuit", "Bella, our spaniel":
        a pet's name, which carekiosk does not flag (see docs/anonymiser.md)."""
        pets = cues.pets()
        p = self.prev(k)
        g = self.toks[k].gap.strip(" \t")
        if p is not None and g in ("", ",") and "\n" not in self.toks[k].gap:
            if p.low in pets:
                return True
            pp = self.prev(k, 2)
            if p.low in CALLED and pp is not None and pp.low in pets and self.tight(k - 1):
                return True
        n = self.nxt(k)
        if n is not None and n.gap.strip() == "," and n.low in APPOSITION_DETS and k + 2 < len(self.toks):
            m = self.toks[k + 2]
            return m.low in pets and self.tight(k + 2)
        return False

    def staff_place_after(self, k: int) -> bool:
        """"Mo in the kitchen", "Paddy on the door", "Carol from nights": named by where they work."""
        n = self.nxt(k)
        if n is None or not self.tight(k + 1):
            return False
        cands = cues.after_name_phrases().get(n.low)
        if not cands:
            return False
        toks = self.toks
        for ws in cands:
            m = len(ws)
            if k + m < len(toks) and all(toks[k + 1 + i].low == ws[i] and not _breaks(toks[k + 1 + i].gap) for i in range(m)):
                return True
        return False

    def phone_after(self, k: int) -> bool:
        """"please ring jas on 07700 900561": a word between "ring/call" and "on <phone number>"."""
        p = self.prev(k)
        if p is None or p.low not in CONTACT_VERBS or not self.tight(k):
            return False
        t = self.toks[k]
        m = _ON_NUMBER.match(self.text, t.end + (2 if t.poss else 0))
        return m is not None and m.end() in self.blocked_starts

    def business_after(self, j: int) -> bool:
        """"Harold Brown & Sons", "Johnson & Barnes solicitors", "a Frank Sinatra tribute", "Elvis
        songs": the name belongs to a business or a performer, not to someone in the home."""
        toks, n = self.toks, len(self.toks)
        anywhere, capital = cues.company_words()
        performer = cues.performer_words()
        q = j + 1
        for step in range(4):
            if q >= n or _breaks(toks[q].gap) or "(" in toks[q].gap:
                return False
            tq = toks[q]
            joined = tq.gap.strip() in ("&", "+", "&amp;") or step > 0
            if tq.low in anywhere or (tq.cap and tq.low in capital):
                return joined or not toks[q - 1].poss
            if step == 0 and tq.low in performer and not toks[j].poss:
                return True
            if tq.low in ("and", "n") or (tq.cap and not tq.sent and (tq.word == "N" or tq.low in self.sur)):
                q += 1  # another name in the firm's name ("Johnson & Barnes")
                continue
            return False
        return False

    # --- decisions -------------------------------------------------------------------------------
    def decide(self, k: int) -> bool:
        t = self.toks[k]
        if self.blocked[k] or self.home[k] or self.pveto[k]:
            return False
        if len(t.low) < 2:
            ti = self.title_before(k) if t.text.isupper() and t.text.isalpha() else None
            if ti is None or self.toks[ti].low not in ("mr", "mrs", "ms", "miss", "dr", "nurse", "sister"):
                return False
            self.title_at[k] = ti  # "Mrs H in room 4", "Dr P": a title and an initial
            return True
        if not t.cap and not self.hits[k] and t.word == "C":
            # fast path for most words; the one way in is "me n jade" (a listed name after "me and")
            p, pp = self.prev(k), self.prev(k, 2)
            return bool(p and pp and p.low in COORD and pp.low in ME_AND and self.tight(k) and self.tight(k - 1)
                        and self.listed(k) and not self.stopped(k))
        ti = self.title_before(k)
        if (ti is None and t.word == "C" and t.sent and not self.hits[k] and not self.listed(k)
                and not self.possessive_relation_after(k) and not self.relation_after(k)):
            return False  # "The", "We", "Thanks" opening a sentence: nothing else can make it a name
        if self.pet_context(k):
            self.pet_names.add(t.low)
            return False
        if ti is not None and (t.cap or self.hits[k] or self.listed(k) or t.word != "C") and t.low not in KINSHIP:
            if self.stopped(k) and t.low not in MONTH_NAMES:
                return False
            self.title_at[k] = ti
            pt = self.prev(ti)
            if pt is not None and self.relation_word(ti - 1) and self.tight(ti) and pt.low not in CALLED:
                self.cue_sug[k] = ""  # "my aunt Mrs Booth", "the manager Mrs Collins": the role stays
            return True
        rel = self.relation_before(k)
        if rel:
            p = self.prev(k)
            if p is not None and p.low in CALLED:
                self.title_at[k] = k - 1
                self.cue_sug[k] = ""
            elif p is not None and p.low == "enw" and self.welsh(k):
                pp = self.prev(k, 2)  # "o'r enw Dafydd" goes with the name
                self.title_at[k] = k - 2 if pp is not None and pp.low == "o'r" and self.tight(k - 1) else k - 1
                self.cue_sug[k] = ""
            elif p is not None and (self.relation_word(k - 1) or p.low in ("is", "was")):
                self.cue_sug[k] = ""
        if self.roster_full(k) or (k > 0 and self.is_name[k - 1] and self.roster_full(k - 1)):
            return True
        if self.stopped(k):
            return False
        family = self.family_after(k)
        strong_cue = rel or family or self.possessive_relation_after(k) or (t.cap and self.relation_after(k))
        if family:
            self.cue_sug[k] = ""
        roster = bool(self.hits[k])
        listed = roster or self.listed(k)
        if self.acronym(k) and not roster:
            return False
        if t.word == "C" and not listed:
            # an everyday word that is no given name: only a strong cue makes it one ("the Happy family");
            # the remaining tests all need a name list or the roster
            return bool(strong_cue and t.cap and not self.adjective_context(k))
        if self.new_cues(k, t, roster, listed):
            return True
        if t.word == "C" and self.adjective_context(k):
            return False  # "I'll be Frank with you", "so Sunny today"
        if t.word == "C":
            if strong_cue and (t.cap or (roster and self.kin_before(k))):
                return True
            if rel and listed and self.prev(k) is not None and self.coord_word(k - 1):
                return True  # "me n jade"
            if roster and t.cap and not t.sent and not self.place_context(k):
                return True
            if roster and t.cap and t.sent and (self.verb_after(k) or self.room_after(k)):
                return True
            if roster and self.room_after(k) and (t.cap or not t.sent):
                return True
            if listed and self.thanks_before(k) and (t.cap or roster):
                return True
            if listed and t.cap and self.soft_cue(k):
                return True
            return False
        # not an everyday word
        if strong_cue and (t.cap or listed):
            return True
        if roster:
            if t.cap:
                return not self.place_context(k, roster=True) or self.roster_full(k)
            return t.word == "N" or self.thanks_before(k)
        if listed:
            if not t.cap:
                return self.thanks_before(k)
            if self.place_context(k):
                return False
            if t.word == "R" and t.sent:
                return self.verb_after(k) or self.thanks_before(k)
            return True
        # unknown capitalised word: only with a cue
        if t.cap and not t.sent and self.thanks_before(k) and t.word == "N":
            return True
        if t.cap and t.word == "N" and not t.text.isupper() and self.known_surname_after(k) and not self.place_context(k):
            return True  # "Kuldeep Sandhu": an unlisted given name before a listed surname
        if (t.cap and t.word == "N" and len(t.text) >= 3 and not self.acronym(k) and not self.proper(k)
                and not self.place_context(k) and not self.place_list_context(k)):
            # a capitalised word that is in no dictionary and names no known place: most likely a
            # name missing from the lists ("Babajide", "Oluwadamilare")
            return not t.sent or self.verb_after(k)
        return False

    def new_cues(self, k: int, t: Tok, roster: bool, listed: bool) -> bool:
        """Issue-12 cues: greetings, staff named by where they work, a name before a phone number."""
        if self.greeting_before(k):
            if t.word == "C":
                ok = (listed or roster) and (t.cap or roster)
            else:
                ok = t.cap or listed or roster
            if ok:
                self.cue_sug[k] = ""  # "Hello Stan!" -> "Hello!"
                return True
        lower = not t.cap and self.mostly_lower() and listed and t.word != "C"
        if (t.cap or lower) and self.staff_place_after(k) and (t.word != "C" or listed or roster):
            return True  # "Mo in the kitchen", "bev and little sam on the unit"
        if self.phone_after(k) and (t.word != "C" or listed or roster):
            return True
        if t.cap and (t.word != "C" or listed or roster) and _AGE_APPOSITION.match(self.text, t.end):
            return True  # "Ron, 87, from Swindon"
        if lower and not t.sent:
            n = self.nxt(k)
            if n is not None and n.low not in ("and", "&", "is", "was", "has", "had"):
                if self.verb_after(k):
                    return True  # a story typed in lower case: "nyasha sings to him"
                if t.gap.strip() == "," and n.gap.strip() == "," and (n.low in ACTION_VERBS or n.low.endswith("ed")):
                    return True  # "one of them, nyasha, sings to him"
        return False
        return False

    def place_list_context(self, k: int) -> bool:
        """"then to Skegness", "Morecambe and Skegness": a destination, or listed beside a place."""
        p, pp = self.prev(k), self.prev(k, 2)
        if p is not None and p.low == "to" and self.tight(k) and (pp is None or pp.low not in TO_PERSON):
            return True
        if p is not None and p.low in COORD and pp is not None and k >= 2 and self.tight(k):
            q = k - 2
            return self.toks[q].cap and not self.is_name[q] and (self.proper(q) or self.place_context(q))
        return False

    def proper(self, k: int) -> bool:
        low = self.toks[k].low
        if low in proper_nouns() or low in proper_nouns_extra() or low in places():
            return True
        if self.welsh(k):
            pl = welsh.places()
            return low in pl or any(r in pl for r in welsh.radicals(low))
        return False

    def known_surname_after(self, k: int) -> bool:
        n = self.nxt(k)
        return (n is not None and self.tight(k + 1) and n.cap and n.text.isascii() and n.low in self.sur
                and n.word == "N" and not self.stopped(k + 1))

    def soft_cue(self, k: int) -> bool:
        """A capitalised everyday word used as a name mid-sentence: "I spoke to Carol", "Pat rang"."""
        t, p, n = self.toks[k], self.prev(k), self.nxt(k)
        if self.place_context(k) or (p is not None and p.cap and self.tight(k) and not p.sent):
            return False
        if n is not None and n.cap and self.tight(k + 1) and n.low not in self.sur:
            return False  # part of a title-case phrase ("Merry Christmas", "Good Friday")
        if self.welsh(k) and p is not None and self.tight(k):
            if p.low in welsh.SOFT_BEFORE and t.low not in welsh.MONTHS:
                return True  # "gyda Haf", "efo Seren"
            if (p.sent and p.low in welsh.VERB_FIRST and t.low not in welsh.MONTHS and n is not None
                    and (t.encl or (self.tight(k + 1) and n.low in welsh.AFTER_SUBJECT))):
                return True  # "Mae Haf yn garedig", "Roedd Seren wedi helpu", "Mae Eira'n canu"
        if t.sent:
            return self.verb_after(k) and n is not None and n.low not in COPULAS
        return (p is not None and self.tight(k) and p.low in SOFT_BEFORE) or (self.verb_after(k) and n is not None and n.low not in COPULAS)

    def adjective_context(self, k: int) -> bool:
        p = self.prev(k)
        return p is not None and self.tight(k) and p.low in ADJ_BEFORE

    def roster_full(self, k: int) -> bool:
        if not self.hits[k]:
            return False
        n = self.nxt(k)
        if n is None or not self.tight(k + 1):
            return False
        mine = {p for p, part in self.hits[k] if part == "given"}
        return any(p in mine and part == "surname" for p, part in self.hits[k + 1])

    def coordinated(self, k: int) -> bool:
        """"Chi and Marek", "Jomar, Kez and Ruth", "emeka and shiv": next to a name in a list."""
        t = self.toks[k]
        lower_n = not t.cap and t.word == "N" and len(t.low) > 2 and self.mostly_lower()  # "shaz and nicola"
        if not t.cap and not self.hits[k] and not lower_n:
            return False
        if self.blocked[k] or self.home[k] or self.stopped(k) or len(t.low) < 2 or t.low in self.pet_names:
            return False
        if not (self.hits[k] or self.listed(k) or (t.cap and t.word == "N") or lower_n) or (self.acronym(k) and not self.hits[k]):
            return False
        if t.word != "C" and not self.hits[k] and not self.listed(k) and (self.proper(k) or self.place_context(k)):
            return False  # "Morecambe and Skegness"
        if t.word == "C" and not (t.cap or self.hits[k]):
            return False
        p, n = self.prev(k), self.nxt(k)
        # "X and <name>" / "<name>, X"
        if p is not None and self.coord_word(k - 1) and self.tight(k) and k >= 2 and self.is_name[k - 2] and self.tight(k - 1):
            return True
        if k >= 1 and self.is_name[k - 1] and t.gap.strip() in (",", "&", "+", "/"):
            return True
        # "X and <name>" looking forward / "X, <name>"
        if n is not None and self.coord_word(k + 1) and self.tight(k + 1) and k + 2 < len(self.toks) and self.is_name[k + 2] and self.tight(k + 2):
            return True
        if n is not None and self.is_name[k + 1] and n.gap.strip() in (",", "&", "+", "/"):
            return True
        return False

    def extend(self, k: int) -> int:
        """Index of the last token of the name starting at k (surnames, connectors, an initial)."""
        j = k
        while j + 1 < len(self.toks):
            n = self.toks[j + 1]
            if not self.tight(j + 1) or self.blocked[j + 1] or self.home[j + 1]:
                break
            cur_people = {p for p, _ in self.hits[j]}
            if any(part == "surname" and (p in cur_people or not cur_people) for p, part in self.hits[j + 1]) and (n.cap or not self.toks[j].cap):
                j += 1
                continue
            if n.low in NAME_CONNECTORS and j + 2 < len(self.toks) and self.toks[j + 2].cap and self.tight(j + 2):
                j += 2
                continue
            if n.cap and len(n.text) == 1 and n.text.isalpha():
                after = self.text[n.end : n.end + 2]
                if after == "" or after[0] in "\n" or after in (".", ".\n") or after[:1] == "." and (n.end + 1 >= len(self.text) or self.text[n.end + 1] in " \n"):
                    if after[:1] == "." and n.end + 1 < len(self.text) and self.text[n.end + 1 :].strip() and not self.text[n.end + 1 :].lstrip().startswith("\n"):
                        # "Kwame A. Thanks" is ambiguous; keep only at the very end
                        break
                    j += 1
                    continue
                break
            if n.cap and not n.sent and not self.stopped(j + 1) and n.low not in PLACE_NOUNS and n.low not in MONTH_NAMES:
                if n.low in self.sur or n.word == "N" or (n.low in self.first and n.word != "C"):
                    j += 1
                    continue
            if not n.cap and not self.toks[j].cap and n.low in self.sur and n.word == "N":
                j += 1
                continue
            break
        return j

    def signature(self) -> list[int]:
        """Tokens of a sign-off at the end ("Many thanks, Kath", "- Jenna", "Gary Ackroyd 07700 900552")."""
        n = len(self.toks)
        if not n:
            return []
        # walk back over the last clause; a town after the name ("Yours, D. Pickering, Ilkley") is skipped
        tail: list[int] = []
        k = n - 1
        while k > 0 and self.toks[k].cap and self.proper(k) and not self.hits[k] and "," in self.toks[k].gap:
            if self.text[self.toks[k].end :].strip(" .!\n"):
                break
            k -= 1
        end_at = k
        while k >= 0 and len(tail) < 6:
            if self.blocked[k] or self.soft[k]:
                k -= 1
                continue
            tail.append(k)
            g = self.toks[k].gap
            if any(c in g for c in ".!?\n,–-:;") or _has_symbol(g) or k == 0:
                break
            k -= 1
        tail.reverse()
        # what follows the last token must be punctuation/emoji/kisses only (or the town skipped above)
        rest = self.text[self.toks[tail[-1]].end : self.toks[end_at + 1].start if end_at + 1 < n else len(self.text)] if tail else ""
        if re.search(r"[^\W_]", re.sub(r"(?i)\bx+\b|'s|’s|\((?:[^()]{0,30})\)|[\d+()\s.-]+", " ", rest)):
            return []
        while tail and self.toks[tail[0]].low in SIGN_OFF_WORDS:
            tail.pop(0)
        while tail and self.toks[tail[-1]].low in ("x", "xx", "xxx"):
            tail.pop()
        # "Karen and Steve": a couple signing together
        tail = [k for i, k in enumerate(tail) if not (0 < i < len(tail) - 1 and self.toks[k].low in ("and", "n"))]
        if not tail or len(tail) > 3:
            return []
        for k in tail:
            t = self.toks[k]
            if self.home[k] or self.stopped(k) or (self.acronym(k) and not self.hits[k]):
                return []
            if self.is_name[k] or (self.hits[k] and (t.cap or t.word != "C" or self.lowercase_style())):
                continue
            if t.low in self.first and (t.cap or t.word != "C"):
                continue
            if t.cap and (t.word == "N" or (t.word == "R" and t.low in self.sur)):
                continue
            if t.cap and len(t.text) == 1:
                continue
            return []
        if len(self.toks[tail[0]].text) < 2 or not (self.toks[tail[0]].cap or self.hits[tail[0]] or self.toks[tail[0]].low in self.first):
            return []  # a sign-off starts with a name, not an initial
        return tail

    def lowercase_style(self) -> bool:
        """Typed all in lower case (no capital but "I"), so a lower-case word can still be a name."""
        if self._lower_style is None:
            self._lower_style = not any(t.text[:1].isupper() for t in self.toks if t.low not in ("i", "i'm", "im"))
        return self._lower_style

    def standalone(self, k: int) -> bool:
        """The word is a sentence on its own ("... thanks. rose")."""
        after = self.text[self.toks[k].end : self.toks[k].end + 40].lstrip(" \t")
        if after[:1] in ("+", "(") or after[:1].isdigit():
            after = after.lstrip("0123456789 ()+-.\t")  # "rose 07700 900417, ..." signs off with a number
        t = self.toks[k]
        opens = t.sent or t.gap.rstrip()[-1:] in ("(", ",", "-", "–")
        return opens and (after == "" or after[0] in ".!?,\n-–)")

    def extend_back(self, k: int) -> int:
        """Take in a given name just before a found surname ("Kuldeep Sandhu" found from "Sandhu")."""
        while k > 0 and self.tight(k) and self.toks[k].cap:
            p = k - 1
            t = self.toks[p]
            if (not t.cap or self.vetoed(p) or self.acronym(p) or t.word == "C" or self.is_name[p]
                    or not (self.listed(p) or self.hits[p] or t.word == "N")):
                break
            k = p
        return k

    def propagate(self) -> None:
        """A word found as a name once is a name wherever it appears as one ("Kath ... Kath")."""
        names = {self.toks[k].text for k in range(len(self.toks)) if self.is_name[k]}
        if not names:
            return
        for k in [k for k, t in enumerate(self.toks) if t.text in names and not self.is_name[k]]:
            t = self.toks[k]
            if self.is_name[k] or t.text not in names or self.vetoed(k) or (self.acronym(k) and not self.hits[k]):
                continue
            if t.word == "C" and not t.cap and self.standalone(k):
                pass  # "... lovely day. rose": the same word is a name elsewhere, and stands alone here
            elif t.word == "C":
                # an everyday word only where it stands as a name: capitalised, and not opening a
                # sentence that goes on ("Will you help" stays, "Chi." and "to Chi" are names),
                # unless what follows is what a person does ("Grace even came in", "Joy said")
                after = self.text[t.end : t.end + 40].lstrip()
                if not t.cap:
                    continue
                if t.sent and after[:1].isalpha() and after[:1].islower():
                    n = self.nxt(k)
                    if not (n is not None and self.tight(k + 1) and (n.low in SUBJECT_ADVERBS or self.verb_after(k))
                            and n.low not in ("will", "can", "would", "could", "should", "and", "&")):
                        continue
            if t.low in self.pet_names:
                continue
            self.is_name[k] = True

    def run(self) -> list[Run]:
        n = len(self.toks)
        toks, hits, is_name, cy, stop = self.toks, self.hits, self.is_name, self.cy, self.stop
        # most words are lower-case everyday words off the roster: drop them in one comprehension
        # (the one way in for them is "me n jade", a listed name after "me and")
        cands = [k for k, t in enumerate(toks) if t.cap or hits[k] or t.word != "C"
                 or (k >= 2 and toks[k - 1].low in COORD and toks[k - 2].low in ME_AND)]
        for k in cands:
            t = toks[k]
            if not t.cap and not hits[k]:
                if t.word == "C":
                    if k < 2 or toks[k - 1].low not in COORD or toks[k - 2].low not in ME_AND:
                        continue  # most words: lower case, everyday, not on the roster (see decide's fast path)
                elif k == 0 or toks[k - 1].low not in LOWER_CUES and not self.listed(k):
                    continue  # a lower-case rare word or typo: only a title or "ring X on <number>" could name it
            elif not hits[k] and (len(t.low) < 2 and not (k and t.text.isupper() and toks[k - 1].low in TITLE_SUGGESTION)
                                  or t.low in stop and not (
                    t.low in MONTH_NAMES and k and toks[k - 1].low in TITLE_SUGGESTION)):  # ("Nurse June" is a name)
                continue  # "I", "Mum", "Friday", "NHS": never a person without the roster (decide says no)
            elif (t.sent and t.word == "C" and not hits[k] and not t.poss and (k == 0 or toks[k - 1].low not in TITLE_SUGGESTION)
                  and (k + 1 == n or toks[k + 1].gap.strip() not in (",", "(")) and not self.listed(k)):
                continue  # "The", "We", "Thanks" opening a sentence (decide's first test, without the call)
            if (cy is not None and cy[k] and not t.cap and not hits[k] and not self.listed(k)
                    and (k == 0 or toks[k - 1].low not in TITLE_SUGGESTION)):
                continue  # a lower-case Welsh word ("garedig", "gwneud"): only a title could make it a name
            if self.decide(k):
                is_name[k] = True
        for k in self.signature():
            self.is_name[k] = True
            self.cue_sug[k] = ""  # a sign-off is simply removed
        cands = [k for k in range(n) if toks[k].cap or hits[k] or toks[k].word == "N"]  # what a list can join
        for _ in range(2):
            changed = False
            lower = self.mostly_lower()
            for k in cands:
                if is_name[k] or not (toks[k].cap or hits[k] or (lower and toks[k].word == "N")):
                    continue
                if self.coordinated(k):
                    self.is_name[k] = True
                    changed = True
            if not changed:
                break
        self.propagate()
        runs: list[Run] = []
        k = 0
        while k < n:
            if not self.is_name[k]:
                k += 1
                continue
            if self.title_at[k] is None:
                k = self.extend_back(k)
            j = self.extend(k)
            while j + 1 < n and self.is_name[j + 1] and self.tight(j + 1) and (self.toks[j + 1].cap == self.toks[k].cap):
                j = self.extend(j + 1)
            if self.business_after(j):
                k = j + 1  # "Harold Brown & Sons", "a Frank Sinatra tribute night"
                continue
            first = self.title_at[k] if self.title_at[k] is not None else k
            start = self.toks[first].start
            end = self.toks[j].end
            people: set[int] = set()
            given = {p for p, part in self.hits[k] if part == "given"}
            for q in range(k, j + 1):
                people |= {p for p, _ in self.hits[q]}
            if given and j > k:
                full = given & {p for q in range(k + 1, j + 1) for p, part in self.hits[q] if part == "surname"}
                if full:
                    people = full
            sug = self.cue_sug[k]
            for q in range(k, j + 1):
                if self.cue_sug[q] is not None and sug is None:
                    sug = self.cue_sug[q]
            if sug is None and self.title_at[k] is not None:
                ttl = self.toks[self.title_at[k]].low
                sug = TITLE_SUGGESTION.get(ttl)
                if sug is None and not people:
                    sug = SOMEONE
            if sug is None:
                sug = self.roster.suggestion_for(people) if people else SOMEONE
            elif people and sug in (NURSE, CARER, DOCTOR) and self.roster.suggestion_for(people) not in (SOMEONE,):
                rs = self.roster.suggestion_for(people)
                sug = rs if rs not in ("a member of staff",) else sug
            runs.append(Run(k, j, start, end, sug, frozenset(people)))
            k = j + 1
        return runs


def _mark(toks: list[Tok], spans: list[tuple[int, int]], ends: list[int] | None = None) -> list[bool]:
    """For each token, does it overlap one of ``spans``? Binary search per span (spans are few)."""
    out = [False] * len(toks)
    if not spans:
        return out
    if ends is None:
        ends = [t.end for t in toks]
    for s, e in spans:
        k = bisect_right(ends, s)  # first token ending after s
        while k < len(toks) and toks[k].start < e:
            out[k] = True
            k += 1
    return out


def _breaks(gap: str) -> bool:
    """Does this gap between two words end a sentence or a line (so no phrase runs across it)?"""
    return gap != " " and ("\n" in gap or any(c in gap for c in ".!?;:"))


def _has_symbol(s: str) -> bool:
    return any(_is_symbol(c) for c in s)


def find_names(text: str, roster: Roster, blocked: list[tuple[int, int]], soft: list[tuple[int, int]] = ()) -> list[Candidate]:
    """NAME candidates; ``blocked`` spans (emails, phone numbers, ...) are never part of a name,
    ``soft`` spans (rooms, dates, ages) are skipped when reading a sign-off."""

    finder = NameFinder(text, roster, blocked, soft)
    out = []
    for r in finder.run():
        reason = REASONS["NAME"]
        if r.people and all(roster.people[p].group == "staff" for p in r.people):
            reason = STAFF_REASON
        elif r.suggestion in (NURSE, CARER, DOCTOR) or (r.suggestion not in ("", SOMEONE, RESIDENT) and not r.people):
            reason = STAFF_REASON
        out.append(Candidate(r.start, r.end, "NAME", r.suggestion or "", priority=40, reason=reason))
    return out
