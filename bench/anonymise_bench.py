"""Latency of the anonymiser: import time, first call, and 1,000-character stories (p50/p95).

Run: python bench/anonymise_bench.py [DEV_JSONL]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/data/anonymiser-dev.jsonl"


def main(path: Path = DEFAULT) -> None:
    from kiosk.anonymise.evaluate import import_time_ms, roster_for, time_1000_char_stories

    print(f"import kiosk.anonymise (fresh interpreter, best of 3): {import_time_ms():.1f} ms")
    from kiosk.anonymise import find_identifiers

    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    t0 = time.perf_counter()
    find_identifiers(rows[0]["text"], roster_for(rows[0]))
    print(f"first call (loads word lists): {(time.perf_counter() - t0) * 1000:.1f} ms")
    for label, rounds in (("single run", 1), ("best of 3", 3)):
        ms = sorted(time_1000_char_stories(rows, rounds=rounds))
        p95 = ms[round(0.95 * (len(ms) - 1))]
        print(f"1,000-char stories ({len(ms)}, {label}): p50 {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms, max {ms[-1]:.3f} ms")
    big = " ".join(r["text"] for r in rows)
    big = (big * (100_000 // len(big) + 1))[:100_000]
    t0 = time.perf_counter()
    n = len(find_identifiers(big, roster_for(rows[0])))
    print(f"100,000-character paste: {(time.perf_counter() - t0) * 1000:.1f} ms ({n} findings)")
    welsh = ("Mae Nyrs Sandra yn garedig iawn gyda mam yn ystafell 12. Roedd y bwyd yn dda ddoe. "
             "Diolch i Dr Jones a'r gofalwyr i gyd am y parti pen-blwydd, mae hi'n 97 oed. ") * 6
    welsh = welsh[:1000]
    times = []
    for _ in range(41):
        t0 = time.perf_counter()
        find_identifiers(welsh, {"home": "Tŷ Gwyn", "staff": [{"name": "Sandra Holt", "role": "nurse"}]})
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"1,000-char Welsh story (41 runs): p50 {statistics.median(times):.3f} ms, "
          f"p95 {times[round(0.95 * 40)]:.3f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
