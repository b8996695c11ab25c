"""The moderation state machine.

    received → in_moderation → awaiting_provider → published
                             ↘ restricted | rejected | withheld_safeguarding

- A moderator opening a story moves it from ``received`` to ``in_moderation``; deciding on a
  ``received`` story passes through ``in_moderation`` (both steps are in the history).
- ``publish`` gives the home's provider 72 hours (``decision_deadline``) to go ahead or request a
  review. No decision by then counts as go ahead: :func:`apply_lapses` does this lazily on
  requests that read stories or events (``Service.lapse``), and tests call it with any clock they like.
- ``request_review`` sends the story back to ``in_moderation``; the moderator's next ``publish``
  then publishes at once (the provider has had their say).

Every transition writes a history row and, where the contract says so, an event carrying only
public data.

Several service instances may act on one story at once (two moderators, a provider's click and
text, the lapse). Each transition first locks the story's row (``FOR UPDATE``; SQLite runs writers
one at a time anyway) and then checks its status, so exactly one wins and the others get 409. The
lapse skips rows another transaction holds (``SKIP LOCKED``), so a story lapses once, whichever
instance gets there first. Locks are taken in the order ``domain/events.py`` sets out.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from sync.story import AUTHOR_ROLES

from ..clock import iso, parse_iso
from ..envelopes import open_story
from ..errors import ApiError, conflict, not_found
from ..queries.stories import get_story
from ..schema import history, responses, stories, updates
from . import events
from .counters import next_counter

PROVIDER_WINDOW = timedelta(hours=72)
STATUSES = ("received", "in_moderation", "awaiting_provider", "published", "restricted", "rejected",
            "withheld_safeguarding")
RESTRICTED_TITLE = "This story has been restricted"
LAPSED = "go_ahead (no decision in 72 h)"

_RECORD = insert(history)
_DUE = (stories.c.status == "awaiting_provider") & (stories.c.decision_deadline <= bindparam("now"))
_ANY_DUE = select(stories.c.uuid).where(_DUE).limit(1)
_ALL_DUE = (select(stories).where(_DUE).order_by(stories.c.decision_deadline)
            .with_for_update(skip_locked=True))
_NEXT_DEADLINE = select(func.min(stories.c.decision_deadline)).where(stories.c.status == "awaiting_provider")
_LOCK = select(stories).where(stories.c.uuid == bindparam("uuid")).with_for_update()


def record(conn: Connection, uuid: str, *, now: datetime, actor: str, action: str,
           from_status: str | None = None, to_status: str | None = None, note: str | None = None) -> None:
    """One line of the story's history."""
    conn.execute(_RECORD, dict(story_uuid=uuid, at=iso(now), actor=actor, action=action,
                               from_status=from_status, to_status=to_status, note=note))


def record_all(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Several history lines at once (each a dict of the ``history`` columns but ``id``)."""
    conn.execute(_RECORD, entries)


def _set_status(conn: Connection, row: RowMapping, to: str, *, now: datetime, actor: str, action: str,
                note: str | None = None, **fields: Any) -> None:
    conn.execute(update(stories).where(stories.c.uuid == row["uuid"]).values(status=to, status_at=iso(now), **fields))
    record(conn, row["uuid"], now=now, actor=actor, action=action, from_status=row["status"], to_status=to, note=note)


def _set(conn: Connection, uuid: str, **fields: Any) -> None:
    conn.execute(update(stories).where(stories.c.uuid == uuid).values(**fields))


def _locked(conn: Connection, uuid: str, *, feed: bool = True) -> RowMapping:
    """The story, its row locked until the transaction ends (and its home's feed head, ``feed``:
    every transition that may add an event or take a counter takes the head next, in lock order)."""
    row = conn.execute(_LOCK, {"uuid": uuid}).mappings().first()
    if row is None:
        raise not_found("There is no story with that uuid.")
    if feed:
        events.hold(conn, [row["home_id"]])
    return row


def open_for_moderation(conn: Connection, uuid: str, *, now: datetime, actor: str) -> RowMapping:
    row = _locked(conn, uuid, feed=False)
    if row["status"] == "received":
        _set_status(conn, row, "in_moderation", now=now, actor=actor, action="opened")
        row = get_story(conn, uuid)
    return row


def _public_id(conn: Connection, row: RowMapping) -> str:
    return row["public_id"] or str(next_counter(conn, "story_id", start=1000))


def _publish(conn: Connection, row: RowMapping, *, now: datetime, published_at: datetime, actor: str,
             action: str, note: str | None = None) -> None:
    public_id = _public_id(conn, row)
    _set_status(conn, row, "published", now=now, actor=actor, action=action, note=note,
                public_id=public_id, published_at=iso(published_at))
    events.emit(conn, row["home_id"], "published", now=now, story_uuid=row["uuid"], ref=row["ref"], data={
        "story_id": public_id, "title": row["title"], "body": row["body"], "authorRole": row["author_role"],
        "tags": json.loads(row["tags_json"]), "dateOfPublication": iso(published_at)})


def moderate(conn: Connection, uuid: str, action: str, *, private_key: str, now: datetime, actor: str,
             reason: str | None = None, level: str | None = None, title: str | None = None,
             body: str | None = None) -> RowMapping:
    """A moderator's decision. Raises ApiError (409 if the story is past moderation, 422 if incomplete)."""
    reason = (reason or "").strip() or None
    row = _locked(conn, uuid)
    if row["status"] not in ("received", "in_moderation"):
        raise conflict(f"This story is already {row['status'].replace('_', ' ')}; it cannot be moderated again.")
    if action in ("restrict", "reject") and not reason:
        raise ApiError(422, f"A reason is required to {action} a story.")
    if action == "withhold" and level not in ("low", "serious"):
        raise ApiError(422, "Withholding for safeguarding needs a level: low or serious.")
    row = open_for_moderation(conn, uuid, now=now, actor=actor)

    if action == "publish":
        story, malformed = open_story(row, private_key)
        if malformed:  # stored before the service checked sealed stories: it can only be rejected
            raise conflict(f"This story is malformed and cannot be published ({malformed.rstrip('.')}); "
                           "reject it instead.")
        final_title = (title or "").strip() or str(story.get("title") or "").strip() or "A story"
        final_body = (body or "").strip() or str(story.get("text") or "")
        role = story.get("author_role")
        tags = [t for t in list(story.get("tags") or []) + list(story.get("feelings") or []) if isinstance(t, str)]
        _set(conn, uuid, title=final_title, body=final_body, author_role=AUTHOR_ROLES.get(role, role),
             tags_json=json.dumps(tags))
        row = get_story(conn, uuid)
        if row["review_requested"]:
            _publish(conn, row, now=now, published_at=now, actor=actor, action="publish",
                     note="Published after the provider's review request.")
        else:
            deadline = iso(now + PROVIDER_WINDOW)
            _set_status(conn, row, "awaiting_provider", now=now, actor=actor, action="publish",
                        decision_deadline=deadline)
            events.emit(conn, row["home_id"], "awaiting_provider", now=now, story_uuid=uuid, ref=row["ref"],
                        data={"decision_deadline": deadline})
    elif action == "restrict":
        _set_status(conn, row, "restricted", now=now, actor=actor, action="restrict", reason=reason,
                    public_id=_public_id(conn, row), title=(title or "").strip() or RESTRICTED_TITLE)
        events.emit(conn, row["home_id"], "restricted", now=now, story_uuid=uuid, ref=row["ref"],
                    data={"reason": reason})
    elif action == "reject":
        _set_status(conn, row, "rejected", now=now, actor=actor, action="reject", reason=reason)
        # A rejected story is not public, and the moderator's reason may describe what it said: the
        # home's feed (read by its devices and provider) learns only that it was rejected.
        events.emit(conn, row["home_id"], "rejected", now=now, story_uuid=uuid, ref=row["ref"], data={})
    elif action == "withhold":
        _set_status(conn, row, "withheld_safeguarding", now=now, actor=actor, action="withhold", level=level,
                    note=reason)
        events.emit(conn, row["home_id"], "withheld", now=now, story_uuid=uuid, ref=row["ref"], data={})
    else:  # pragma: no cover - the model allows only the four actions
        raise ApiError(422, "Unknown moderation action.")
    return get_story(conn, uuid)


def provider_decide(conn: Connection, uuid: str, decision: str, *, now: datetime, actor: str) -> RowMapping:
    row = _locked(conn, uuid)
    if row["status"] != "awaiting_provider":
        raise conflict(f"This story is already {row['status'].replace('_', ' ')}; it is not waiting for a provider "
                       "decision.")
    _set(conn, uuid, provider_decision=decision)
    if decision == "go_ahead":
        _publish(conn, get_story(conn, uuid), now=now, published_at=now, actor=actor, action="go_ahead")
    else:
        _set_status(conn, row, "in_moderation", now=now, actor=actor, action="request_review",
                    review_requested=1, decision_deadline=None)
    return get_story(conn, uuid)


def lapse_due(conn: Connection, now: datetime) -> bool:
    """Has any story's 72-hour window ended undecided? (A cheap read, so most requests write nothing.)"""
    return conn.execute(_ANY_DUE, {"now": iso(now)}).first() is not None


def next_deadline(conn: Connection) -> datetime | None:
    """When the next 72-hour window ends (None: no story is waiting for its provider)."""
    found = conn.execute(_NEXT_DEADLINE).scalar()
    return parse_iso(found) if found else None


def apply_lapses(conn: Connection, now: datetime) -> list[str]:
    """Publish every story whose 72-hour provider window has ended without a decision.
    Returns their uuids. Call inside a transaction. Stories another transaction holds are left to
    it (it is deciding or lapsing them), so each story lapses exactly once."""
    done = []
    due = conn.execute(_ALL_DUE, {"now": iso(now)}).mappings().all()
    events.hold(conn, [row["home_id"] for row in due])
    for row in due:
        _set(conn, row["uuid"], provider_decision=LAPSED)
        _publish(conn, get_story(conn, row["uuid"]), now=now, published_at=parse_iso(row["decision_deadline"]),
                 actor="system", action="lapsed", note="No provider decision within 72 hours: counts as go ahead.")
        done.append(row["uuid"])
    return done


def add_response(conn: Connection, uuid: str, *, body: str, responder_name: str, responder_role: str,
                 change_made: str | None, now: datetime, key_id: str) -> dict[str, Any]:
    row = _locked(conn, uuid)
    if row["status"] != "published":
        raise conflict("Responses can be posted only on published stories.")
    response_id = f"resp_{next_counter(conn, 'response_id', start=0)}"
    change_made = (change_made or "").strip() or None
    conn.execute(insert(responses).values(id=response_id, story_uuid=uuid, body=body, responder_name=responder_name,
                                          responder_role=responder_role, change_made=change_made,
                                          posted_at=iso(now), key_id=key_id))
    out = {"story_id": row["public_id"], "response_id": response_id, "body": body, "responder_name": responder_name,
           "responder_role": responder_role, "change_made": change_made, "posted_at": iso(now)}
    record(conn, uuid, now=now, actor=key_id, action="response")
    events.emit(conn, row["home_id"], "response_posted", now=now, story_uuid=uuid, ref=row["ref"], data=out)
    return out


def add_update(conn: Connection, uuid: str, *, body: str, now: datetime, actor: str) -> dict[str, Any]:
    row = _locked(conn, uuid)
    if row["status"] != "published":
        raise conflict("Author updates can be added only to published stories.")
    update_id = f"upd_{next_counter(conn, 'update_id', start=0)}"
    conn.execute(insert(updates).values(id=update_id, story_uuid=uuid, body=body, posted_at=iso(now)))
    out = {"story_id": row["public_id"], "update_id": update_id, "body": body, "posted_at": iso(now)}
    record(conn, uuid, now=now, actor=actor, action="author_update")
    events.emit(conn, row["home_id"], "author_update", now=now, story_uuid=uuid, ref=row["ref"], data=out)
    return out
