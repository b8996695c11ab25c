"""Public read of outcomes, shaped like Care Opinion's API v2 opinions (``title``, ``body``,
``authorRole``, ``tags``, ``dateOfPublication``, ``responses``…). Only ``published`` and
``restricted`` stories appear (``domain/access.py``: the public's view); a restricted one has its
reason, the public-interest bodies that can read it and their public comments, and no body.
Every response names the organisation that spoke and its kind. Criticality is never here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, bindparam, cast, func, select
from sqlalchemy.engine import Connection, RowMapping

from ..domain import access
from ..errors import not_found
from ..schema import stories
from . import conversation

PUBLIC_STATUSES = ("published", "restricted")
MAX_TAKE = 100

# Built once (anyone may call these, as often as they like).
_public = stories.c.status.in_(PUBLIC_STATUSES)
_of_home = stories.c.home_id == bindparam("home_id")
_newest_first = (func.coalesce(stories.c.published_at, stories.c.status_at).desc(),
                 cast(stories.c.public_id, Integer).desc())
_COUNT = {False: select(func.count()).select_from(stories).where(_public),
          True: select(func.count()).select_from(stories).where(_public, _of_home)}
_PAGE = {by_home: select(stories).where(_public, *([_of_home] if by_home else [])).order_by(*_newest_first)
         .limit(bindparam("take")).offset(bindparam("skip")) for by_home in (False, True)}
_BY_ID = select(stories).where(stories.c.public_id == bindparam("public_id"), _public)


def opinion(conn: Connection, row: RowMapping) -> dict[str, Any]:
    seen = access.view(access.PUBLIC, row)
    assert seen is not None, row["status"]  # the queries above select only what the public may see
    text = seen == access.TEXT
    talk = conversation.rows(conn, row["uuid"])  # a restricted story's are public-interest bodies' comments
    readable_by = [] if text else [{k: b[k] for k in ("id", "name", "kind")}
                                   for b in conversation.public_interest_bodies(conn, row["home_id"])]
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
    rows = conn.execute(_PAGE[by_home], {"home_id": home_id, "take": take, "skip": skip}).mappings().all()
    return [opinion(conn, r) for r in rows], total


def get_opinion(conn: Connection, public_id: str) -> dict[str, Any]:
    row = conn.execute(_BY_ID, {"public_id": public_id}).mappings().first()
    if row is None:
        raise not_found("There is no public story with that id.")
    return opinion(conn, row)
