"""Benchmark: a 200-story digest, one story notice, composing 1,000 SMS. Prints times.

Targets: digest under 1 s, notice under 100 ms.   Run: python bench/notices_bench.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from print_notices import content, digest, fonts, story_notice
from print_notices.content import Response, Story
from print_notices.sms import gsm7, messages

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


def data_with(n: int):
    body = ("The staff were kind and the food was good, but the evenings are long and quiet. "
            "Could there be more to do after tea? ") * 3
    stories = tuple(
        Story(f"{1000 + i}", f"Story number {i} about Tŷ Gwyn", body, "relative", (), NOW - timedelta(days=i % 7),
              f"https://example.org/op/{i}",
              (Response("Thank you for telling us. We have started an evening club. " * 2, "Sam", "Manager",
                        "Evening club on Tuesdays" if i % 3 == 0 else None, NOW - timedelta(hours=i % 48)),)
              if i % 2 == 0 else ())
        for i in range(n))
    return replace(content.sample_data(now=NOW), stories=stories, is_sample=False, home_name="Tŷ Gwyn Care Home")


def best_of(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    fonts.register()
    out = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    data = data_with(200)
    digest.render_digest(data, out / "warm.pdf")  # first use loads and parses the TTF files
    best, median = best_of(lambda: digest.render_digest(data, out / "digest.pdf"), 5)
    from pypdf import PdfReader

    pages = len(PdfReader(out / "digest.pdf").pages)
    print(f"digest, 200 stories ({pages} pages): best {best * 1000:.0f} ms, median {median * 1000:.0f} ms  (target < 1000 ms)")
    best, median = best_of(lambda: story_notice.render_story_notice(data, "1000", out / "notice.pdf"), 20)
    print(f"story notice:                     best {best * 1000:.1f} ms, median {median * 1000:.1f} ms  (target < 100 ms)")
    deadline = NOW + timedelta(hours=72)

    def compose_1000():
        for i in range(1000):
            home = "The Very Long Name Residential and Nursing Care Home (Tŷ Gwyn) " * (1 + i % 3)
            ref = f"{i:06d}"
            kind = messages.KINDS[i % len(messages.KINDS)]
            fields = {
                "awaiting_decision": dict(ref=ref, deadline=deadline),
                "published": dict(ref=ref, title="Story about the garden and the evening club " * 3),
                "no_response": dict(ref=ref),
                "digest_ready": dict(published_count=i, awaiting_count=i % 5),
                "not_synced": dict(days=3, last_sync=NOW),
                "integrity_problem": dict(missing=1 + i % 4, case=ref),
            }[kind]
            text = messages.compose(kind, home=home, **fields)
            assert gsm7.fits_one_segment(text)

    best, median = best_of(compose_1000, 5)
    print(f"compose 1,000 SMS (all 6 kinds):  best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main()
