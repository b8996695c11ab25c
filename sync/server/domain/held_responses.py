"""Replies waiting for a moderator: a manager's ``REPLY 4821 …`` by text (``via = 'text'``).

Care Opinion checks a responder's first replies before they are public; a text cannot show who typed
it (a borrowed phone, a slip of the thumb), so every reply by text is held here until a moderator
posts it (``carekiosk moderate replies`` / ``post-reply`` / ``reject-reply``, or the moderation API).
Posting makes it an ordinary response of the home's provider organisation (named as it, or as the
home when it has none) through :func:`lifecycle.add_response`, whose ``response_posted`` event says
``via: text``: the notifier texts the manager that the reply is public. Rejecting tells nobody but
the moderator's history (the manager may text again).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from sync.i18n import NP_, pgettext

from ..clock import iso
from ..errors import ApiError, conflict, not_found
from ..queries.stories import get_story
from ..schema import held_responses, homes, organisation_homes, organisations
from . import lifecycle
from .auth import Principal
from .counters import next_counter

#: how a reply by text names the person who sent it (the home's language): no name is known
MANAGER_ROLE = NP_("responder role", "Home manager")


def hold(conn: Connection, story: RowMapping, body: str, *, via: str, now: datetime) -> str:
    held_id = f"held_{next_counter(conn, 'held_response_id', start=0)}"
    conn.execute(insert(held_responses).values(id=held_id, story_uuid=story["uuid"], home_id=story["home_id"],
                                               body=body, via=via, received_at=iso(now), status="held"))
    lifecycle.record(conn, story["uuid"], now=now, actor=f"provider-sms:{story['home_id']}", action="reply_held",
                     note=held_id)
    return held_id


def _out(r: RowMapping) -> dict[str, Any]:
    return {"id": r["id"], "story_uuid": r["story_uuid"], "ref": r["ref"], "home_id": r["home_id"],
            "body": r["body"], "via": r["via"], "received_at": r["received_at"], "status": r["status"],
            "decided_at": r["decided_at"], "response_id": r["response_id"]}


def _query():
    from ..schema import stories
    return (select(held_responses, stories.c.ref)
            .join(stories, stories.c.uuid == held_responses.c.story_uuid))


def listing(conn: Connection, *, status: str | None = "held") -> list[dict[str, Any]]:
    query = _query()
    if status:
        query = query.where(held_responses.c.status == status)
    return [_out(r) for r in conn.execute(query.order_by(held_responses.c.received_at, held_responses.c.id))
            .mappings()]


def get(conn: Connection, held_id: str) -> dict[str, Any]:
    row = conn.execute(_query().where(held_responses.c.id == held_id)).mappings().first()
    if row is None:
        raise not_found("No reply is held with this id.")
    return _out(row)


def _speaker(conn: Connection, home_id: str) -> Principal:
    """The home's provider organisation (the first by name), or the home itself when it has none."""
    org = conn.execute(select(organisations.c.id, organisations.c.name)
                       .join(organisation_homes, organisation_homes.c.org_id == organisations.c.id)
                       .where(organisation_homes.c.home_id == home_id, organisations.c.kind == "provider")
                       .order_by(organisations.c.name, organisations.c.id)).first()
    return Principal(role="provider", key_id="text", home_ids=frozenset({home_id}),
                     org_id=org.id if org else None, org_name=org.name if org else None, org_kind="provider")


def post(conn: Connection, held_id: str, *, now: datetime, actor: str) -> dict[str, Any]:
    """Post a held reply as the home's response; returns the response (its ``id``)."""
    held = get(conn, held_id)
    if held["status"] != "held":
        raise conflict(f"This reply was already {held['status']}.")
    story = get_story(conn, held["story_uuid"])
    if story["status"] != "published":
        raise conflict("The story is no longer public; the reply cannot be posted.")
    # Claim it first: of two moderators posting at once, the second matches nothing and gets 409.
    if conn.execute(update(held_responses).where(held_responses.c.id == held_id, held_responses.c.status == "held")
                    .values(status="posted", decided_at=iso(now))).rowcount != 1:
        raise conflict("This reply was already decided.")
    home = conn.execute(select(homes.c.name, homes.c.language).where(homes.c.id == held["home_id"])).first()
    who = _speaker(conn, held["home_id"])
    out = lifecycle.add_response(conn, held["story_uuid"], body=held["body"],
                                 responder_name="" if who.org_id else home.name,
                                 responder_role=pgettext("responder role", MANAGER_ROLE, home.language or "en"),
                                 now=now, who=who, via=held["via"])
    conn.execute(update(held_responses).where(held_responses.c.id == held_id).values(response_id=out["id"]))
    lifecycle.record(conn, held["story_uuid"], now=now, actor=actor, action="reply_posted", note=held_id)
    return out


def reject(conn: Connection, held_id: str, *, now: datetime, actor: str) -> dict[str, Any]:
    held = get(conn, held_id)
    if held["status"] != "held":
        raise conflict(f"This reply was already {held['status']}.")
    if conn.execute(update(held_responses).where(held_responses.c.id == held_id, held_responses.c.status == "held")
                    .values(status="rejected", decided_at=iso(now))).rowcount != 1:
        raise conflict("This reply was already decided.")
    lifecycle.record(conn, held["story_uuid"], now=now, actor=actor, action="reply_rejected", note=held_id)
    return {**held, "status": "rejected", "decided_at": iso(now)}


def decide(conn: Connection, held_id: str, action: str, *, now: datetime, actor: str) -> dict[str, Any]:
    if action == "post":
        post(conn, held_id, now=now, actor=actor)
    elif action == "reject":
        reject(conn, held_id, now=now, actor=actor)
    else:
        raise ApiError(422, "A held reply is either posted or rejected.")
    return get(conn, held_id)
