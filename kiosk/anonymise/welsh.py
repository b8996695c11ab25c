"""Welsh (Cymraeg): which sentences are written in Welsh, and the Welsh cues the name finder uses.

Visitors may write their story in Welsh. Welsh puts the verb first ("Mae Nyrs Sandra yn garedig"),
mutates the first letter of words after certain words ("ei feddyg", "i Gaerdydd", "yn Nhŷ Gwyn")
and uses everyday words as given names ("Haf" summer, "Seren" star, "Bryn" hill). So:

* a sentence is judged Welsh or not from its function words (``is_welsh_sentence``); only in a
  Welsh sentence are Welsh words taken for "everyday words" (they then need a cue to be a name) or
  never-names ("Mae", "Roedd", "Diolch");
* Welsh titles and role words, with their common mutations, are cues in any sentence
  ("Nyrs Bethan", "i Ddoctor Evans", "ei ofalwr Dafydd");
* ``radicals`` undoes the common mutations, so a mutated roster name or place ("gan Fethan",
  "i Gaerdydd") is still recognised.

The word lists are hand-built (``welsh_function_words.txt``, ``welsh_words.txt``,
``welsh_places.txt``); see ``assets/wordlists/SOURCES.md``.
"""

from __future__ import annotations

from functools import lru_cache

from .roster import CARER, DOCTOR, MANAGER, NURSE, COOK
from .wordlists import common_words, first_names, informal_words, words

# Titles before a name and what each suggests (the same English strings as the English titles, so
# the kiosk's catalogue translates them). Radical forms and the common mutations: soft ("ei
# feddyg", "i Ddoctor", "ei ofalwr", "ei reolwr"), nasal ("fy ngofalwr", "fy noctor") and the
# unmutating "Nyrs". Mr/Mrs/Miss/Ms/Dr are shared with English.
TITLES = {
    "nyrs": NURSE, "metron": NURSE, "fetron": NURSE,
    "meddyg": DOCTOR, "feddyg": DOCTOR, "ddoctor": DOCTOR, "noctor": DOCTOR, "nhoctor": DOCTOR, "ddr": DOCTOR,
    "gofalwr": CARER, "ofalwr": CARER, "ngofalwr": CARER, "gofalwraig": CARER, "ofalwraig": CARER,
    "ngofalwraig": CARER, "gofalydd": CARER, "ofalydd": CARER, "ngofalydd": CARER,
    "rheolwr": MANAGER, "reolwr": MANAGER, "rheolwraig": MANAGER, "reolwraig": MANAGER,
    "cogydd": COOK, "gogydd": COOK, "cogyddes": COOK, "gogyddes": COOK,
    "parch": None, "parchedig": None, "barchedig": None,
}  # fmt: skip
# Welsh role words in a roster entry ({"name": ..., "role": "nyrs"}) are in roster.ROLE_SUGGESTIONS.
# Possessives and articles: "ei nyrs Bethan" (her nurse Bethan) is a relation, not a title.
POSSESSIVES = {"fy", "dy", "ei", "ein", "eich", "eu", "y", "yr", "'r", "i'w", "a'i", "o'i", "i'r", "o'r", "a'r", "gyda'r", "efo'r", "gyda'i", "efo'i"}
# Family and role words after which a name usually follows ("fy mam Edna", "y gofalwr Dafydd").
RELATIONS = {
    "mam", "fam", "mami", "mamgu", "famgu", "nain", "tad", "dad", "nhad", "thad", "taid", "daid", "nhaid",
    "thaid", "tadcu", "dacu", "gwr", "wr", "ngwr", "gwraig", "wraig", "ngwraig", "mab", "fab", "merch",
    "ferch", "brawd", "frawd", "mrawd", "chwaer", "modryb", "fodryb", "ewythr", "wncwl", "anti",
    "cefnder", "gefnder", "nghefnder", "cyfnither", "gyfnither", "nghyfnither", "nai", "nith", "wyr",
    "wyres", "ffrind", "cymydog", "gymydog", "nghymydog", "cymdoges", "gymdoges", "preswylydd",
    "breswylydd", "athro", "athrawes", "glanhawr", "lanhawr", "glanhawraig", "lanhawraig",
}  # fmt: skip
RELATIONS |= set(TITLES)
# "Diolch i Sandra", "diolch yn fawr iawn i Dafydd", "diolch o galon i Eleri"
THANKS_PHRASES = ("diolch yn fawr iawn i", "diolch yn fawr i", "diolch o galon i", "diolch i", "diolch",
                  "cofion at", "cariad at", "llongyfarchiadau i")
SIGN_OFF_WORDS = {"cofion", "gorau", "cynnes", "cariad", "gyda", "chariad", "oddi", "wrth", "diolch", "yn",
                  "fawr", "iawn", "hwyl", "llawer", "o", "gan", "pawb", "teulu"}
COORD = {"a", "ac"}
# Before a capitalised word, these make it a place, a thing or a language, not a person
# ("yn Abertawe", "ym Mangor", "yng Nghaerdydd", "y Barri", "ger Aberystwyth", "o Fangor").
PLACE_PREPS = {"yn", "ym", "yng", "ger", "o", "tua", "tuag", "drwy", "trwy", "yr", "y", "'r", "i'r", "o'r", "a'r"}
# "aeth i Gaerdydd", "symud i Fangor": a destination
MOTION = {"aeth", "aethon", "aethom", "es", "mynd", "fynd", "myned", "symud", "symudodd", "symudon", "teithio",
          "deithio", "daeth", "dod", "ddod", "dychwelyd", "ddychwelyd", "hedfan", "trip", "taith", "daith",
          "gwyliau", "wyliau", "nôl", "nol", "ôl", "ol", "draw", "adre", "adref", "mynd"}
# Words that, before a capitalised word, show it names a place or a building ("Tŷ Gwyn",
# "Plas Newydd", "Capel Salem", "Ysbyty Gwynedd", "Heol Fawr", "Cwm Rhondda", "Canolfan Hamdden").
PLACE_BEFORE = {
    "ty", "nhy", "thy", "plas", "blas", "mhlas", "cartref", "gartref", "nghartref", "ysbyty",
    "capel", "gapel", "nghapel", "eglwys", "ysgol", "neuadd", "lolfa", "ystafell", "stafell", "stryd",
    "heol", "ffordd", "lon", "maes", "faes", "parc", "barc", "cae", "gae", "llys", "lys", "stad",
    "clos", "cwm", "gwm", "nghwm", "llyn", "lyn", "afon", "mynydd", "fynydd", "pentref", "bentref",
    "tref", "dref", "ynys", "porth", "pont", "bont", "castell", "gastell", "canolfan", "ganolfan",
    "siop", "caffi", "gaffi", "tafarn", "dafarn", "gorsaf", "orsaf", "meddygfa", "feddygfa", "clwb",
    "cor", "gor", "cymdeithas", "gymdeithas", "swyddfa", "theatr", "gwesty", "westy", "fferm",
    "coleg", "goleg", "prifysgol", "ward", "uned", "sir", "dinas", "ddinas", "traeth", "dydd", "ddydd",
    "nos", "mis", "fis", "gwyl", "wyl",
}  # fmt: skip
# Sentence-opening verbs after which the next capitalised word is the subject ("Mae Sandra yn ...")
VERB_FIRST = {"mae", "roedd", "oedd", "bydd", "fydd", "buodd", "fuodd", "mi", "fe", "bu", "daeth", "aeth",
              "gwnaeth", "wnaeth", "helpodd", "canodd", "dywedodd", "ddywedodd", "rhoddodd", "roddodd"}
# Words right after a person in Welsh ("Sandra yn garedig", "Dafydd wedi helpu", "Eleri'n canu")
AFTER_SUBJECT = {"yn", "wedi", "oedd", "sy", "sydd", "sy'n", "bob", "hefyd", "bob amser", "wastad"}
# Mid-sentence cues for a capitalised name that is also a Welsh word ("gyda Haf", "efo Seren")
SOFT_BEFORE = {"gyda", "gydag", "efo", "â", "ag", "wrth", "gan", "at", "diolch", "gofyn", "ofyn",
               "siarad", "ffonio", "ymweld", "gweld", "weld", "helpodd", "dywedodd", "ddywedodd"}

# Welsh month names and their soft mutations ("o Fawrth"): never a person after "gyda" or "Mae"
MONTHS = {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "fawrth": 3, "ebrill": 4, "mai": 5, "fai": 5, "mehefin": 6,
    "fehefin": 6, "gorffennaf": 7, "orffennaf": 7, "awst": 8, "medi": 9, "fedi": 9, "hydref": 10,
    "tachwedd": 11, "dachwedd": 11, "rhagfyr": 12, "ragfyr": 12,
}  # fmt: skip

# English function words: a sentence with more of these than Welsh ones is English.
ENGLISH_MARKERS = frozenset(
    "the and is was to of with my she he they we you for but in on that this it have has had are were be "
    "been not very so our her his their me from when what all just there will would can could an as by who "
    "did got get said thanks thank its it's i'm she's he's always never because about".split()
)
_MARKER_NAMES = {"mae", "dwi", "roedd", "oedd", "iawn", "hefyd", "gyda", "efo"}


@lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    """Welsh words that are never a person on their own (in a Welsh sentence)."""
    return words("welsh_function_words.txt")


@lru_cache(maxsize=None)
def content_words() -> frozenset[str]:
    """Common Welsh words, some also given names: in a Welsh sentence a name that is one needs a cue."""
    return words("welsh_words.txt")


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Welsh towns, counties and areas (radical forms, Welsh and English spellings)."""
    return words("welsh_places.txt")


@lru_cache(maxsize=None)
def all_words() -> frozenset[str]:
    return function_words() | content_words() | frozenset(TITLES) | frozenset(RELATIONS)


@lru_cache(maxsize=None)
def markers() -> frozenset[str]:
    """Words that show a sentence is Welsh: Welsh words that are neither English words nor given names."""
    common, informal, first = common_words(), informal_words(), first_names()
    out = set()
    for w in function_words() | content_words():
        if " " in w or len(w) < 2:
            continue
        if w in _MARKER_NAMES or (w not in common and w not in informal and w not in first and w not in ENGLISH_MARKERS):
            out.add(w)
    return frozenset(out)


def is_marker(low: str) -> bool:
    """A word that shows its sentence is Welsh ("mae", "iawn", "gyda", "mae'r")."""
    return low in markers()


def welsh_flags(lows: list[str], starts: list[bool], encl: list[bool], classes: list[str]) -> list[bool] | None:
    """For each token, is its sentence written in Welsh? ``None`` when nothing in the text is Welsh.

    Welsh evidence: Welsh words that are neither English words nor given names (a word cut from an
    enclitic 'n counts, "Sandra'n"). English evidence: English function words and other everyday
    English words (``classes[i] == "C"``) that are not also Welsh. A sentence is Welsh when it has
    at least two Welsh words and more Welsh than English; a sentence with one Welsh word and no
    English follows the text as a whole, which must be clearly Welsh.
    """
    mk = markers()
    hit = [low in mk or e for low, e in zip(lows, encl)]
    if sum(hit) < 2:
        return None  # (a sentence needs two Welsh words, a text three, to be read as Welsh)
    spans: list[tuple[int, int, int, int]] = []  # (start, end, welsh, english)
    w = e = 0
    start = 0
    en = ENGLISH_MARKERS
    cy_all = all_words()
    for i, low in enumerate(lows):
        if starts[i] and i > start:
            spans.append((start, i, w, e))
            start, w, e = i, 0, 0
        if hit[i]:
            w += 1
        elif low in en or (classes[i] == "C" and len(low) > 2 and low not in cy_all):
            e += 1
    spans.append((start, len(lows), w, e))
    tw = sum(s[2] for s in spans)
    te = sum(s[3] for s in spans)
    text_welsh = tw >= 3 and tw > 2 * te
    out = [False] * len(lows)
    any_welsh = False
    for s, t, w, e in spans:
        if (w >= 2 and w > e) or (w == e and text_welsh) or (w == 1 and e == 0 and text_welsh):
            any_welsh = True
            out[s:t] = [True] * (t - s)
    return out if any_welsh else None


_SOFT_BACK = {"b": ("p",), "d": ("t",), "g": ("c",), "f": ("b", "m"), "l": ("ll",), "r": ("rh",)}


@lru_cache(maxsize=4096)
def radicals(low: str) -> tuple[str, ...]:
    """Possible unmutated forms of a folded word ("fethan" -> "bethan", "mhentref" -> "pentref")."""
    out: list[str] = []
    if low.startswith("ngh"):
        out.append("c" + low[3:])
    elif low.startswith("mh"):
        out.append("p" + low[2:])
    elif low.startswith("nh"):
        out.append("t" + low[2:])
    elif low.startswith("ng"):
        out.append("g" + low[2:])
    elif low.startswith("ph"):
        out.append("p" + low[2:])
    elif low.startswith("th"):
        out.append("t" + low[2:])
    elif low.startswith("ch"):
        out.append("c" + low[2:])
    elif low.startswith("dd"):
        out.append("d" + low[2:])
    elif low.startswith("ff") or low.startswith("ll") or low.startswith("rh"):
        pass
    elif low[:1] in _SOFT_BACK:
        out.extend(r + low[1:] for r in _SOFT_BACK[low[:1]])
        if low[:1] in "lr":
            out.append("g" + low)  # "lan" <- "glan", "ras" <- "gras"
    elif low[:1] == "m":
        out.append("b" + low[1:])
    elif low[:1] == "n":
        out.append("d" + low[1:])
    if low[:1] in "aeiouwy":
        out.append("g" + low)  # "ofalwr" <- "gofalwr", "wyneth" <- "gwyneth"
    return tuple(out)


_SOFT = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "m": "f"}
_NASAL = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
_ASPIRATE = {"p": "ph", "t": "th", "c": "ch"}


def mutations(word: str) -> set[str]:
    """The word and its soft, nasal and aspirate mutations, lower case ("tŷ" -> dŷ, nhŷ, thŷ)."""
    w = word.lower()
    out = {w}
    if w.startswith(("ll", "rh")):
        out.add(w[1:])
        return out
    if w.startswith(("ch", "ph", "th", "ff", "dd")):
        return out
    c = w[:1]
    for table in (_SOFT, _NASAL, _ASPIRATE):
        if c in table:
            out.add(table[c] + w[1:])
    if c == "g":
        out.add(w[1:])
    return out
