"""The level report on paper: one page on its own, or a page in the weekly digest."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable

from ..pdf import build, para, rule
from ..styles import Styles, get_styles
from .rules import LEVELS


def _pct(value) -> str:
    return "none yet" if value is None else f"{value:.0%}"


def _figures(report: dict) -> list[str]:
    f = report["figures"]
    routes = ", ".join(f"{n} {route}" for route, n in sorted(f["by_route"].items())) or "none"
    decisions = f["provider_decisions"]
    days = f["median_days_to_first_response"]
    return [
        f"Stories received: {f['stories_received']} ({routes}).",
        f"Published stories with a reply: {_pct(f['share_published_with_response'])}; "
        f"first reply after {'—' if days is None else f'{days:.1f}'} days (median).",
        f"Provider decisions: {decisions['go_ahead']} go ahead, {decisions['request_review']} review requested, "
        f"{decisions['lapsed']} left to lapse after 72 hours.",
        f"Replies signed by a named person: {_pct(f['share_responses_named'])}; from staff in the home: "
        f"{_pct(f['share_responses_local'])}; different people replying: {f['distinct_responders']}.",
        f"Changes made because of a story: {f['changes_logged']}; notices and digests printed: "
        f"{f['notices_printed']}.",
    ]


def level_blocks(report: dict, styles: Styles) -> list[list[Flowable]]:
    """Blocks for one level report (a ``LevelReport.to_dict()``) that fit on one A4 page: the level,
    the figures behind it, what holds the home below the next level, and the next steps."""
    level = report["level"]
    blocks: list[list[Flowable]] = [[
        para(f"Where we are: level {level} of 9 — {report['name']}", styles.title),
        para(report["about"], styles.body),
        para(f"An indication from our feedback records ({report['since']} to {report['until']}) and our own "
             "answers, not a score.", styles.body),
    ]]
    blocks.append([para("What the records show", styles.heading)]
                  + [para(line, styles.item) for line in _figures(report)])
    if level < 9:
        nxt = LEVELS[level]
        lines = [para(f"Towards level {level + 1}: {nxt['name']}", styles.heading)]
        lines += [para(f"Yes: {r['says']} — {r['evidence']}.", styles.item) for r in report["met_for_next"]]
        lines += [para(f"Not yet: {r['says']} — {r['evidence']}.", styles.item) for r in report["holding_back"]]
        blocks.append(lines)
    if report["next_steps"]:
        blocks.append([para("Our next steps", styles.heading)]
                      + [para(f"{i}. {step}", styles.item) for i, step in enumerate(report["next_steps"], 1)])
    blocks.append([rule(styles), para(f"Every criterion and figure: carekiosk level {report['home_id']}",
                                      styles.small)])
    return blocks


def build_level_pdf(report: dict, out_path: str | os.PathLike, *, now: datetime, large_print: bool = False,
                    is_sample: bool = False) -> Path:
    """A standalone PDF of one home's level report."""
    styles = get_styles(large_print)
    return build(out_path, level_blocks(report, styles), styles=styles, lang="en",
                 title=f"{report['home_name']}: feedback engagement level", home_name=report["home_name"],
                 now=now, is_sample=is_sample)
