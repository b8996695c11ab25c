"""Sync benchmark: 1,000 stories enqueued on a device and synced to the reference moderation
service on loopback, against a one-request-per-story baseline.

    python bench/sync_bench.py [--stories 1000] [--json]

Starts ``carekiosk serve`` in a subprocess (``tests.support.service.running_service``) over a
throwaway data folder; each run uses its own device and home. Target: 1,000 stories in < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: tests.support is not installed

from sync.config import Config  # noqa: E402
from sync.paths import Paths  # noqa: E402
from sync.profile import open_store  # noqa: E402
from sync.runner import run_sync  # noqa: E402
from sync.story import Story  # noqa: E402
from tests.support.service import running_service  # noqa: E402

TARGET_SECONDS = 3.0


def one_run(svc, root: Path, name: str, n: int, batch_size: int) -> dict:
    store = open_store(Paths.from_env(root / name))
    try:
        home = svc.add_home(f"Bench {name}")
        enrolled = svc.enrol(svc.enrol_code(home), store.device().device_id)
        store.enrol(home_id=home, home_name=f"Bench {name}", public_key=enrolled["service_public_key"],
                    server_url=svc.url, token=enrolled["device_token"])
        texts = [Story(text=f"Story {i}: the staff were kind and the garden was lovely today.",
                       author_role="relative", tags=["staff"]) for i in range(n)]
        t0 = time.perf_counter()
        store.add_stories(texts)
        enqueue = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = run_sync(store, batch_size=batch_size, config=Config({}))
        wall = time.perf_counter() - t0
        if report.exit_code != 0 or report.accepted != n:
            raise SystemExit(f"{name}: sync did not finish cleanly: {report.summary()}")
        return {"run": name, "stories": n, "batch_size": batch_size, "enqueue_s": round(enqueue, 3),
                "wall_s": round(wall, 3), "requests": report.requests, "stories_per_s": round(n / wall, 1),
                "events_pulled": report.events}
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ck-bench-") as tmp:
        root = Path(tmp)
        with running_service(root / "service") as svc:
            batched = one_run(svc, root, "batched", args.stories, 100)
            baseline = one_run(svc, root, "one-per-request", args.stories, 1)
    rows = [batched, baseline]
    if args.json:
        print(json.dumps({"target_s": TARGET_SECONDS, "runs": rows}, indent=2))
    else:
        print(f"{'run':<16} {'stories':>7} {'batch':>5} {'wall s':>7} {'requests':>8} {'stories/s':>9}  (enqueue s)")
        for r in rows:
            print(f"{r['run']:<16} {r['stories']:>7} {r['batch_size']:>5} {r['wall_s']:>7.2f} {r['requests']:>8} "
                  f"{r['stories_per_s']:>9.0f}  ({r['enqueue_s']:.2f})")
        speedup = baseline["wall_s"] / batched["wall_s"] if batched["wall_s"] else float("inf")
        verdict = "met" if batched["wall_s"] < TARGET_SECONDS else "MISSED"
        print(f"batched is {speedup:.1f}x the baseline; target {args.stories} stories < {TARGET_SECONDS:.0f} s: {verdict}")
    return 0 if batched["wall_s"] < TARGET_SECONDS else 1


if __name__ == "__main__":
    os.environ.pop("CAREKIOSK_HOME", None)
    sys.exit(main())
