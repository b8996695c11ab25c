"""Public read of outcomes, shaped like Care Opinion's API v2 opinions (``title``, ``body``,
``authorRole``, ``tags``, ``dateOfPublication``, ``responses``…). Only ``published`` and
``restricted`` stories appear; a restricted one has its reason and no body."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, RowMapping

from ..errors import not_found
from ..schema import PUBLIC_NEWEST_FIRST, PUBLIC_STATUSES, responses, stories, updates

MAX_TAKE = 100

# Built once (anyone may call these, as often as they like). The order is the one the partial
# indexes ``stories_public`` and ``stories_public_home`` hold, so a page is read off an index.
_public = text("stories.status IN ('published', 'restricted')")  # literally the indexes' WHERE
_of_home = stories.c.home_id == bindparam("home_id")
_newest_first = PUBLIC_NEWEST_FIRST
# Everything but the sealed envelope (up to 64 KB a story, never shown in public).
_SHOWN = [c for c in stories.c if c.name != "sealed"]
_COUNT = {False: select(func.count()).select_from(stories).where(_public),
          True: select(func.count()).select_from(stories).where(_public, _of_home)}
_PAGE = {by_home: select(*_SHOWN).where(_public, *([_of_home] if by_home else [])).order_by(*_newest_first)
         .limit(bindparam("take")).offset(bindparam("skip")) for by_home in (False, True)}


def _sqlite_page(by_home: bool):
    """SQLite plans without statistics and would take the plain status index, then sort every public
    story; so there the same query names the index that holds its order (``INDEXED BY``, which
    SQLAlchemy cannot add on SQLite). PostgreSQL keeps statistics and finds the index itself."""
    sql = str(_PAGE[by_home].compile(dialect=sqlite.dialect(paramstyle="named")))
    index = "stories_public_home" if by_home else "stories_public"
    return text(sql.replace("FROM stories", f"FROM stories INDEXED BY {index}", 1)).columns(*_SHOWN)


_PAGES = {"sqlite": {by_home: _sqlite_page(by_home) for by_home in (False, True)}}
_BY_ID = select(*_SHOWN).where(stories.c.public_id == bindparam("public_id"), _public)
# A page's responses and updates in one query each (not two per story on the page).
_RESPONSES = (select(responses).where(responses.c.story_uuid.in_(bindparam("uuids", expanding=True)))
              .order_by(responses.c.posted_at, responses.c.id))
_UPDATES = (select(updates).where(updates.c.story_uuid.in_(bindparam("uuids", expanding=True)))
            .order_by(updates.c.posted_at, updates.c.id))


def _by_story(conn: Connection, query, uuids: list[str]) -> dict[str, list[RowMapping]]:
    found: dict[str, list[RowMapping]] = {}
    if uuids:
        for r in conn.execute(query, {"uuids": uuids}).mappings():
            found.setdefault(r["story_uuid"], []).append(r)
    return found


def opinions(conn: Connection, rows: list[RowMapping]) -> list[dict[str, Any]]:
    """Several stories in the public shape, with their responses and updates read together."""
    published = [r["uuid"] for r in rows if r["status"] == "published"]
    replies, added = _by_story(conn, _RESPONSES, published), _by_story(conn, _UPDATES, published)
    return [_shape(r, replies.get(r["uuid"], []), added.get(r["uuid"], [])) for r in rows]


def opinion(conn: Connection, row: RowMapping) -> dict[str, Any]:
    return opinions(conn, [row])[0]


def _shape(row: RowMapping, reply_rows: list[RowMapping], update_rows: list[RowMapping]) -> dict[str, Any]:
    published = row["status"] == "published"
    replies = [] if not published else [
        {"id": r["id"], "body": r["body"], "responderName": r["responder_name"],
         "responderRole": r["responder_role"], "changeMade": r["change_made"], "dateOfResponse": r["posted_at"]}
        for r in reply_rows]
    added = [] if not published else [
        {"id": u["id"], "body": u["body"], "dateOfUpdate": u["posted_at"]} for u in update_rows]
    return {
        "id": row["public_id"], "ref": row["ref"], "homeId": row["home_id"],
        "title": row["title"] or "", "body": row["body"] if published else None,
        "authorRole": row["author_role"] if published else None,
        "tags": json.loads(row["tags_json"]) if published else [],
        "dateOfSubmission": row["created_hour"], "dateOfPublication": row["published_at"] if published else None,
        "status": row["status"], "restrictionReason": None if published else row["reason"],
        "responses": replies, "authorUpdates": added,
    }


def list_opinions(conn: Connection, *, home_id: str | None, skip: int, take: int) -> tuple[list[dict], int]:
    by_home = bool(home_id)
    total = conn.execute(_COUNT[by_home], {"home_id": home_id}).scalar_one()
    page = _PAGES.get(conn.dialect.name, _PAGE)[by_home]
    rows = conn.execute(page, {"home_id": home_id, "take": take, "skip": skip}).mappings().all()
    return opinions(conn, rows), total


def get_opinion(conn: Connection, public_id: str) -> dict[str, Any]:
    row = conn.execute(_BY_ID, {"public_id": public_id}).mappings().first()
    if row is None:
        raise not_found("There is no public story with that id.")
    return opinion(conn, row)
