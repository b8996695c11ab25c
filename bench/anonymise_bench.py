"""Latency of the anonymiser against its own earlier version, measured in the same run.

Prints import time, import plus ``warm_up()``, the first story, p50/p95 per 1,000-character story (English and Welsh) and a
100,000-character paste, for this checkout ("now") and for the anonymiser as it was before issue 12
("before": commit BASELINE, checked out into a temporary folder with its own word lists), with the
ratio before/now. Machines are shared and noisy, so the two are timed in alternating rounds in
separate interpreters and each story keeps its best time.

Run: python bench/anonymise_bench.py [--baseline REV] [--rounds N] [--clock wall|cpu] [STORIES ...]
STORIES are JSONL or marked-up .txt files (default: the shared dev set if present, and the
real-style sets in tests/kiosk/anonymise/data).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "5f6b8b4"  # main before issue 12
DEFAULT_SETS = [
    ROOT.parent / "shared/data/anonymiser-dev.jsonl",
    *sorted((ROOT / "tests/kiosk/anonymise/data").glob("real-style-*.txt")),
]
WELSH = ("Mae Nyrs Sandra yn garedig iawn gyda mam yn ystafell 12. Roedd y bwyd yn dda ddoe. "
         "Diolch i Dr Jones a'r gofalwyr i gyd am y parti pen-blwydd, mae hi'n 97 oed. ") * 6

# Runs inside the interpreter being measured: only the anonymiser on its sys.path.
WORKER = r"""
import json, sys, time
t0 = time.perf_counter()
import kiosk.anonymise as anon
imported = (time.perf_counter() - t0) * 1000
t0 = time.perf_counter()
anon.warm_up()
warmed = (time.perf_counter() - t0) * 1000
job = json.load(sys.stdin)
t0 = time.perf_counter()
anon.find_identifiers(job["first"][0], job["first"][1])
first = (time.perf_counter() - t0) * 1000
def best(text, roster, rounds):
    b = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        anon.find_identifiers(text, roster)
        b = min(b, time.perf_counter() - t0)
    return b * 1000
out = {"import_ms": imported, "warm_ms": imported + warmed, "first_ms": first,
       "stories": [best(t, r, job["rounds"]) for t, r in job["stories"]],
       "welsh": best(job["welsh"][0], job["welsh"][1], 21),
       "paste": best(job["paste"][0], job["paste"][1], 1)}
print(json.dumps(out))
"""


def load_sets(paths: list[Path]) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from kiosk.anonymise.evaluate import load_rows

    rows: list[dict] = []
    for p in paths:
        if p.exists():
            rows += load_rows(p)
    if not rows:
        raise SystemExit("no story files found (pass JSONL or marked-up .txt files)")
    return rows


def stories_1000(rows: list[dict]) -> list[tuple[str, dict]]:
    """1,000-character stories made by joining the sets' stories (the issue's yardstick)."""
    from kiosk.anonymise.evaluate import roster_for

    out, buf = [], ""
    for row in rows * 2:
        buf += row["text"] + " "
        if len(buf) >= 1000:
            out.append((buf[:1000], roster_for(row)))
            buf = ""
    return out


def checkout(rev: str, dest: Path) -> Path:
    """The anonymiser at ``rev`` with the parts of sync/ and assets/ it reads, importable from dest."""
    paths = ["kiosk/__init__.py", "kiosk/anonymise", "sync/__init__.py", "sync/assets.py", "assets/__init__.py",
             "assets/wordlists"]
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *paths], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    (dest / "assets").rename(dest / "carekiosk_assets")  # the installed package name sync.assets reads
    return dest


def run_worker(pythonpath: Path, job: dict, clock: str = "wall") -> dict:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    # --clock cpu: this thread's CPU time instead of the wall clock, so time the machine gives to other
    # work (2 shared cores) is not counted; both implementations are measured the same way
    worker = WORKER.replace("time.perf_counter()", "time.thread_time()") if clock == "cpu" else WORKER
    out = subprocess.run([sys.executable, "-c", worker], input=json.dumps(job), capture_output=True, text=True,
                         env=env, cwd=str(pythonpath), check=True)
    return json.loads(out.stdout)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--baseline", default=BASELINE, help=f"git revision to compare with (default {BASELINE})")
    ap.add_argument("--rounds", type=int, default=4, help="alternating rounds per implementation (default 4)")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: time.perf_counter (default); cpu: time.thread_time, which leaves out time spent "
                         "waiting for a core on a busy machine")
    args = ap.parse_args(argv)
    rows = load_sets(args.files or DEFAULT_SETS)
    stories = stories_1000(rows)
    paste = " ".join(r["text"] for r in rows)
    paste = (paste * (100_000 // len(paste) + 1))[:100_000]
    from kiosk.anonymise.evaluate import roster_for

    job = {"first": [rows[0]["text"], roster_for(rows[0])], "stories": stories, "rounds": 3,
           "welsh": [WELSH[:1000], {"home": "Tŷ Gwyn", "staff": [{"name": "Sandra Holt", "role": "nurse"}]}],
           "paste": [paste, roster_for(rows[0])]}
    with tempfile.TemporaryDirectory(prefix="anon-baseline-") as tmp:
        try:
            old_root = checkout(args.baseline, Path(tmp))
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            print(f"cannot check out the baseline {args.baseline} ({exc}); timing this checkout only")
            old_root = None
        results: dict[str, list[dict]] = {"now": [], "before": []}
        for _ in range(args.rounds):
            results["now"].append(run_worker(ROOT, job, args.clock))
            if old_root is not None:
                results["before"].append(run_worker(old_root, job, args.clock))
    print(f"{len(stories)} stories of 1,000 characters from {len(rows)} stories; {args.rounds} alternating rounds, "
          f"best of 3 runs per story per round, best round kept; clock: {args.clock}")
    summary = {}
    for name, runs in results.items():
        if not runs:
            continue
        per_story = [min(r["stories"][i] for r in runs) for i in range(len(stories))]
        summary[name] = {
            "import": min(r["import_ms"] for r in runs), "warm": min(r["warm_ms"] for r in runs),
            "first": min(r["first_ms"] for r in runs),
            "p50": statistics.median(per_story), "p95": pct(per_story, 0.95),
            "welsh": min(r["welsh"] for r in runs), "paste": min(r["paste"] for r in runs),
        }
    label = {"now": "now", "before": f"before ({args.baseline})"}
    print(f"{'':<22}{'import':>9}{'+warm_up':>10}{'1st story':>11}{'p50/1000':>10}{'p95/1000':>10}{'Welsh 1000':>12}{'100k paste':>12}")
    for name, s in summary.items():
        print(f"{label[name]:<22}{s['import']:>7.1f}ms{s['warm']:>8.1f}ms{s['first']:>9.1f}ms{s['p50']:>8.3f}ms{s['p95']:>8.3f}ms"
              f"{s['welsh']:>10.3f}ms{s['paste']:>10.1f}ms")
    if "before" in summary:
        b, n = summary["before"], summary["now"]
        print(f"{'ratio before/now':<22}{b['import'] / n['import']:>8.2f}x{b['warm'] / n['warm']:>9.2f}x{b['first'] / n['first']:>10.2f}x"
              f"{b['p50'] / n['p50']:>9.2f}x{b['p95'] / n['p95']:>9.2f}x{b['welsh'] / n['welsh']:>11.2f}x"
              f"{b['paste'] / n['paste']:>11.2f}x")
        print(f"p95 per 1,000 characters: {n['p95']:.3f} ms now vs {b['p95']:.3f} ms before -> "
              f"{b['p95'] / n['p95']:.2f}x faster (target: at least 2x)")
    print(f"import kiosk.anonymise: {summary['now']['import']:.1f} ms (target: under 300 ms); with warm_up() "
          f"(word lists, regexes, phonenumbers): {summary['now']['warm']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
