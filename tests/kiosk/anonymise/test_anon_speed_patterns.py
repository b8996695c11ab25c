"""Speed round 7's short cuts in the shape detectors give what the plain forms they replace give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.anonymise import patterns as P

SETTINGS = settings(max_examples=300, deadline=None, database=None)
ODD = st.text(alphabet=st.sampled_from(list("0123456789 a\n’–é") + ["٣", "１", "²", "߀", "\ud800", "𝟘", "Ⅻ"]), max_size=40)


@SETTINGS
@given(ODD)
def test_only_ascii_digits_matches_the_set_scan(text):
    plain = text.isascii() or not any(ch.isdecimal() for ch in set(text) if ch >= "\u0660")
    assert P._only_ascii_digits(text) == plain


PHONEISH = st.lists(st.sampled_from(["0", "07700", "900417", "+44", "+", "++", "(0)", "(01632)", "(0", ")", "960", "123", "4567",
                                     " ", "  ", "-", ".", "a", "x", "\n", "٣", "1", "999", "526", "0182", "9995260182"]),
                    max_size=16).map("".join)


def _shapes(found):
    return [(c.start, c.end, c.kind, c.suggestion) for c in found]


def _anchored(text):
    """What find_patterns hands the anchored detectors: the lowered text, the numbers, their windows and
    the white space before each number (by the plain per-number form)."""
    runs = P.number_runs(text)
    return P.lowered(text), runs, P.digit_windows(text, runs=runs), {ms: P._back_spaces(text, ms) for ms, _ in runs}


@SETTINGS
@given(PHONEISH, st.sampled_from([0, 8]))
def test_phones_and_nhs_tried_at_numbers_match_the_window_scan(text, least):
    runs = P.number_runs(text)
    spans = P.digit_windows(text, runs=runs).with_digits(least)
    assert _shapes(P.find_phones(text, spans, runs)) == _shapes(P.find_phones(text, spans))
    assert _shapes(P.find_nhs(text, spans, runs)) == _shapes(P.find_nhs(text, spans))


ROOMISH = st.lists(st.sampled_from(["room", "flat", "bed", "bedroom", "Room", "is", "was", "this", "'s", "’s", "s", " ", "  ",
                                    "\t", "\n", " " * 30, "number", "no", "no.", "#", ".", "7", "12", "1234", "12345", "b",
                                    "/", ":", "3", "mum's", "in"]),
                   max_size=14).map("".join)


@SETTINGS
@given(ROOMISH)
@example("room is" + " " * 30 + "number 7")  # starts before its number's window: a window scan misses it
@example("the bed was  no. 4 and flat’s #12")
@example("her room is number 11 upstairs")
def test_rooms_told_as_numbers_tried_at_numbers_match_the_window_scan(text):
    low, runs, spans, back = _anchored(text)
    told = [c for c in _shapes(P.find_rooms(text, low, spans, runs, back)) if c[3] == ""]  # ROOM_IS_RE's
    assert told == [c for c in _shapes(P.find_rooms(text, low, spans)) if c[3] == ""]


EMAILISH = st.lists(st.sampled_from(["a", "Bo", "x.y", "+", "_", "%", "-", ".", "@", "@@", "co", "uk", "mail-1", " ", "\n", "(",
                                     "é", "9", "a" * 40, "b" * 63, "c" * 70]),
                    max_size=14).map("".join)


@SETTINGS
@given(EMAILISH)
@example("see " + "b" * 63 + "@co.uk or " + "c" * 70 + "@x.org")  # the longest local part, and one too long
@example("x@ab_cd@ef.gh, a@b.c+d@e.f")
def test_emails_found_in_their_windows_match_the_story_scan(text):
    assert [m.span() for m in P.EMAIL_RE.finditer(text)] == [(c.start, c.end) for c in P.find_emails(text)]


CUE_WORDS = ["is", "was", "am", "i'm", "im", "i’m", "she's", "he's", "she’s", "he’s", "shes", "hes", "whos", "who's", "whose",
             "be", "been", "being", "reached", "reaches", "now", "at", "nearly", "almost", "turns", "turned", "turning",
             "this", "a", "an", "very", "truly", "amazing", "fit", "youthful", "proud", "x", "(", "'", "’"]
BEFORE = st.lists(st.sampled_from(CUE_WORDS + [" ", "  ", "\t", "\n", "\u2003", " " * 20]), max_size=10).map("".join)


@SETTINGS
@given(BEFORE)
def test_age_cue_short_cuts_only_skip_searches_that_find_nothing(before):
    src = P.lowered(before + "91")
    st_ = len(src) - 2
    cue = P.AGE_CUE_BEFORE[0].search(src, max(0, st_ - 16), st_)
    q = P._back_spaces(src, st_)
    if not (q < st_ and src[q - 2 : q] in P._CUE_TAILS):
        assert cue is None
    adj = P._AGE_ADJ_BEFORE.search(src, max(0, st_ - 36), st_)
    assert (adj is not None and adj.group(1) in P._age_adjectives()) == (adj is not None and P._adjective_before(src, st_))


def test_every_age_cue_word_passes_the_tail_test():
    for word in CUE_WORDS:
        src = "x " + word + " 91"
        if P.AGE_CUE_BEFORE[0].search(src, len(src) - 2 - 16, len(src) - 2):
            assert src[-5:-3] in P._CUE_TAILS, word


def _plain_windows(text, after, runs):
    out, counts, n = [], [], len(text)
    for ms, me in runs:
        s, e = max(0, ms - P.BEFORE), me + after
        if e >= n:
            e = n
        else:
            sp = P._SPACE.search(text, e)
            e = sp.start() if sp else n
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
            counts[-1] += me - ms
        else:
            out.append((s, e))
            counts.append(me - ms)
    return out, counts


SPREAD = st.lists(st.sampled_from(["1", "22", "333", " ", "\n", "x", "ab", "y" * 30, "z" * 45, "\u2003", "é"]), max_size=30).map("".join)


@SETTINGS
@given(SPREAD, st.sampled_from([P.AFTER, P.WIDE_AFTER, 0, 3]))
@example("1" + "x" * 41 + " " + "y" * 31 + "2", P.AFTER)  # the next window would start just where this one ends
def test_digit_windows_match_the_search_per_number(text, after):
    runs = P.number_runs(text)
    w = P.digit_windows(text, after, runs=runs)
    assert (list(w), w.counts) == _plain_windows(text, after, runs)


DATEISH = st.lists(st.sampled_from(["3", "12", "the", "of", "off", "st", "nd", "th", "rd", " ", "  ", "\n", "\u2003", ".", ",",
                                    "may", "mar", "june", "jun", "sept", "sepember", "september", "oct", "octopus", "dec",
                                    "2024", "x", "soothe", "ma"]),
                   max_size=12).map("".join)


@SETTINGS
@given(DATEISH)
def test_date_short_cuts_only_skip_tries_that_find_nothing(text):
    low = P.lowered(text)
    for ms, me in P.number_runs(low):
        if me - ms <= 2 and not P._month_after(low, me):
            assert P.DATE_DAY_MONTH_RE[0].match(low, ms) is None
            assert ms < 3 or P.DATE_DAY_MONTH_RE[0].match(low, P._back_spaces(low, ms) - 3) is None
    for w in range(len(low)):
        m = P.DATE_MONTH_DAY_RE[0].match(low, w)
        if m is not None:
            assert m.group(1) in P._MONTH_FORMS


def test_month_forms_hold_every_word_the_month_pattern_matches():
    import re

    names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december"]
    variants = {n[:i] + n[j:] for n in names for i in range(len(n) + 1) for j in range(i, len(n) + 1)}
    assert {v for v in variants if re.fullmatch(P._MON, v)} <= P._MONTH_FORMS


def _plain_addresses(text, runs, back):
    starts = []
    for ms, me in runs:
        if me - ms > 4:
            continue
        q = back[ms]
        if q < ms:
            w = q
            while w > 0 and text[w - 1].isalpha():
                w -= 1
            if text[w:q] in P._FLAT_WORDS:
                starts.append(w)
        starts.append(ms)
    return [m.span() for m in P._at_leftmost(P.ADDRESS_RE, text, sorted(set(starts)))]


ADDRESSISH = st.lists(st.sampled_from(["27", "3", "12345", "Flat", "flat", "Apt", "Apartment", "Unit", "xFlat", "a", "B", ",",
                                       " ", "  ", "\n", "\u2003", "Lowther", "Street", "Heol", "y", "Nant", "Lôn", "Ébury", "lane",
                                       "Road", "Maple Court"]),
                      max_size=12).map("".join)


@SETTINGS
@given(ADDRESSISH)
@example("27 Apt Road, Flat 3, 4b, Ash Lane and Unit  5 Heol y Nant")
def test_addresses_tried_at_fewer_numbers_match_every_number(text):
    runs = P.number_runs(text)
    back = {ms: P._back_spaces(text, ms) for ms, _ in runs}
    assert [(c.start, c.end) for c in P.find_addresses(text, None, runs, back)] == _plain_addresses(text, runs, back)


ROOMNAMES = st.lists(st.sampled_from(["the", "The", "her", "His", "their", "Iona", "Bluebell", "dining", "(Iona", "O'Neill", "room",
                                      "Room", "bedroom", "Bedroom", "suite", "Suite", "rooms", " ", "  ", "\n", "\u2003", "x" * 40,
                                      ".", ","]),
                     max_size=12).map("".join)


@SETTINGS
@given(ROOMNAMES)
@example("the Thames Suite, her Bluebell Bedroom and his Oak  room")
def test_named_rooms_skipping_room_words_match_the_story_scan(text):
    assert [m.span() for m in P._named_rooms(text, text.lower())] == [m.span() for m in P.NAMED_ROOM_RE.finditer(text)]


AGEISH = st.lists(st.sampled_from(["is", "was", "turned", "at", "an", "amazing", "my", "dads", "nan's", "aged", "age", "of", "a",
                                   "lady", "Dorothy", "F", "-", ":", "(", ")", ",", ".", " ", "  ", "\n", "\t", "9", "49", "50",
                                   "91", "120", "121", "7", "1000", "٩٠", "birthday", "her", "90th", "years", "old"]),
                  max_size=14).map(" ".join)


@SETTINGS
@given(AGEISH)
@example("she is 49 and he was 91, Dorothy F - 95, Ken (86) and an amazing 104, my dads 120 at 121")
def test_ages_tried_at_numbers_match_the_window_scan(text):
    low, runs, spans, back = _anchored(text)
    fast = [(c.start, c.end, c.suggestion, c.needs_name_before) for c in P.find_ages(text, low, spans, runs, back)]
    assert sorted(fast) == sorted((c.start, c.end, c.suggestion, c.needs_name_before) for c in P.find_ages(text, low, spans))


ROOMWORDS = st.lists(st.sampled_from(["room", "rooms", "rm", "bedroom", "bed", "flat", "suite", "apartment", "apt", "apartments",
                                      "broom", "rm.", "no", "no.", "#", "number", " ", "  ", "\n", "14", "9", "6a", "12345", "x",
                                      "Room", "FLAT", "in", "Lily"]),
                     max_size=12).map(" ".join)


@SETTINGS
@given(ROOMWORDS)
def test_room_word_tails_only_skip_walks_that_find_no_room_word(text):
    low = P.lowered(text)
    for q in range(len(low) + 1):
        w = q
        while w > 0 and low[w - 1].isalpha():
            w -= 1
        if w < q and low[w:q] in P._ROOM_WORDS:
            assert low[max(0, q - 2) : q] in P._ROOM_TAILS


POSTCODEISH = st.lists(st.sampled_from(["M1", "1AE", "LS21", "3HP", "GIR", "gir", "GiR", "0AA", "b4", "2pm", "SW1A", " ", "  ", "\t",
                                        "\n", "x", "7", "QN"]),
                       max_size=10).map("".join)


@SETTINGS
@given(POSTCODEISH)
@example("GIR 0AA, gir  0aa and M14 7QN")
def test_postcodes_tried_at_numbers_match_the_window_scan(text):
    runs = P.number_runs(text)
    spans = P.digit_windows(text, runs=runs)
    assert _shapes(P.find_postcodes(text, spans, runs)) == _shapes(P.find_postcodes(text, spans))


# --- speed round 8 ------------------------------------------------------------------------------

NUMBERWORDISH = st.lists(st.sampled_from(["twenty", "seventy", "thirty", "forty", "fifty", "sixty", "eighty", "ninety", "hundred",
                                          "ninetieth", "ieth", "ty", "t", "y", "en", "tw", "sev", "fif", "nine", "eigh", "party",
                                          "city", "hundre", "d", " ", "-", "x", "\n"]),
                         max_size=10).map("".join)


@SETTINGS
@given(NUMBERWORDISH)
@example("twenty")
@example("tyseventy")
def test_number_word_probe_matches_the_ten_substring_scans(text):
    assert P._has_number_word(text) == any(w in text for w in P._NUMBER_WORDS)


DATEWORDS = st.lists(st.sampled_from(["3", "12", "31", "2024", "the", "of", "st", "nd", "th", "on", "born", "may", "May", "mar",
                                      "june", "Sept", "dec", "December", "oct", "x", ".", ",", "/", "-", "\n", "  ", "03",
                                      "Mawrth", "mai", "Mai", "fai", "5ed", "o", "fis", "y", "yr", "medi", "immediately",
                                      "ganwyd", "ar", "Ionawr"]),
                     max_size=12).map(" ".join)


@SETTINGS
@given(DATEWORDS, st.sampled_from([" ", "\n", "\t", ""]))
@example("5 Mawrth", "\n")
@example("on 12/03/2024, 2024-03-12, 3.4.22 and 1/2/3", " ")
@example("yr 12 Mai", "\n")
def test_dates_without_the_month_probe_match_the_window_scan(text, sep):
    text = text.replace(" ", sep) if sep else text
    low, runs, spans, back = _anchored(text)
    fast = [(c.start, c.end, c.suggestion) for c in P.find_dates(text, low, spans, runs, back)]
    assert sorted(fast) == sorted((c.start, c.end, c.suggestion) for c in P.find_dates(text, low, spans))
    fast = [(c.start, c.end, c.kind, c.suggestion) for c in P.find_welsh(text, low, runs, back)]
    assert fast == [(c.start, c.end, c.kind, c.suggestion) for c in P.find_welsh(text, low)]


STORYISH = st.lists(st.sampled_from(["Mrs Patel", "room 14", "07700 900417", "aged 91", "12 May 2024", "Rosewood House",
                                     "the only man on the ground floor", "Lily in 14", "Dorothy F - 95,", "a@b.co", "M14 7QN",
                                     "is", "and", ".", ",", "\n", "İ", "Tŷ Gwyn"]),
                    max_size=12).map(" ".join)


@SETTINGS
@given(STORYISH)
def test_findings_built_inline_equal_the_dataclass_ones(text):
    from kiosk.anonymise import detect
    from kiosk.anonymise.finding import Finding

    roster = {"home": "Rosewood House", "residents": ["Edna Whitworth"]}
    found = detect.find_identifiers(text, roster)
    made = [Finding(f.start, f.end, f.kind, f.suggestion, f.reason) for f in found]
    assert found == made and [hash(f) for f in found] == [hash(f) for f in made] and repr(found) == repr(made)
    assert [list(vars(f).items()) for f in found] == [list(vars(f).items()) for f in made]
    low = P.lowered(text)
    assert detect._home_spans(text, "Rosewood House", low) == detect._home_spans(text, "Rosewood House")


CYDAYISH = st.lists(st.sampled_from(["5", "12", "123", "ed", "fed", "af", "il", "ydd", "eg", "ain", "x", " ", "\n", "\u2003", "o",
                                     "fis", "Mawrth", "fai", "Rhagfyr", "y", "yr", "2024", ",", "."]),
                    max_size=12).map("".join)


@SETTINGS
@given(CYDAYISH)
@example("y 5ed o Fawrth")
@example("12\u2003Mai")
def test_welsh_day_gate_only_skips_numbers_no_date_starts_at(text):
    low = P.lowered(text)
    for ms, me in P.number_runs(text):
        if me - ms > 2 or not (low[me : me + 1].isspace() or low[me : me + 1] in P._CY_ORD_FIRST):
            for st_ in range(max(0, ms - 8), ms + 1):  # the number itself or a "y"/"yr" before it
                m = P.CY_DATE_RE[0].match(low, st_)
                assert m is None or m.start(1) != ms


def _plain_month_after(low, me):
    j = me + 2 if low[me : me + 2] in P._ORD_SUFFIXES else me
    k = P._skip_spaces(low, j)
    if k == j:
        return False
    if low[k : k + 2] == "of":
        j = k + 2
        k = P._skip_spaces(low, j)
        if k == j:
            return False
    return low[k : k + 3] in P._MONTH_STEM_SET


def _plain_street_may_follow(text, me):
    n = len(text)
    j = me + 1 if me < n and text[me] in P._LETTERS else me
    if j < n and text[j] == ",":
        j += 1
    k = P._skip_spaces(text, j)
    return j < k < n and "A" <= text[k] <= "Z"


BLANKISH = st.lists(st.sampled_from(["3", "12", "st", "th", "of", "may", "Mar", "a", "B", ",", " ", "  ", "\n", "\u2003", "x",
                                     "Street", "jun"]), max_size=10).map("".join)


@SETTINGS
@given(BLANKISH)
def test_one_blank_short_cuts_match_the_plain_skips(text):
    low = text.lower()
    for me in range(len(text) + 1):
        assert P._month_after(low, me) == _plain_month_after(low, me)
        assert P._street_may_follow(text, me) == _plain_street_may_follow(text, me)


@SETTINGS
@given(st.lists(st.sampled_from(["room", "suite", "roo", "m", "s", "uite", "roomroom", "suitesuite", "x", " "]), max_size=10).map("".join))
def test_room_words_found_by_str_find_match_the_regex_scan(text):
    assert P._room_words(text) == [m.span() for m in P._ROOM_WORD.finditer(text)]


@SETTINGS
@given(DATEISH)
def test_month_tail_gate_only_skips_walks_that_find_no_month_word(text):
    low = text.lower()
    for q in range(len(low)):
        if low[q - 2 : q] not in P._MONTH_TAILS and not low[q].isalpha():
            w = q
            while w > 0 and low[w - 1].isalpha():
                w -= 1
            assert not (w < q and low[w:q] in P._MONTH_FORMS)


# --- speed round 9 ------------------------------------------------------------------------------

AGEWORDS = st.lists(st.sampled_from(["ninety", "ninety-eight", "eighty one", "a hundred", "one hundred and one", "hundred",
                                     "ninetieth", "hundredth", "seventy", "twenty", "years old", "year-old", "yrs", "y", "aged",
                                     "age", "age of", "the grand old age of", "lady of", "gent\nof", "of", "is", "turned", "my",
                                     "nan's", "an amazing", "happy", "her", "birthday", "party", "(", ")", ",", ":", "-", "–",
                                     "'", "_", "x", "Ken", "F", "9", "49", "50", "88", "91", "101", "120", "121", "7", "1000",
                                     "90th", "101st", "85s", "٩٠", "ı", "\n", "\t", "  "]),
                   max_size=14).map(" ".join)


@SETTINGS
@given(AGEWORDS, st.sampled_from([" ", "", "\n"]))
@example("a hundred and one years old, ninetieth birthday, aged ninety-eight, a lady of 92 (86), Ken: 91", " ")
@example("the grand old age of 101 and Vi Sugden 94, birthday", " ")
@example("x 50 -year old and gent of  120", "")
@example(" -95", "")
def test_ages_from_one_pass_over_the_numbers_match_the_window_scan(text, sep):
    text = text.replace(" ", sep) if sep else text
    low, runs, spans, back = _anchored(text)
    fast = [(c.start, c.end, c.suggestion, c.needs_name_before) for c in P.find_ages(text, low, spans, runs, back)]
    assert fast == [(c.start, c.end, c.suggestion, c.needs_name_before) for c in P.find_ages(text, low, spans)]


def _plain_choose(cands, text, home):
    """detect's merge as it was: one sort with a Python key, spans as tuples, insort, a sort at the end."""
    from bisect import bisect_left, insort

    from kiosk.anonymise import detect

    chosen, taken = [], []
    for c in sorted(cands, key=lambda c: (-c.priority, c.start, -(c.end - c.start))):
        s0, e0 = c.start, c.end
        i = bisect_left(taken, (s0, s0))
        if (i > 0 and taken[i - 1][1] > s0) or (i < len(taken) and taken[i][0] < e0):
            if c.kind == "QUASI":
                if i < len(taken) and taken[i][0] > s0 and not (i > 0 and taken[i - 1][1] > s0):
                    c.end = e0 = len(text[s0 : taken[i][0]].rstrip()) + s0
                if e0 <= s0 or detect._overlaps(s0, e0, taken):
                    continue
            else:
                continue
        elif e0 <= s0:
            continue
        if home and c.kind in detect._HOME_KINDS and detect._overlaps(s0, e0, home):
            continue
        chosen.append(c)
        insort(taken, (s0, e0))
    chosen.sort(key=lambda c: c.start)
    return chosen


CAND = st.tuples(st.integers(0, 30), st.integers(-2, 9), st.sampled_from(["NAME", "QUASI", "ROOM", "AGE", "EMAIL", "DATE"]),
                 st.sampled_from([100, 60, 55, 50, 40, 40, 10]))


@SETTINGS
@given(st.lists(CAND, max_size=16), st.text(alphabet="ab \n", min_size=40, max_size=40),
       st.lists(st.tuples(st.integers(0, 38), st.integers(1, 6)), max_size=3))
@example([(0, 5, "NAME", 40), (0, 8, "NAME", 40), (0, 8, "AGE", 40), (3, 9, "QUASI", 10), (6, 2, "NAME", 40)], "a" * 40, [])
def test_merge_with_two_sorted_lists_matches_the_tuple_insort(raw, text, home_raw):
    from kiosk.anonymise import detect

    home = []
    for s, n in sorted(home_raw):
        if not home or s >= home[-1][1]:
            home.append((s, s + n))

    def make():
        return [P.Candidate(s, s + n, kind, str(i), pr) for i, (s, n, kind, pr) in enumerate(raw)]

    def shape(cs):
        return [(c.start, c.end, c.kind, c.suggestion) for c in cs]

    assert shape(detect._choose(make(), text, home)) == shape(_plain_choose(make(), text, home))


PROBEISH = st.lists(st.sampled_from(["only", "oldest", "youngest", "tallest", "newest", "former", "retired", "ex-", "est", "st",
                                     "e", "old", "young", "tall", "new", "newestoldest", "lonely", " ", "the", "'s", "x"]),
                    max_size=12).map("".join)


@SETTINGS
@given(PROBEISH)
@example("estoldest youngestest")
def test_quasi_probe_places_match_a_find_loop_per_word(text):
    from kiosk.anonymise import quasi

    plain = []
    for p in quasi._PROBES:
        i = text.find(p)
        while i >= 0:
            plain.append((p, i))
            i = text.find(p, i + 1)
    assert sorted(quasi._places(text)) == sorted(plain)


@SETTINGS
@given(SPREAD)
@example(" \n1 \u2003 22")
def test_backs_match_back_spaces_per_number(text):
    runs = P.number_runs(text)
    assert P._backs(text, runs) == {ms: P._back_spaces(text, ms) for ms, _ in runs}


CUEISH = st.lists(st.sampled_from(CUE_WORDS + ["ashe's", "x", "_", "9", "91", "é", " ", "  ", "\t", "\n", "\u2003", " " * 12]),
                  max_size=10).map("".join)


@SETTINGS
@given(CUEISH)
@example("she's 91, ashe's 92, reached" + " " * 10 + "93, turning  94, x_at 95, being 96")
def test_cue_word_found_back_from_the_number_matches_the_search(text):
    src = P.lowered(text)
    for st_ in range(len(src) + 1):
        q = P._back_spaces(src, st_)
        if q == st_:
            continue
        c = P.AGE_CUE_BEFORE[0].search(src, max(0, st_ - 16), st_)
        plain = c and (c.start(), c.group(1) or "", bool(c.group(2)))
        assert P._cue_before(src, q, st_) == plain


LASTWORDISH = st.lists(st.sampled_from(["nan", "Mum", "dad", "grandma", "x", "9", "²", "_", "'", "’", "s", " ", "\n", "(", ",",
                                        "é", "Ñan", "a" * 20, "brother"]), max_size=10).map("".join)


@SETTINGS
@given(LASTWORDISH)
@example("my grandmother's\n")
@example("x" * 20 + "nan")
def test_family_word_found_back_from_k_matches_the_search(text):
    import re

    from kiosk.anonymise import detect

    last_word = re.compile(r"([^\W\d_]+)['’]?$")  # the search _family_word_before replaced
    for k in range(len(text) + 1):
        m = last_word.search(text, max(0, k - 24), k)
        assert detect._family_word_before(text, k) == (m is not None and m.group(1).lower() in detect.KINSHIP_WORDS)


@SETTINGS
@given(ROOMNAMES)
@example("the Thames Suite and her Iona Room")
@example("her Iona Room")
def test_named_rooms_behind_the_room_probe_match_the_scan_path(text):
    low = P.lowered(text)
    runs = P.number_runs(text)
    spans = P.digit_windows(text, runs=runs)
    back = P._backs(text, runs)
    assert _shapes(P.find_rooms(text, low, spans, runs, back)) == _shapes(P.find_rooms(text, low, spans))
