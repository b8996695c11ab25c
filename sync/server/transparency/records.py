"""The records behind a home's transparency, read from the service database (portable Core)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from sync.conversation import PUBLIC_INTEREST_KINDS

from ..clock import iso, parse_iso
from ..domain.lifecycle import LAPSED
from ..schema import responses, stories
from .figures import StoryFacts, counts_of

DECISIONS = {"go_ahead": "go_ahead", "request_review": "request_review", LAPSED: "lapsed"}


def _decision(text: str | None, review_requested: bool) -> str | None:
    found = DECISIONS.get(text or "")
    # After a review request the moderator decides again; the record of the provider's first say is
    # the review request itself (counted from review_requested), not a second decision.
    return None if found == "request_review" or (review_requested and found is None) else found


def story_facts(conn: Connection, home_id: str, *, since: datetime, until: datetime) -> list[StoryFacts]:
    """Every story the home received between ``since`` and ``until``, with its replies and changes."""
    rows = conn.execute(
        select(stories.c.uuid, stories.c.ref, stories.c.received_at, stories.c.status, stories.c.status_at,
               stories.c.published_at, stories.c.provider_decision, stories.c.review_requested,
               stories.c.public_id, stories.c.reason)
        .where(stories.c.home_id == home_id, stories.c.received_at >= iso(since), stories.c.received_at <= iso(until))
        .order_by(stories.c.received_at, stories.c.uuid)).mappings().all()
    replies: dict[str, list[datetime]] = {}
    changes: dict[str, list[str]] = {}
    public_interest: dict[str, int] = {}
    for r in conn.execute(
            select(responses.c.story_uuid, responses.c.posted_at, responses.c.responder_kind, responses.c.change)
            .join(stories, stories.c.uuid == responses.c.story_uuid)
            .where(stories.c.home_id == home_id, stories.c.received_at >= iso(since),
                   stories.c.received_at <= iso(until))).mappings():
        if r["responder_kind"] == "provider":
            replies.setdefault(r["story_uuid"], []).append(parse_iso(r["posted_at"]))
        if r["responder_kind"] in PUBLIC_INTEREST_KINDS:
            public_interest[r["story_uuid"]] = public_interest.get(r["story_uuid"], 0) + 1
        if r["change"]:
            changes.setdefault(r["story_uuid"], []).append(r["change"])
    return [StoryFacts(ref=r["ref"], received_at=parse_iso(r["received_at"]), status=r["status"],
                       status_at=parse_iso(r["status_at"]),
                       published_at=parse_iso(r["published_at"]) if r["published_at"] else None,
                       provider_decision=_decision(r["provider_decision"], bool(r["review_requested"])),
                       review_requested=bool(r["review_requested"]), story_id=r["public_id"],
                       reason=r["reason"] if r["status"] == "restricted" else None,
                       home_replies=tuple(replies.get(r["uuid"], ())), changes=tuple(changes.get(r["uuid"], ())),
                       public_interest_responses=public_interest.get(r["uuid"], 0))
            for r in rows]


def typical_counts(conn: Connection, home_id: str, *, since: datetime, until: datetime) -> dict[str, int] | None:
    """The rules' counts summed over every *other* home's stories of the period (None: no other home)."""
    found = conn.execute(
        select(stories.c.status, stories.c.provider_decision, stories.c.review_requested, func.count())
        .where(and_(stories.c.home_id != home_id, stories.c.received_at >= iso(since),
                    stories.c.received_at <= iso(until)))
        .group_by(stories.c.status, stories.c.provider_decision, stories.c.review_requested)).all()
    if not found:
        return None
    facts = []
    for status, decision, reviewed, n in found:
        fact = StoryFacts(ref="", received_at=since, status=status, status_at=since,
                          provider_decision=_decision(decision, bool(reviewed)), review_requested=bool(reviewed))
        facts += [fact] * int(n)
    return counts_of(facts)
