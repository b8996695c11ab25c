"""The level report on paper: one page on its own, or a page in the weekly digest."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable

from sync.i18n import _
from sync.server.engagement import words

from ..pdf import build, para, rule
from ..styles import Styles, get_styles


def _figures(report: dict, lang: str) -> list[str]:
    f = report["figures"]
    decisions = f["provider_decisions"]
    days = f["median_days_to_first_response"]
    days_text = "—" if days is None else format(days, ".1f")
    return [
        _("Stories received: {n} ({routes}).", lang, n=f["stories_received"], routes=words.routes(f["by_route"], lang)),
        _("Published stories with a reply: {share}; first reply after {days} days (median).", lang,
          share=words.share(f["share_published_with_response"], lang), days=days_text),
        _("Provider decisions: {go_ahead} go ahead, {request_review} review requested, {lapsed} left to lapse "
          "after 72 hours.", lang, go_ahead=decisions["go_ahead"], request_review=decisions["request_review"],
          lapsed=decisions["lapsed"]),
        _("Replies signed by a named person: {named}; from staff in the home: {local}; different people "
          "replying: {n}.", lang, named=words.share(f["share_responses_named"], lang),
          local=words.share(f["share_responses_local"], lang), n=f["distinct_responders"]),
        _("Changes made because of a story: {changes}; notices and digests printed: {printed}.", lang,
          changes=f["changes_logged"], printed=f["notices_printed"]),
        # A report from a service before organisations has none of these: they read as nothing yet.
        _("Changes planned: {planned}; organisations in the conversation: {orgs}; replies and comments from "
          "public-interest bodies: {pib}; transparency flags: {flags}.", lang, planned=f.get("changes_planned", 0),
          orgs=f.get("distinct_organisations", 0), pib=f.get("public_interest_responses", 0),
          flags=f.get("transparency_flags", 0)),
    ]


def _evidence(result: dict, lang: str) -> str:
    # A report from a service older than the ``facts`` field only has the English words.
    return words.evidence_text(result["facts"], lang) if result.get("facts") else result["evidence"]


def _step_ids(report: dict) -> list[str | None]:
    by_step = {r["step"]: r["id"] for r in report["results"]}
    return [by_step.get(text) for text in report["next_steps"]]


def level_blocks(report: dict, styles: Styles, lang: str = "en") -> list[list[Flowable]]:
    """Blocks for one level report (a ``LevelReport.to_dict()``) that fit on one A4 page: the level,
    the figures behind it, what holds the home below the next level, and the next steps.

    The words come from the level number, the criterion ids and the figures (:mod:`.words`), in ``lang``;
    the report's own English sentences are not translated."""
    level = report["level"]
    blocks: list[list[Flowable]] = [[
        para(_("Where we are: level {level} of 9 — {name}", lang, level=level, name=words.level_name(level, lang)),
             styles.title),
        para(words.level_about(level, lang), styles.body),
        para(_("An indication from our feedback records ({since} to {until}) and our own answers, not a score.",
               lang, since=report["since"], until=report["until"]), styles.body),
    ]]
    blocks.append([para(_("What the records show", lang), styles.heading)]
                  + [para(line, styles.item) for line in _figures(report, lang)])
    if level < 9:
        lines = [para(_("Towards level {level}: {name}", lang, level=level + 1,
                        name=words.level_name(level + 1, lang)), styles.heading)]
        lines += [para(_("Yes: {says} — {evidence}.", lang, says=words.says(r["id"], lang),
                         evidence=_evidence(r, lang)), styles.item) for r in report["met_for_next"]]
        lines += [para(_("Not yet: {says} — {evidence}.", lang, says=words.says(r["id"], lang),
                         evidence=_evidence(r, lang)), styles.item) for r in report["holding_back"]]
        blocks.append(lines)
    if report["next_steps"]:
        steps = [words.step(cid, lang) if cid else text for cid, text in zip(_step_ids(report), report["next_steps"])]
        blocks.append([para(_("Our next steps", lang), styles.heading)]
                      + [para(f"{i}. {text}", styles.item) for i, text in enumerate(steps, 1)])
    blocks.append([rule(styles), para(_("Every criterion and figure: carekiosk level {home_id}", lang,
                                        home_id=report["home_id"]), styles.small)])
    return blocks


def build_level_pdf(report: dict, out_path: str | os.PathLike, *, now: datetime, large_print: bool = False,
                    is_sample: bool = False, lang: str = "en") -> Path:
    """A standalone PDF of one home's level report, in English or Welsh (``lang="cy"``)."""
    styles = get_styles(large_print)
    return build(out_path, level_blocks(report, styles, lang), styles=styles, lang=lang,
                 title=_("{home}: feedback engagement level", lang, home=report["home_name"]),
                 home_name=report["home_name"],
                 now=now, is_sample=is_sample)
