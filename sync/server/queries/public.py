"""Public read of outcomes, shaped like Care Opinion's API v2 opinions (``title``, ``body``,
``authorRole``, ``tags``, ``dateOfPublication``, ``responses``…). Only ``published`` and
``restricted`` stories appear (``domain/access.py``: the public's view); a restricted one has its
reason, the public-interest bodies that can read it and their public comments, and no body.
Every response names the organisation that spoke and its kind. Criticality is never here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, RowMapping

from ..domain import access
from ..errors import not_found
from ..schema import PUBLIC_NEWEST_FIRST, stories
from . import conversation

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


def opinions(conn: Connection, rows: list[RowMapping]) -> list[dict[str, Any]]:
    """Several stories in the public shape: their conversations read in one query (not one per story
    on the page), the public-interest bodies once per home."""
    talk = conversation.rows_of(conn, [r["uuid"] for r in rows])
    bodies: dict[str, list[dict[str, Any]]] = {}
    out = []
    for row in rows:
        if row["home_id"] not in bodies:
            bodies[row["home_id"]] = [{k: b[k] for k in ("id", "name", "kind")}
                                      for b in conversation.public_interest_bodies(conn, row["home_id"])]
        out.append(_shape(row, talk.get(row["uuid"], []), bodies[row["home_id"]]))
    return out


def opinion(conn: Connection, row: RowMapping) -> dict[str, Any]:
    return opinions(conn, [row])[0]


def _shape(row: RowMapping, talk: list[RowMapping], bodies: list[dict[str, Any]]) -> dict[str, Any]:
    seen = access.view(access.PUBLIC, row)
    assert seen is not None, row["status"]  # the queries above select only what the public may see
    text = seen == access.TEXT
    # a restricted story's conversation is the public-interest bodies' comments
    readable_by = [] if text else bodies
    return {
        "id": row["public_id"], "ref": row["ref"], "homeId": row["home_id"],
        "title": row["title"] or "", "body": row["body"] if text else None,
        "authorRole": row["author_role"] if text else None,
        "tags": conversation.json_list(row["tags_json"]) if text else [],
        "feelings": conversation.json_list(row["feelings_json"]) if text else [],
        "dateOfSubmission": row["created_hour"], "dateOfPublication": row["published_at"] if text else None,
        "status": row["status"], "restrictionReason": None if text else row["reason"],
        "dateOfRestriction": None if text else row["status_at"],
        "readableBy": readable_by,
        "responses": [conversation.public_response(r) for r in talk],
        "authorUpdates": conversation.author_updates(talk) if text else [],
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
