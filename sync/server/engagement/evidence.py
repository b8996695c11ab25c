"""The numbers behind a level: measured from what the moderation service recorded for one home."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from .words import basis_text

#: Responder roles that mean "a central team answered", not staff close to the service.
CENTRAL_ROLE_WORDS = ("head office", "central", "customer", "complaints", "quality team", "regional",
                      "communications", "comms", "marketing", "pr team", "group", "corporate", "provider office")


@dataclass(frozen=True)
class ResponseRecord:
    posted_at: datetime
    responder_name: str | None = None
    responder_role: str | None = None
    change_made: str | None = None  # what changed (or will), in a few words
    responder_kind: str = "provider"  # or commissioner, regulator, healthwatch, author
    org_id: str | None = None
    change: str | None = None  # planned, made; None with a change_made text (older records) means made

    @property
    def from_home(self) -> bool:
        return self.responder_kind == "provider"

    @property
    def flag(self) -> str | None:
        if self.change in ("planned", "made"):
            return self.change
        return "made" if (self.change_made or "").strip() else None


@dataclass(frozen=True)
class StoryRecord:
    received_at: datetime
    route: str = "kiosk"
    status: str = "received"  # received, in_moderation, awaiting_provider, published, restricted, rejected, withheld
    published_at: datetime | None = None
    provider_decision: str | None = None  # go_ahead, request_review, lapsed (72 h passed), or None
    responses: tuple[ResponseRecord, ...] = ()
    author_updates: int = 0


@dataclass
class HomeHistory:
    home_id: str
    home_name: str
    since: datetime
    until: datetime
    stories: list[StoryRecord] = field(default_factory=list)
    notices_printed: int = 0  # story notices and digests printed or sent for the noticeboard
    public_interest_bodies: int = 0  # commissioners, regulators, Healthwatch following the home
    transparency_flags: tuple[str, ...] = ()  # the transparency rules raised for the period (rule ids)


def is_central(role: str | None) -> bool:
    role = (role or "").lower()
    return any(word in role for word in CENTRAL_ROLE_WORDS)


@dataclass(frozen=True)
class Evidence:
    """Every figure a criterion may point at; ``None`` where there is nothing to measure yet."""

    stories_received: int
    by_route: dict[str, int]
    moderated: int
    share_published: float | None
    share_restricted: float | None
    share_rejected: float | None
    decisions: dict[str, int]
    share_request_review: float | None
    share_lapsed: float | None
    published: int
    share_published_with_response: float | None
    median_days_to_first_response: float | None
    responses: int
    share_responses_named: float | None
    share_responses_local: float | None
    distinct_responders: int
    share_with_follow_up: float | None
    changes_logged: int
    notices_printed: int
    months: float
    changes_planned: int = 0
    distinct_organisations: int = 0
    public_interest_responses: int = 0
    public_interest_bodies: int = 0
    transparency_flags: int = 0
    #: metric name -> the counts behind it, in words ("5 of 8 published stories"), for the report.
    basis: dict[str, str] = field(default_factory=dict)
    #: metric name -> the same counts as numbers ({"part": 5, "whole": 8}, {"n": 5} or {"by_route": {...}}),
    #: so the page can say them in any language (see :func:`.words.basis_text`).
    counts: dict[str, dict] = field(default_factory=dict)

    def get(self, name: str):
        return getattr(self, name)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def measure(history: HomeHistory) -> Evidence:
    stories = [s for s in history.stories if history.since <= s.received_at <= history.until]
    by_route: dict[str, int] = {}
    for s in stories:
        by_route[s.route] = by_route.get(s.route, 0) + 1
    published_like = [s for s in stories if s.status == "published"]
    decided = [s for s in stories if s.status in ("published", "restricted", "rejected", "withheld",
                                                   "awaiting_provider")]
    decisions = {"go_ahead": 0, "request_review": 0, "lapsed": 0}
    for s in stories:
        if s.provider_decision in decisions:
            decisions[s.provider_decision] += 1
    total_decisions = sum(decisions.values())
    # The level is the home's own engagement: replies, names, staff and follow-ups count the
    # provider's responses; other organisations' voices are counted apart.
    def home_replies(s: StoryRecord) -> list[ResponseRecord]:
        return [r for r in s.responses if r.from_home]

    responded = [s for s in published_like if home_replies(s)]
    delays = [
        (min(r.posted_at for r in home_replies(s)) - (s.published_at or s.received_at)).total_seconds() / 86400
        for s in responded
    ]
    responses = [r for s in published_like for r in home_replies(s)]
    named = [r for r in responses if (r.responder_name or "").strip()]
    local = [r for r in responses if (r.responder_role or "").strip() and not is_central(r.responder_role)]
    follow_up = [s for s in responded if len(home_replies(s)) > 1 or s.author_updates > 0
                 or any(r.responder_kind == "author" for r in s.responses)]
    every = [r for s in stories for r in s.responses]
    organisations = {r.org_id or f"{r.responder_kind}:{(r.responder_name or '').lower()}"
                     for r in every if r.responder_kind != "author"}
    months = max((history.until - history.since).days / 30.44, 1 / 30.44)
    published_count = sum(s.status in ("published", "awaiting_provider") for s in decided)
    counts = {
        "share_published": {"part": published_count, "whole": len(decided)},
        "share_request_review": {"part": decisions["request_review"], "whole": total_decisions},
        "share_lapsed": {"part": decisions["lapsed"], "whole": total_decisions},
        "share_published_with_response": {"part": len(responded), "whole": len(published_like)},
        "median_days_to_first_response": {"n": len(delays)},
        "share_responses_named": {"part": len(named), "whole": len(responses)},
        "share_responses_local": {"part": len(local), "whole": len(responses)},
        "share_with_follow_up": {"part": len(follow_up), "whole": len(responded)},
        "stories_received": {"by_route": dict(by_route)},
    }
    return Evidence(
        stories_received=len(stories),
        by_route=by_route,
        moderated=len(decided),
        share_published=_share(published_count, len(decided)),
        share_restricted=_share(sum(s.status == "restricted" for s in decided), len(decided)),
        share_rejected=_share(sum(s.status == "rejected" for s in decided), len(decided)),
        decisions=decisions,
        share_request_review=_share(decisions["request_review"], total_decisions),
        share_lapsed=_share(decisions["lapsed"], total_decisions),
        published=len(published_like),
        share_published_with_response=_share(len(responded), len(published_like)),
        median_days_to_first_response=statistics.median(delays) if delays else None,
        responses=len(responses),
        share_responses_named=_share(len(named), len(responses)),
        share_responses_local=_share(len(local), len(responses)),
        distinct_responders=len({r.responder_name.strip().lower() for r in named}),
        share_with_follow_up=_share(len(follow_up), len(responded)),
        changes_logged=sum(1 for r in responses if r.flag == "made"),
        notices_printed=history.notices_printed,
        months=months,
        changes_planned=sum(1 for r in responses if r.flag == "planned"),
        distinct_organisations=len(organisations),
        public_interest_responses=sum(1 for r in every if r.responder_kind in ("commissioner", "regulator",
                                                                               "healthwatch")),
        public_interest_bodies=history.public_interest_bodies,
        transparency_flags=len(history.transparency_flags),
        basis={metric: basis_text(metric, c, "en") for metric, c in counts.items()},
        counts=counts,
    )
