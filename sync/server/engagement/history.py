"""Read one home's history from the moderation service's own database (where ``carekiosk level`` runs)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from sync.errors import UserError

from ..queries.conversation import public_interest_bodies
from ..queries.homes import get_home
from ..queries.shares import count_between
from ..schema import responses, stories
from .evidence import HomeHistory, ResponseRecord, StoryRecord

DECISIONS = {
    "go_ahead": "go_ahead",
    "request_review": "request_review",
    "go_ahead (no decision in 72 h)": "lapsed",
}
DEFAULT_PERIOD = timedelta(days=365)


def _text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def load_history(conn: Connection, home_id: str, *, since: datetime | None, until: datetime) -> HomeHistory:
    """Every story the home received in the period, with its decisions, responses and updates."""
    home = get_home(conn, home_id)
    if home is None:
        raise UserError(f"There is no home with id {home_id}; `carekiosk admin list-homes` shows them.")
    since = since or until - DEFAULT_PERIOD
    replies: dict[str, list[ResponseRecord]] = {}
    added: dict[str, int] = {}
    for row in conn.execute(
        select(responses.c.story_uuid, responses.c.posted_at, responses.c.responder_name, responses.c.responder_role,
               responses.c.change_made, responses.c.responder_kind, responses.c.org_id, responses.c.change)
        .join(stories, stories.c.uuid == responses.c.story_uuid)
        .where(stories.c.home_id == home_id).order_by(func.coalesce(responses.c.seq, 0), responses.c.posted_at,
                                                      responses.c.id)
    ).mappings():
        if row["responder_kind"] == "author":
            added[row["story_uuid"]] = added.get(row["story_uuid"], 0) + 1
            continue
        replies.setdefault(row["story_uuid"], []).append(ResponseRecord(
            _dt(row["posted_at"]), row["responder_name"], row["responder_role"], row["change_made"],
            row["responder_kind"], row["org_id"], row["change"]))
    found = []
    for row in conn.execute(
        select(stories.c.uuid, stories.c.received_at, stories.c.route, stories.c.status, stories.c.published_at,
               stories.c.provider_decision)
        .where(stories.c.home_id == home_id, stories.c.received_at >= _text(since),
               stories.c.received_at <= _text(until))
    ):
        status = "withheld" if row[3] == "withheld_safeguarding" else row[3]
        found.append(StoryRecord(_dt(row[1]), row[2], status, _dt(row[4]), DECISIONS.get(row[5]),
                                 tuple(replies.get(row[0], ())), added.get(row[0], 0)))
    printed = count_between(conn, home_id, _text(since), _text(until))
    from ..transparency.report import transparency

    flags = tuple(f["rule"] for f in transparency(conn, home_id, until=until, since=since)["flags"])
    return HomeHistory(home["id"], home["name"], since, until, found, printed,
                       public_interest_bodies=len(public_interest_bodies(conn, home_id)), transparency_flags=flags)
