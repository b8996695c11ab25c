"""Stories as the moderator and the provider see them, and the status answer both get after a
decision. Only the moderator's detail opens the sealed envelope; the provider sees moderated text
only once a story is awaiting their decision or published (the rules: ``domain/access.py``)."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection, RowMapping
from .. import API_VERSION
from ..envelopes import open_story
from ..errors import not_found
from ..schema import history, homes, stories
from . import conversation

_with_home = select(stories, homes.c.name.label("home_name")).join(homes, homes.c.id == stories.c.home_id)
_STORY = select(stories).where(stories.c.uuid == bindparam("uuid"))


def get_story(conn: Connection, uuid: str) -> RowMapping:
    row = conn.execute(_STORY, {"uuid": uuid}).mappings().first()
    if row is None:
        raise not_found("There is no story with that uuid.")
    return row


# -- the moderator ----------------------------------------------------------------------------

#: the stories still to be moderated: those a moderator decides on, so the ones to warn about when malformed
QUEUE = ("received", "in_moderation")


def _item(r: RowMapping, malformed: str | None = None) -> dict[str, Any]:
    return {"uuid": r["uuid"], "ref": r["ref"], "home": {"id": r["home_id"], "name": r["home_name"]},
            "home_id": r["home_id"], "device_id": r["device_id"], "seq": r["seq"], "status": r["status"],
            "received_at": r["received_at"], "review_requested": bool(r["review_requested"]),
            "decision_deadline": r["decision_deadline"], "criticality": r["criticality"], "malformed": malformed}


def moderation_items(conn: Connection, *, status: str | None = None, home_id: str | None = None,
                     private_key: str | None = None) -> list[dict[str, Any]]:
    """Every story (no text), oldest first, optionally of one status or home. With the service key,
    each story still to be moderated that is malformed says why (stored before the service checked)."""
    query = _with_home
    if status:
        query = query.where(stories.c.status == status)
    if home_id:
        query = query.where(stories.c.home_id == home_id)
    query = query.order_by(stories.c.received_at, stories.c.home_id, stories.c.device_id, stories.c.seq)
    return [_item(r, open_story(r, private_key)[1] if private_key and r["status"] in QUEUE else None)
            for r in conn.execute(query).mappings()]


def find_stories(conn: Connection, ident: str, *, limit: int = 20) -> list[RowMapping]:
    """The stories a moderator may mean by ``ident``: its whole uuid, its reference (``4821``), or the
    start of its uuid (oldest first, at most ``limit``; more than one means "say which")."""
    ident = ident.strip()
    exact = conn.execute(_with_home.where(stories.c.uuid == ident)).mappings().all()
    if exact or not ident:
        return list(exact)
    matches = stories.c.uuid.startswith(ident, autoescape=True)
    if ident.isascii() and ident.isdigit():
        matches = matches | (stories.c.ref == ident)
    return list(conn.execute(_with_home.where(matches).order_by(stories.c.received_at, stories.c.uuid)
                             .limit(limit)).mappings())


def history_of(conn: Connection, uuid: str) -> list[dict[str, Any]]:
    return [dict(h) for h in conn.execute(
        select(history.c.at, history.c.actor, history.c.action, history.c.from_status, history.c.to_status,
               history.c.note).where(history.c.story_uuid == uuid).order_by(history.c.id)).mappings()]


def moderation_detail(conn: Connection, uuid: str, private_key: str) -> dict[str, Any]:
    """The decrypted story with its history, responses and author updates (the moderator only)."""
    row = conn.execute(_with_home.where(stories.c.uuid == uuid)).mappings().first()
    if row is None:
        raise not_found("There is no story with that uuid.")
    content, malformed = open_story(row, private_key)
    talk = conversation.rows(conn, uuid)
    return {
        **_item(row, malformed), "created_hour": row["created_hour"], "route": row["route"],
        "story_id": row["public_id"], "content": content, "title": row["title"], "body": row["body"],
        "reason": row["reason"],
        "level": row["level"], "provider_decision": row["provider_decision"], "published_at": row["published_at"],
        "tags": conversation.json_list(row["tags_json"]), "feelings": conversation.json_list(row["feelings_json"]),
        "history": history_of(conn, uuid),
        "responses": [conversation.response_out(r, row["public_id"]) for r in talk],
        "updates": [{"id": u["id"], "story_id": row["public_id"], "body": u["body"], "posted_at": u["dateOfUpdate"]}
                    for u in conversation.author_updates(talk)],
    }


def status_out(row: RowMapping) -> dict[str, Any]:
    """The answer to a decision (HTTP and ``carekiosk moderate decide --json``)."""
    return {"api": API_VERSION, "uuid": row["uuid"], "ref": row["ref"], "status": row["status"],
            "story_id": row["public_id"], "decision_deadline": row["decision_deadline"]}


# -- the organisations (providers and public-interest bodies) -----------------------------------

def stories_of_homes(conn: Connection, home_ids: Iterable[str], *, statuses: Iterable[str] | None = None,
                     match: str | None = None) -> list[RowMapping]:
    """The homes' stories, oldest first, optionally of some statuses, or whose reference is ``match``
    or whose uuid starts with it (the caller keeps only those its role may see)."""
    home_ids = list(home_ids)
    if not home_ids:
        return []
    query = select(stories).where(stories.c.home_id.in_(home_ids))
    if statuses is not None:
        query = query.where(stories.c.status.in_(list(statuses)))
    if match:
        query = query.where((stories.c.ref == match) | stories.c.uuid.startswith(match.lower(), autoescape=True))
    return list(conn.execute(query.order_by(stories.c.received_at, stories.c.uuid)).mappings())


def by_ref(conn: Connection, ref: str, home_ids: Iterable[str]) -> list[RowMapping]:
    """The stories with this reference in these homes, newest first (an SMS reply names only a ref)."""
    return list(conn.execute(select(stories).where(stories.c.ref == ref, stories.c.home_id.in_(list(home_ids)))
                             .order_by(stories.c.received_at.desc())).mappings())
