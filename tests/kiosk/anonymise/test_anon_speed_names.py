"""The name finder's speed short cuts (speed round 7) give what the plain forms they replace give, on any text."""

from __future__ import annotations

from itertools import compress, repeat
from operator import eq, ne, or_

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.anonymise import cues, names as N, welsh
from kiosk.anonymise.detect import _roster, warm_up
from kiosk.anonymise.patterns import find_patterns, lowered
from kiosk.anonymise.wordlists import accented_first_names, first_names

SETTINGS = settings(max_examples=300, deadline=None, database=None)
# words the short cuts read: thanks phrases, greetings, staff places, pets, family words, names, Welsh
WORDS = ["thanks", "Thanks", "thank", "you", "to", "Thank", "u", "big", "up", "shout", "out", "well", "done", "cheers",
         "love", "from", "bless", "diolch", "i", "Diolch", "hello", "Hi", "dear", "good", "morning", "happy", "th",
         "in", "the", "kitchen", "on", "nights", "laundry", "our", "dog", "called", "spaniel", "my", "mum", "nan",
         "and", "me", "n", "Ivy", "ivy", "Kath", "Rose", "Chidinma", "Jo's", "Sandra'n", "Nyrs", "mae", "yn", "Patel",
         "Mrs", "Bev", "sam", "Smith", "potato", "unbless", "thankyou", "menu", "x", "Lee", "jones", "Jones"]
GAPS = [" ", " ", " ", ", ", ": ", " - ", ". ", "! ", "\n", " (", ") ", "  ", "-", " & ", " 90"]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=30).map(
    lambda parts: "".join(w + g for w, g in parts))
ROSTERS = st.sampled_from([None, {"staff": ["Kath Jones", "Rose Patel"], "residents": ["Ivy Smith", "Sam Lee"]}])


def finder(text: str, roster) -> N.NameFinder:
    warm_up()
    return N.NameFinder(text, _roster(roster), [], [])


def thanks_before_plain(f: N.NameFinder, k: int) -> bool:
    start = f.st[k]
    before = f.text[max(0, start - 24) : start].lower().rstrip(" ,:-")
    return ((f.cap[k] or f.wd[k] != "C" or (bool(f.hits[k]) and f.lo[k] not in N.LOWER_NEVER))
            and before.endswith(N.THANKS_PHRASES))


def staff_place_after_plain(f: N.NameFinder, k: int) -> bool:
    if k + 1 >= f.n or not f.tt[k + 1]:
        return False
    for ws in cues.after_name_phrases().get(f.lo[k + 1], ()):
        m = len(ws)
        if k + m < f.n and all(f.lo[k + 1 + i] == ws[i] and not f.brk[k + 1 + i] for i in range(m)):
            return True
    return False


def test_thanks_phrases_are_letters_and_single_spaces():
    # thanks_before's cheap test relies on this (only " ,:-" can lie between a phrase and the name)
    assert all(p.replace(" ", "").isalpha() and "  " not in p and p == p.strip() for p in N.THANKS_PHRASES)


@SETTINGS
@given(TEXTS, ROSTERS)
def test_thanks_before_short_cut_matches_the_plain_test(text, roster):
    f = finder(text, roster)
    for k in range(f.n):
        assert f.thanks_before(k) == thanks_before_plain(f, k), (text, k)


@SETTINGS
@given(TEXTS, ROSTERS)
def test_staff_place_after_matches_the_word_walk(text, roster):
    f = finder(text, roster)
    for k in range(f.n):
        assert f.staff_place_after(k) == staff_place_after_plain(f, k), (text, k)


@SETTINGS
@given(TEXTS, ROSTERS)
def test_word_ends_and_first_sieve_match_the_plain_forms(text, roster):
    f = finder(text, roster)
    tk = N.Tokens(text)
    lens = [len(w) for w in tk.tx]
    assert tk.en == [s + n for s, n in zip(tk.st, lens)]
    # the cached "may be a name" flag is what the sieve computed from the word's own class and capital
    assert list(tk.cand) == list(map(or_, tk.cap, map(ne, tk.wd, repeat("C"))))
    # ... and after Welsh sentences and a lower-case story change classes and capitals, it still covers
    # every word the old sieve let through
    old = set(compress(range(f.n), map(or_, f.cap, map(ne, f.wd, repeat("C")))))
    assert old <= set(compress(range(f.n), f.cand))


def _list_pass_plain(f: N.NameFinder, is_name: list[bool]) -> None:
    """The list pass as it was: every word that could join a list, twice."""
    n, cap, wd, hits, lo = f.n, f.cap, f.wd, f.hits, f.lo
    cands = list(compress(range(n), map(or_, cap, map(eq, wd, repeat("N")))))
    if f.hit_at:
        cands = sorted(set(cands).union(f.hit_at))
    if f.mostly_lower():
        cands = sorted(set(cands).union(compress(range(n), map(first_names().__contains__, lo)),
                                        compress(range(n), map(ne, wd, repeat("C")))))
    for _ in range(2):
        changed = False
        lower = f.mostly_lower()
        for k in cands:
            if is_name[k] or not (cap[k] or hits[k] or (lower and (wd[k] == "N" or lo[k] in f.first))):
                continue
            if not ((k >= 1 and is_name[k - 1]) or (k + 1 < n and is_name[k + 1])
                    or (k >= 2 and is_name[k - 2]) or (k + 2 < n and is_name[k + 2])):
                continue
            if f.coordinated(k):
                is_name[k] = True
                changed = True
        if not changed:
            break


def _after_first_pass(text: str, roster) -> N.NameFinder:
    """A finder whose run() stopped after its first pass and the sign-off (no lists, no propagation)."""
    f = finder(text, roster)
    saved = N.NameFinder.join_lists, N.NameFinder.propagate
    N.NameFinder.join_lists = N.NameFinder.propagate = lambda self: None
    try:
        f.run()
    finally:
        N.NameFinder.join_lists, N.NameFinder.propagate = saved
    return f


LIST_TEXTS = st.lists(st.tuples(st.sampled_from(["Kath", "Chidinma", "Bev", "Rose", "jodie", "precious", "sam", "Ivy", "Jones",
                                                 "and", "n", "&", "the", "my", "mum", "said", "Tomasz", "Kwame", "lovely"]),
                                st.sampled_from([" ", " ", ", ", " & ", ". ", "\n", " / "])), max_size=24).map(
    lambda parts: "".join(w + g for w, g in parts))


@SETTINGS
@given(st.one_of(TEXTS, LIST_TEXTS), ROSTERS)
def test_join_lists_matches_a_pass_over_every_word(text, roster):
    f = _after_first_pass(text, roster)
    found = list(f.is_name)
    f.join_lists()
    fast = list(f.is_name)
    f.is_name[:] = found
    _list_pass_plain(f, f.is_name)
    assert fast == f.is_name, text


def business_after_plain(f: N.NameFinder, j: int) -> bool:
    n, lo, cap = f.n, f.lo, f.cap
    q = j + 1
    anywhere, capital = cues.company_words()
    performer = cues.performer_words()
    for step in range(4):
        if q >= n or f.brk[q] or "(" in f.gap[q]:
            return False
        tq = lo[q]
        joined = f.gap[q].strip() in ("&", "+", "&amp;") or step > 0
        if tq in anywhere or (cap[q] and tq in capital):
            return joined or not f.poss[q - 1]
        if step == 0 and tq in performer and not f.poss[j]:
            return True
        if tq in ("and", "n") or (cap[q] and not f.sent[q] and (f.wd[q] == "N" or f.sur[tq])):
            q += 1
            continue
        return False
    return False


BUSINESS_TEXTS = st.lists(st.tuples(st.sampled_from(["Harold", "Brown", "Brown's", "Sons", "sons", "and", "n", "Johnson", "Barnes",
                                                     "solicitors", "Frank", "Sinatra", "tribute", "songs", "Ltd", "Co", "night",
                                                     "Kath", "said", "garden", "records", "Patel", "Kowalski"]),
                                    st.sampled_from([" ", " ", " & ", " + ", ", ", ". ", " ("])), max_size=20).map(
    lambda parts: "".join(w + g for w, g in parts))


@SETTINGS
@given(st.one_of(TEXTS, BUSINESS_TEXTS), ROSTERS)
def test_business_after_short_cut_matches_the_plain_walk(text, roster):
    f = finder(text, roster)
    for j in range(f.n):
        assert f.business_after(j) == business_after_plain(f, j), (text, j)


@SETTINGS
@given(st.text(max_size=12))
def test_has_symbol_short_cut_matches_the_per_character_test(gap):
    assert N._has_symbol(gap) == any(N._is_symbol(c) for c in gap)


def test_has_symbol_knows_every_ascii_symbol():
    assert [chr(i) for i in range(128) if N._is_symbol(chr(i))] == ["^", "`"]


@SETTINGS
@given(st.one_of(TEXTS, LIST_TEXTS), ROSTERS, st.lists(st.booleans(), max_size=40))
def test_coordinated_first_test_only_drops_words_no_list_takes(text, roster, names_found):
    f = finder(text, roster)
    for k, found in enumerate(names_found[: f.n]):
        f.is_name[k] = found
    for k in range(f.n):
        assert f.coordinated(k) == f._coordinated(k), (text, k)


# --- speed round 8 ---------------------------------------------------------------------------------
LOWER_TEXTS = st.lists(st.tuples(st.sampled_from(["i", "I", "i'm", "I'm", "im", "Im", "the", "The", "sam", "Sam", "ivy", "rose",
                                                  "Rose", "mae", "Nyrs", "thanks", "Kath's", "it", "We"]),
                                 st.sampled_from([" ", " ", ". ", "! ", "\n", ", ", "? "])), max_size=24).map(
    lambda parts: "".join(w + g for w, g in parts))


def mostly_lower_plain(f: N.NameFinder) -> bool:
    """mostly_lower as it was: each sentence start's first letter, from the story's words."""
    tk = N.Tokens(f.text)
    starts = [tk.tx[k][:1].isupper() for k in compress(range(tk.n), tk.sent) if tk.lo[k] not in ("i", "i'm", "im")]
    upper = sum(starts)
    lower = len(starts) - upper
    return (lower >= 2 and lower > upper) or (upper == 0 and lower >= 1 and not any(tk.cap))


@SETTINGS
@given(st.one_of(TEXTS, LOWER_TEXTS, LOWER_TEXTS.map(str.lower)), ROSTERS)
def test_mostly_lower_from_the_cached_capitals_matches_the_plain_count(text, roster):
    f = finder(text, roster)
    assert f.mostly_lower() == mostly_lower_plain(f), text


WELSH_TEXTS = st.lists(st.tuples(st.sampled_from(["mae", "Mae", "yn", "garedig", "iawn", "Sandra'n", "hi'n", "calon", "Nyrs", "Bethan",
                                                  "diolch", "i", "the", "nurse", "was", "kind", "fo", "gyda", "mam"]),
                                 st.sampled_from([" ", " ", ". ", "\n", ", "])), max_size=24).map(
    lambda parts: "".join(w + g for w, g in parts))


@SETTINGS
@given(st.one_of(TEXTS, WELSH_TEXTS), ROSTERS)
def test_welsh_count_guard_gives_what_welsh_flags_gives(text, roster):
    f = finder(text, roster)
    tk = N.Tokens(text)
    assert f.cy == welsh.welsh_flags(tk.lo, tk.sent, tk.encl, tk.wd), text


@SETTINGS
@given(st.text(max_size=40) | st.lists(st.sampled_from(["a", "’", "—", "£", "é", "ŵ", "ω", "ж", "漢", "\ud800", " ", "ª"])).map("".join))
def test_beyond_latin_on_the_non_ascii_rest_matches_the_whole_text_scan(text):
    assert N._beyond_latin(text) == (N._BEYOND_LATIN.search(text) is not None)


def listed_plain(f: N.NameFinder, k: int) -> bool:
    """The old NameFinder.listed(k), from the word itself."""
    t = f.tx[k]
    if t.isascii():
        return f.lo[k] in first_names()
    return t.lower() in accented_first_names()


@SETTINGS
@given(st.one_of(TEXTS, st.lists(st.sampled_from(["Siân", "siân", "Sian", "Lân", "Elżbieta", "José", "jose", "Zoë", "Rose's", "Ann'n",
                                                  "ANN", "Ann", "kath", " ", ", ", ". "])).map(" ".join)), ROSTERS)
def test_listed_cached_with_the_word_matches_the_plain_test(text, roster):
    f = finder(text, roster)
    for k in range(f.n):
        assert f.lst[k] == listed_plain(f, k), (text, k)


@SETTINGS
@given(st.one_of(TEXTS, st.lists(st.sampled_from(["Kuldeep", "Sandhu", "Jean", "Watts", "son", "daughter", "of", "the", "our",
                                                  "manager", "called", "Bev", "Ann", "said", ", ", " (", " ", ". "])).map(" ".join)), ROSTERS)
@example("Kuldeep Sandhu Ann, son of Bev", None)
@example("Jean Watts, the manager, said", None)
def test_decide_guard_before_relation_after_drops_only_its_noes(text, roster):
    # the guard: a word after the name, which relation_after needs, that is a relation or determiner or a capital
    f = finder(text, roster)
    for k in range(f.n):
        if not (k + 1 < f.n and (f.lo[k + 1] in N._REL_OR_DET or f.cap[k + 1])):
            assert not f.relation_after(k), (text, k)


# --- speed round 9 (names: positions) -------------------------------------------------------------
PHRASE_TEXTS = st.lists(st.tuples(st.sampled_from(["Father's", "Day", "day", "Vera", "Lynn", "Great", "Milton", "the", "The", "Tom",
                                                   "Jones", "Kath", "said", "Christmas", "Merry", "a", "A", "mum", "i", "I", "Beatles", "Queen",
                                                   "Rolling", "Stones"]),
                                  st.sampled_from([" ", " ", ", ", ". ", "\n", " - "])), max_size=24).map(
    lambda parts: "".join(w + g for w, g in parts))


def positions_plain(lo) -> dict[str, list[int]]:
    """Every word's positions, as NameFinder built them before round 9."""
    pos: dict[str, list[int]] = {}
    for k, w in enumerate(lo):
        pos.setdefault(w, []).append(k)
    return pos


def phrase_veto_plain(f: N.NameFinder) -> list[bool]:
    """_phrase_veto as it was: the starts from every place of every phrase first word."""
    n, hits, lo, cap, brk = f.n, f.hits, f.lo, f.cap, f.brk
    out = [False] * n
    single, pairs = cues.phrase_index()
    present = set(lo) & cues.phrase_firsts()
    pos = positions_plain(lo)
    starts = sorted(k for w in present for k in pos[w] if cap[k] or (k + 1 < n and cap[k + 1]))
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
                        for i in range(m):
                            out[k + i] = True
                        done = k + m - 1
                    break
                if done >= k:
                    continue
        if cap[k] and lo[k] in single and not hits[k]:
            out[k] = True
    return out


@SETTINGS
@given(st.one_of(TEXTS, PHRASE_TEXTS, LOWER_TEXTS), ROSTERS)
@example("Happy Father's Day to Vera Lynn and Tom Jones", None)
def test_kept_positions_are_every_position_of_the_words_looked_up(text, roster):
    f = finder(text, roster)
    plain = positions_plain(f.lo)
    r = _roster(roster)
    looked_up = f.loset & (N._PLACED_WORDS | set(r.index) | set(r.home_words))
    assert set(f.pos) == looked_up, text
    for w in looked_up:
        assert f.pos[w] == plain[w], (text, w)
    assert f.loset == set(plain)


@SETTINGS
@given(st.one_of(TEXTS, PHRASE_TEXTS), ROSTERS)
@example("Happy Father's Day to Vera Lynn and Tom Jones", None)
@example("the Great Milton said A Day", None)
@example("we saw the Beatles and the Queen, the Rolling Stones", None)
def test_phrase_veto_from_the_capitals_matches_the_plain_starts(text, roster):
    f = finder(text, roster)
    assert f._phrase_veto() == phrase_veto_plain(f), text


@SETTINGS
@given(st.one_of(TEXTS, LIST_TEXTS, LOWER_TEXTS.map(str.lower)), ROSTERS, st.lists(st.booleans(), max_size=40))
def test_same_words_for_propagate_match_the_plain_positions(text, roster, names_found):
    f = finder(text, roster)
    for k, found in enumerate(names_found[: f.n]):
        f.is_name[k] = found
    found = [k for k in range(f.n) if f.is_name[k]]
    names = {f.tx[k] for k in found}
    pos = positions_plain(f.lo)
    plain = sorted({k for w in {f.lo[k] for k in found} for k in pos[w] if not f.is_name[k] and f.tx[k] in names})
    assert f._same_words(names) == plain, text


SIGN_TEXTS = st.lists(st.tuples(st.sampled_from(["Many", "thanks", "Kath", "Jenna", "Gary", "Ackroyd", "D", "Pickering", "Ilkley",
                                                 "love", "from", "x", "xx", "and", "Steve", "Karen", "rose", "the", "staff", "Leeds",
                                                 "senior", "carer", "Chinonso", "lovely", "day", "07700 900552", "MUM", "Mrs", "room 4",
                                                 "12th May", "aged 90", "jo@example.com"]),
                                st.sampled_from([" ", " ", ", ", ". ", "\n", " - ", " (", ") ", "! "])), max_size=16).map(
    lambda parts: "".join(w + g for w, g in parts))


def signature_plain(self: N.NameFinder) -> list[int]:
    """signature() as it was: the whole tail walked and read before any word is tested."""
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
    while k >= 0 and len(tail) < 6:
        if self.blocked[k] or self.soft[k]:
            k -= 1
            continue
        tail.append(k)
        g = gap[k]
        if N._SIGN_BREAK.search(g) or N._has_symbol(g) or k == 0:
            break
        k -= 1
    tail.reverse()
    # what follows the last token must be punctuation/emoji/kisses only (or the town skipped above)
    rest = self.text[self.en[tail[-1]] : self.st[end_at + 1] if end_at + 1 < n else len(self.text)] if tail else ""
    if N._LETTER.search(N._SIGN_REST.sub(" ", rest)):
        return []
    while tail and lo[tail[0]] in N.SIGN_OFF_WORDS:
        tail.pop(0)
    while tail and lo[tail[-1]] in ("x", "xx", "xxx"):
        tail.pop()
    # "Karen and Steve": a couple signing together
    tail = [k for i, k in enumerate(tail) if not (0 < i < len(tail) - 1 and lo[k] in ("and", "n"))]
    if not tail or len(tail) > 3:
        return []
    for k in tail:
        c, w = cap[k], self.wd[k]
        if self.home[k] or self.stopped(k) or (self.acronym(k) and not hits[k]):
            return []
        if self.is_name[k] or (hits[k] and (c or w != "C" or self.lowercase_style())):
            continue
        if lo[k] in self.first and (c or w != "C"):
            continue
        if c and (w == "N" or (w == "R" and self.sur[lo[k]])):
            continue
        if c and len(tx[k]) == 1:
            continue
        return []
    t0 = tail[0]
    if len(tx[t0]) < 2 or not (cap[t0] or hits[t0] or lo[t0] in self.first):
        return []  # a sign-off starts with a name, not an initial
    return tail


@SETTINGS
@given(st.one_of(TEXTS, SIGN_TEXTS, SIGN_TEXTS.map(str.lower)), ROSTERS, st.lists(st.booleans(), max_size=40))
@example("Many thanks, Kath x", None, [])
@example("Yours, D. Pickering, Ilkley", None, [])
@example("lovely day. Chinonso (senior carer)", None, [])
@example("Love, Kath room 4", None, [])
def test_signature_testing_its_last_word_first_matches_the_plain_walk(text, roster, names_found):
    warm_up()
    cands = find_patterns(text, lowered(text))  # (rooms, dates and ages are skipped, phone numbers blocked)
    blocked = [(c.start, c.end) for c in cands if c.kind in ("EMAIL", "PHONE", "NHS_NUMBER", "POSTCODE", "ADDRESS")]
    soft = [(c.start, c.end) for c in cands if c.kind in ("ROOM", "DATE", "AGE")]
    f = N.NameFinder(text, _roster(roster), blocked, soft)
    for k, found in enumerate(names_found[: f.n]):
        f.is_name[k] = found
    assert f.signature() == signature_plain(f), text
