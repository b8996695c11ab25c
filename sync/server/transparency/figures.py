"""A home's transparency figures, computed from plain records of its stories.

The figures are about the stories **received in the period** and what has become of each since:

- ``received``; ``published`` (in full); ``restricted`` (each with its public reason);
  ``not_published`` (rejected, or withheld for safeguarding: one number, so a small home's
  safeguarding cases cannot be picked out); ``in_progress`` (not decided yet);
- ``moderated``: stories the moderator has decided (the whole a restricted share is measured on);
- ``provider_decisions``: each time the home had 72 hours to decide, by how it ended - ``go_ahead``,
  ``review_requested`` or ``lapsed`` (no decision: it went ahead on its own);
- review requests and how each ended: published, restricted, not published, or still under review;
- replies **by the home** (the provider's own responses): published stories with one, and the
  median days from publication to the first;
- changes flagged in any organisation's responses, ``planned`` and ``made``;
- public-interest bodies' comments and responses;
- a month-by-month count (received, published, restricted) for the chart of the last 12 months.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import rules


@dataclass(frozen=True)
class StoryFacts:
    ref: str
    received_at: datetime
    status: str
    status_at: datetime
    published_at: datetime | None = None
    provider_decision: str | None = None  # go_ahead, request_review, lapsed, or None
    review_requested: bool = False
    story_id: str | None = None
    reason: str | None = None  # a restricted story's public reason
    home_replies: tuple[datetime, ...] = ()  # when the provider responded
    changes: tuple[str, ...] = ()  # the change flags of every response ("planned", "made")
    public_interest_responses: int = 0


MODERATED = ("awaiting_provider", "published", "restricted", "rejected", "withheld_safeguarding")


def counts_of(stories: list[StoryFacts]) -> dict[str, int]:
    """The counts the rules judge (also summed over the other homes for the typical shares)."""
    decisions = [s.provider_decision for s in stories if s.provider_decision]
    # A review request sends the story back; its second publish is not a second 72-hour window.
    reviews = sum(1 for s in stories if s.review_requested)
    return {
        "received": len(stories),
        "moderated": sum(1 for s in stories if s.status in MODERATED or s.review_requested),
        "restricted": sum(1 for s in stories if s.status == "restricted"),
        "review_requested": reviews,
        "lapsed": decisions.count("lapsed"),
        "go_ahead": decisions.count("go_ahead"),
        "provider_decisions": reviews + decisions.count("lapsed") + decisions.count("go_ahead"),
    }


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def last_months(until: datetime, n: int = 12) -> list[str]:
    year, month = until.year, until.month
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


@dataclass
class Figures:
    since: datetime
    until: datetime
    stories: list[StoryFacts]
    #: every story of the chart's twelve months (received in them, whenever decided)
    chart_stories: list[StoryFacts] = field(default_factory=list)
    typical: dict[str, int] | None = None  # the other homes' summed counts

    def to_dict(self) -> dict[str, Any]:
        s = self.stories
        counts = counts_of(s)
        published = [x for x in s if x.status == "published"]
        restricted = sorted((x for x in s if x.status == "restricted"), key=lambda x: x.status_at)
        replied = [x for x in published if x.home_replies]
        delays = [(min(x.home_replies) - (x.published_at or x.received_at)).total_seconds() / 86400
                  for x in replied]
        reviewed = [x for x in s if x.review_requested]
        outcome = {"published": 0, "restricted": 0, "not_published": 0, "pending": 0}
        for x in reviewed:
            outcome[{"published": "published", "restricted": "restricted", "rejected": "not_published",
                     "withheld_safeguarding": "not_published"}.get(x.status, "pending")] += 1
        changes = [c for x in s for c in x.changes]
        months = {m: {"month": m, "received": 0, "published": 0, "restricted": 0} for m in last_months(self.until)}
        for x in self.chart_stories:
            if _month(x.received_at) in months:
                months[_month(x.received_at)]["received"] += 1
            if x.status == "published" and x.published_at and _month(x.published_at) in months:
                months[_month(x.published_at)]["published"] += 1
            if x.status == "restricted" and _month(x.status_at) in months:
                months[_month(x.status_at)]["restricted"] += 1
        verdicts = rules.flags(counts, self.typical)
        return {
            "since": self.since.isoformat(timespec="seconds"), "until": self.until.isoformat(timespec="seconds"),
            "received": counts["received"], "published_in_full": len(published),
            "restricted": counts["restricted"],
            "restricted_stories": [{"ref": x.ref, "story_id": x.story_id, "reason": x.reason or "",
                                    "date": x.status_at.isoformat(timespec="seconds")} for x in restricted],
            "not_published": sum(1 for x in s if x.status in ("rejected", "withheld_safeguarding")),
            "in_progress": sum(1 for x in s if x.status in ("received", "in_moderation", "awaiting_provider")),
            "moderated": counts["moderated"],
            "provider_decisions": {"total": counts["provider_decisions"], "go_ahead": counts["go_ahead"],
                                   "review_requested": counts["review_requested"], "lapsed": counts["lapsed"]},
            "review_requests": {"total": len(reviewed), **outcome},
            "lapsed": counts["lapsed"],
            "replied_by_home": {"part": len(replied), "whole": len(published),
                                "share": rules.share(len(replied), len(published))},
            "median_days_to_first_reply": round(statistics.median(delays), 1) if delays else None,
            "changes": {"planned": changes.count("planned"), "made": changes.count("made")},
            "public_interest_responses": sum(x.public_interest_responses for x in s),
            "shares": {"restricted": rules.share(counts["restricted"], counts["moderated"]),
                       "review_requested": rules.share(counts["review_requested"], counts["provider_decisions"]),
                       "lapsed": rules.share(counts["lapsed"], counts["provider_decisions"])},
            "months": list(months.values()),
            "rules": verdicts,
            "flags": [v for v in verdicts if v["raised"]],
        }
