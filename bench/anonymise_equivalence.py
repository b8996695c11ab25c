"""Do two versions of the anonymiser give the same findings? (speed work must not move the scores)

Held-out set 5 was scored once; a change made for speed must keep every finding (span, kind,
suggestion, reason) on every story, or that score no longer describes the code. This script runs
the anonymiser of this checkout and of another revision (checked out by ``git archive``, as
``anonymise_bench.py`` does) in separate interpreters over the same texts and compares a sha256
fingerprint of each text's findings. Only fingerprints cross between the processes and only the
ids of differing texts are printed (with ``--show``, the findings of differing texts outside
held-out set 5), so nobody looks at set 5's findings.

Texts: every story of every set in tests/kiosk/anonymise/data/, the shared dev set, the string
literals of the anonymiser's tests, each of those lower-cased, upper-cased and without a roster,
the 1,000-character bench stories, a 100,000-character paste, and seeded synthetic and fuzzed
snippets (story sentences shuffled with ages, dates, rooms, phone numbers, postcodes, addresses,
names, cue words and odd unicode; stories with characters dropped, doubled, re-cased and
punctuation moved).

Run: python bench/anonymise_equivalence.py [--against REV] [--snippets N] [--seed S] [--show]
     python bench/anonymise_equivalence.py --write FILE    # this checkout's fingerprints as JSON
     python bench/anonymise_equivalence.py --check FILE    # compare this checkout with FILE
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from anonymise_bench import WELSH, checkout, stories_1000  # noqa: E402

DATA = ROOT / "tests/kiosk/anonymise/data"
DEV = ROOT.parent / "shared/data/anonymiser-dev.jsonl"
SECRET = "real-style-heldout-5"  # scored once: only fingerprints, never findings

WORKER = r"""
import hashlib, json, sys
from kiosk.anonymise import find_identifiers
out = {}
for key, text, roster in json.load(sys.stdin):
    fs = sorted((f.start, f.end, f.kind, f.suggestion, f.reason) for f in find_identifiers(text, roster))
    out[key] = hashlib.sha256(json.dumps(fs, ensure_ascii=False).encode()).hexdigest()
print(json.dumps(out))
"""

SHOW = r"""
import json, sys
from kiosk.anonymise import find_identifiers
for key, text, roster in json.load(sys.stdin):
    print(key, [(f.start, f.end, f.kind, text[f.start:f.end], f.suggestion) for f in find_identifiers(text, roster)])
"""

TEST_ROSTER = {"home": "Rosewood House", "residents": ["Rose Entwistle", "Edna Whitworth"],
               "staff": ["Nurse Joy", "Chi", {"name": "Marek Nowak", "role": "carer"}]}
PIECES = [
    "Mrs Patel", "Nurse Joy", "Chi", "rose", "Rose Entwistle", "room 14", "rm 9", "07700 900417", "+44 7700 900981",
    "a@b.co", "999 526 0182", "M14 7QN", "27 Lowther Street", "12/03/2024", "8th June", "aged 91", "97-year-old",
    "the only man on the ground floor", "my mum Edna", "Thanks, Kath", "(86)", "Rosewood House", "May", "Will",
    "Hello Stan", "Dear Rachel", "To Martin and everyone", "her 101st birthday", "celebrated his 89th",
    "a lady of 92", "Ron, 87,", "Arthur's family", "Jean Watts, the manager,", "Mo in the kitchen",
    "ring jas on 07700 900561", "Father's Day", "Father Christmas", "Harold Brown & Sons", "Frank Sinatra tribute",
    "our spaniel, Bella", "the Peak District", "My", "shaz and nicola", "Tom Jones", "Happy 90th Kofi!",
    "Dorothy F - 95", "Joan Pickup 99", "Ken B 84", "Sheila: 60", "my dads 91", "nan's 86", "would have been 95",
    "room is number 7", "Lily in 14", "sam my son", "father in law frank", "esp faith who", "rob the manager",
    "alices daughter", "Doris P: 92", "Nain", "whose 96", "he turned 99 last week", "a gentleman of 85",
    "for her 101st birthday", "Say hello to carer Anita. Anita has", "all of Arthur's family", "in Ken's room",
    "we walked to Maple Court", "Boxing Day", "Mr Blobby", "all the Residents enjoyed", "Nurses and Carers",
    "her Key Worker", "run by Sunrise Care Group", "ninety-two", "twenty first of March", "5th", "Flat 3",
    "bed 4", "the former mayor", "oldest resident", "kayleigh mo and big sue", "great-granddaughter Poppy",
    "Marjorie is 89 and Cyril 93", "SUMMER NEWS", "Calon Lân", "Tŷ Gwyn", "yn Nhŷ Gwyn", "Dr Jones", "97 oed",
    "Nyrs Sandra", "ystafell 12", "O'Neill", "Mary-Jane", "McDonald", "St John's", "01234 567890", "SW1A 1AA",
    "12 Mawrth 2024", "y 5ed o Fawrth", "yr 12 Mai", "ar 3 Ebrill 1927", "Y \n 5ed o Fai", "ganwyd hi ar 5 Mawrth",
    "Diolch i Sandra", "Mae Haf yn garedig", "mam", "nain", "٣٤", "aged ٩٠", "room ٤", "１２th May", "ninety-two",
    "\x00", "שלום", "مرحبا", "👍🏽", "İ", "ß", "Ⅻ", "’s", "'", "-", "(", ")", "Ç", "ﬁ", "\u202e", "\t",
]  # fmt: skip
SEPS = [" ", ", ", ". ", "\n", " (", ") ", "! ", " - ", " and ", ": ", "; ", " & ", "... ", " x ", " "]


def test_literals() -> list[str]:
    """String literals of the anonymiser's tests (their stories and snippets)."""
    out = []
    for p in sorted((ROOT / "tests/kiosk/anonymise").glob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3:
                out.append(node.value)
    return sorted(set(out))


def fuzz(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.randrange(6)
        if op == 0:
            del chars[i]
        elif op == 1:
            chars.insert(i, chars[i])
        elif op == 2:
            chars[i] = chars[i].swapcase()
        elif op == 3:
            chars.insert(i, rng.choice(",.;:!?'’-()\n "))
        elif op == 4:
            chars.insert(i, rng.choice("0123456789"))
        else:
            chars[i] = rng.choice("aeiouAEIOU ")
    return "".join(chars)


def texts(n_snippets: int, seed: int) -> list[tuple[str, str, dict]]:
    from kiosk.anonymise.evaluate import load_rows, roster_for

    rows = []
    for p in [DEV, *sorted(DATA.glob("*.txt"))]:
        if p.exists():
            rows += load_rows(p)
    jobs: list[tuple[str, str, dict]] = []
    for row in rows:
        rid, text, roster = row["id"], row["text"], roster_for(row)
        jobs += [(rid, text, roster), (rid + "|lower", text.lower(), roster), (rid + "|upper", text.upper(), roster),
                 (rid + "|noroster", text, {}), (rid + "|testroster", text, TEST_ROSTER)]
    for i, s in enumerate(test_literals()):
        jobs += [(f"literal:{i}", s, TEST_ROSTER), (f"literal:{i}|noroster", s, {}),
                 (f"literal:{i}|lower", s.lower(), TEST_ROSTER)]
    for i, (t, r) in enumerate(stories_1000(rows)):
        jobs.append((f"bench1000:{i}", t, r))
    paste = " ".join(r["text"] for r in rows)
    jobs.append(("paste100k", (paste * (100_000 // len(paste) + 1))[:100_000], roster_for(rows[0])))
    jobs.append(("welsh", WELSH, {"home": "Tŷ Gwyn", "staff": [{"name": "Sandra Holt", "role": "nurse"}]}))
    rng = random.Random(seed)
    sentences = [s.strip() for r in rows for s in r["text"].replace("!", ".").split(".") if s.strip()]
    for i in range(n_snippets):
        src = rng.choice(rows)
        kind = i % 4
        if kind == 0:  # sentences and pieces shuffled together
            parts = [rng.choice(sentences) if rng.random() < 0.5 else rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
            text = "".join(p + rng.choice(SEPS) for p in parts)
        elif kind == 1:  # a story fuzzed
            text = fuzz(src["text"], rng)
        elif kind == 2:  # a window of a story with pieces put in
            t = src["text"]
            a = rng.randrange(max(1, len(t)))
            text = t[a : a + rng.randint(20, 400)]
            for _ in range(rng.randint(1, 4)):
                k = rng.randrange(len(text) + 1)
                text = text[:k] + rng.choice(SEPS) + rng.choice(PIECES) + rng.choice(SEPS) + text[k:]
        else:  # pieces only, odd joins, case flipped sometimes
            text = "".join(rng.choice(PIECES) + rng.choice(SEPS + ["", ""]) for _ in range(rng.randint(1, 30)))
            if rng.random() < 0.3:
                text = text.lower() if rng.random() < 0.5 else text.upper()
        roster = rng.choice([roster_for(src), TEST_ROSTER, {}, {"home": src.get("home", "")}])
        if SECRET in src["id"]:
            key = f"snippet:{i}:{SECRET}"
        else:
            key = f"snippet:{i}"
        jobs.append((key, text, roster))
    return jobs


def fingerprints(pythonpath: Path, jobs: list, script: str = WORKER) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    out = subprocess.run([sys.executable, "-c", script], input=json.dumps(jobs), capture_output=True, text=True,
                         env=env, cwd=str(pythonpath), check=True)
    return json.loads(out.stdout) if script is WORKER else out.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", default="HEAD", help="git revision to compare with (default HEAD)")
    ap.add_argument("--snippets", type=int, default=8000, help="synthetic and fuzzed snippets (default 8000)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--write", type=Path, help="write this checkout's fingerprints to FILE and stop")
    ap.add_argument("--check", type=Path, help="compare this checkout with fingerprints written by --write")
    ap.add_argument("--show", action="store_true", help="print both versions' findings for differing texts (not set 5)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    jobs = texts(args.snippets, args.seed)
    now = fingerprints(ROOT, jobs)
    if args.write:
        args.write.write_text(json.dumps(now, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(now)} fingerprints written to {args.write}")
        return 0
    with tempfile.TemporaryDirectory(prefix="anon-equiv-") as tmp:
        if args.check:
            other, label = json.loads(args.check.read_text(encoding="utf-8")), str(args.check)
            old_root = None
        else:
            old_root, label = checkout(args.against, Path(tmp)), args.against
            other = fingerprints(old_root, jobs)
        diff = [k for k in now if now[k] != other.get(k)]
        groups: dict[str, int] = {}
        for k in now:
            g = k.split("|")[0].split(":")[0]
            g = "dev" if g.startswith("dev-") else g
            groups[g] = groups.get(g, 0) + 1
        print(f"{len(now)} texts fingerprinted ({len(jobs)} jobs): "
              + ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))
        if not diff:
            print(f"all {len(now)} identical to {label}")
            return 0
        print(f"{len(diff)} differ from {label}:")
        for k in diff[:60]:
            print("  ", k)
        if args.show and old_root is not None:
            shown = [j for j in jobs if j[0] in set(diff[:20]) and SECRET not in j[0]]
            print("--- now\n" + fingerprints(ROOT, shown, SHOW) + "--- " + label + "\n" + fingerprints(old_root, shown, SHOW))
        return 1


if __name__ == "__main__":
    sys.exit(main())
