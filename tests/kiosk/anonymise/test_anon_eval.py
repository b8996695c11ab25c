"""The quality targets, measured the way `python -m kiosk.anonymise --eval` measures them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.anonymise.evaluate import evaluate, format_report

DEV = Path(__file__).resolve().parents[3].parent / "shared/data/anonymiser-dev.jsonl"
HERE = Path(__file__).resolve().parent


def _extra_rows_module():
    spec = importlib.util.spec_from_file_location("anon_extra_stories", HERE / "extra_stories.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def dev_report():
    if not DEV.exists():
        pytest.skip(f"shared dev set not found at {DEV} (it lives beside the repo in ../shared/data)")
    return evaluate(DEV)


def test_dev_targets(dev_report):
    rep = dev_report
    print(format_report(rep, verbose=True))
    assert rep.stories == 80
    assert rep.recall() >= 0.97  # issue 12: >= 0.97 on invented stories
    assert rep.recall("NAME") >= 0.97
    assert rep.precision() >= 0.92
    assert rep.home_hits == 0


@pytest.mark.parametrize("name", ["real-style-tune.txt", "real-style-tune-2.txt", "real-style-tune-3.txt", "real-style-tune-4.txt",
                                  "real-style-tune-5.txt", "real-style-tune-6.txt", "real-style-tune-7.txt"])
def test_real_style_tuning_sets_meet_the_targets(name):
    """Issue 12's targets on real-style writing (these sets were used while developing)."""
    rep = evaluate(HERE / "data" / name)
    print(format_report(rep, verbose=True))
    assert rep.recall() >= 0.95 and rep.recall("NAME") >= 0.95 and rep.precision() >= 0.92
    assert rep.recall("AGE") >= 0.95
    assert rep.home_hits == 0


@pytest.mark.parametrize("name", ["real-style-tune-8.txt", "real-style-tune-9.txt", "real-style-heldout-4.txt"])
def test_wave3_tuning_sets(name):
    """Wave 3's tuning data: batches 8-9 and held-out set 4, whose misses were published (see
    docs/anonymiser.md), so it is tuning data now. A floor a little under what they score."""
    rep = evaluate(HERE / "data" / name)
    print(format_report(rep, verbose=True))
    assert rep.recall() >= 0.95 and rep.recall("NAME") >= 0.92 and rep.precision() >= 0.95
    assert rep.home_hits == 0


@pytest.mark.parametrize("name", ["real-style-heldout.txt", "real-style-heldout-2.txt"])
def test_real_style_held_out_sets_do_not_regress(name):
    """Held-out sets (never tuned on; see their headers and docs/anonymiser.md): a regression floor
    a little under what they score, NOT the issue's target (held-out recall is ~0.94-0.96)."""
    rep = evaluate(HERE / "data" / name)
    print(format_report(rep, verbose=True))
    assert rep.recall() >= 0.92 and rep.recall("NAME") >= 0.90 and rep.precision() >= 0.95
    assert rep.home_hits == 0


@pytest.mark.parametrize("name", ["extra-stories.txt", "extra-stories-2.txt", "extra-stories-3.txt"])
def test_hand_written_stories(tmp_path, name):
    """Stories the dev set never saw (batches 2 and 3 were scored once before any tuning on them)."""
    mod = _extra_rows_module()
    rows = mod.rows(HERE / "data" / name)
    dest = tmp_path / "extra.jsonl"
    import json

    dest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    rep = evaluate(dest)
    print(format_report(rep, verbose=True))
    assert rep.recall() >= 0.95 and rep.recall("NAME") >= 0.93 and rep.precision() >= 0.85
    assert rep.home_hits == 0


def test_eval_cli_prints_every_figure():
    if not DEV.exists():
        pytest.skip(f"shared dev set not found at {DEV}")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.anonymise", "--eval", str(DEV)], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    for needle in ("ALL", "NAME", "recall", "precision", "p50", "p95", "home's own name", "import kiosk.anonymise"):
        assert needle in out
