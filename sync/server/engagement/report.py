"""Combine evidence and answers into an indicative level, explaining every conclusion."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .assessment import Answers
from .evidence import Evidence
from .rules import LEVELS
from .words import evidence_text


@dataclass(frozen=True)
class CriterionResult:
    level: int
    id: str
    says: str
    met: bool
    evidence: str  # the number or answer behind the verdict, in words
    step: str
    #: the same evidence as figures, so a page can say it in any language (:func:`.words.evidence_text`):
    #: {"metric", "value", "op", "mark", "unit", "counts"} or {"answer"} (None when not answered yet).
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class LevelReport:
    home_id: str
    home_name: str
    since: str
    until: str
    level: int
    name: str
    about: str
    results: list[CriterionResult] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def holding_back(self) -> list[CriterionResult]:
        """The criteria of the next level not yet met: why the home is not one level higher."""
        return [r for r in self.results if r.level == self.level + 1 and not r.met]

    @property
    def met_for_next(self) -> list[CriterionResult]:
        return [r for r in self.results if r.level == self.level + 1 and r.met]

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["met_for_next"] = [asdict(r) for r in self.met_for_next]
        doc["holding_back"] = [asdict(r) for r in self.holding_back]
        return doc


def _judge(criterion: dict, level: int, evidence: Evidence, answers: Answers) -> CriterionResult:
    if "metric" in criterion:
        value = evidence.get(criterion["metric"])
        mark, op = criterion["mark"], criterion["op"]
        met = value is not None and (value >= mark if op == ">=" else value <= mark)
        facts = {"metric": criterion["metric"], "value": value, "op": op, "mark": mark, "unit": criterion["unit"],
                 "counts": evidence.counts.get(criterion["metric"])}
    else:
        answer = answers.get(criterion["answer"])
        met = answer in criterion["accept"]
        facts = {"answer": answer}
    return CriterionResult(level, criterion["id"], criterion["says"], met, evidence_text(facts, "en"),
                           criterion["step"], facts)


def build_report(evidence: Evidence, answers: Answers, *, home_id: str, home_name: str, since: str,
                 until: str) -> LevelReport:
    results = [_judge(c, spec["level"], evidence, answers) for spec in LEVELS for c in spec["criteria"]]
    reached = 1
    for spec in LEVELS[1:]:
        if all(r.met for r in results if r.level == spec["level"]):
            reached = spec["level"]
        else:
            break
    spec = LEVELS[reached - 1]
    steps = [r.step for r in results if r.level > reached and not r.met]
    figures = {
        "stories_received": evidence.stories_received,
        "by_route": evidence.by_route,
        "share_published": evidence.share_published,
        "share_restricted": evidence.share_restricted,
        "share_rejected": evidence.share_rejected,
        "provider_decisions": evidence.decisions,
        "share_published_with_response": evidence.share_published_with_response,
        "median_days_to_first_response": evidence.median_days_to_first_response,
        "share_responses_named": evidence.share_responses_named,
        "share_responses_local": evidence.share_responses_local,
        "distinct_responders": evidence.distinct_responders,
        "share_with_follow_up": evidence.share_with_follow_up,
        "changes_logged": evidence.changes_logged,
        "changes_planned": evidence.changes_planned,
        "distinct_organisations": evidence.distinct_organisations,
        "public_interest_responses": evidence.public_interest_responses,
        "public_interest_bodies": evidence.public_interest_bodies,
        "transparency_flags": evidence.transparency_flags,
        "notices_printed": evidence.notices_printed,
    }
    return LevelReport(home_id, home_name, since, until, reached, spec["name"], spec["about"], results,
                       steps[:3], figures)


def render_text(report: LevelReport) -> str:
    """The report as plain text for a terminal; every line points at its evidence."""
    lines = [
        f"{report.home_name}: indicative level {report.level} of 9 — {report.name}",
        f"({report.since} to {report.until}; an indication from the records and your answers, not a score)",
        "",
        report.about,
        "",
        "Why this level:",
    ]
    for r in report.results:
        if r.level <= report.level:
            lines.append(f"  [met] level {r.level}: {r.says} — {r.evidence}")
    if report.level < 9:
        lines += ["", f"Towards level {report.level + 1} ({LEVELS[report.level]['name']}):"]
        for r in report.met_for_next:
            lines.append(f"  [met]     {r.says} — {r.evidence}")
        for r in report.holding_back:
            lines.append(f"  [not yet] {r.says} — {r.evidence}")
    if report.next_steps:
        lines += ["", "Next steps:"]
        lines += [f"  {i}. {step}" for i, step in enumerate(report.next_steps, start=1)]
    return "\n".join(lines)
