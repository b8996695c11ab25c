"""Durable add of one story (validate + seal + commit with synchronous=FULL), 1,000 times.

Prints p50/p95/max latency and peak memory. Target on a 2-core machine: p95 under 15 ms.
Run:  python bench/store_bench.py [--count 1000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time

from sync.paths import Paths
from sync.profile import open_store
from sync.story import validate_story

TEXT = ("My dad has lived here for two years. The carers are kind and patient, the food is good, "
        "and the garden is lovely in summer. Sometimes the night staff are short-handed and he waits "
        "for help to the toilet, which upsets him. ") * 3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        store = open_store(Paths.from_env(home))
        timings = []
        for i in range(args.count):
            start = time.perf_counter()
            store.add_story(validate_story({"text": f"{i}: {TEXT}", "author_role": "relative"}))
            timings.append((time.perf_counter() - start) * 1000)
        problems = store.verify()
        store.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stories added       {args.count}  (each ~{len(TEXT)} characters, verify: {'ok' if not problems else problems[0]})")
    print(f"durable add p50     {statistics.median(timings):.2f} ms")
    print(f"durable add p95     {p95:.2f} ms   (target < 15 ms)")
    print(f"durable add max     {timings[-1]:.2f} ms")
    print(f"peak memory (RSS)   {peak_mb:.1f} MB")


if __name__ == "__main__":
    main()
