"""Public read of outcomes, shaped like Care Opinion's API v2 opinions (``title``, ``body``,
``authorRole``, ``tags``, ``dateOfPublication``, ``responses``…). Only ``published`` and
``restricted`` stories appear; a restricted one has its reason and no body."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.engine import Connection, RowMapping

from ..errors import not_found
from ..schema import responses, stories, updates

PUBLIC_STATUSES = ("published", "restricted")
MAX_TAKE = 100


def opinion(conn: Connection, row: RowMapping) -> dict[str, Any]:
    published = row["status"] == "published"
    replies = [] if not published else [
        {"id": r["id"], "body": r["body"], "responderName": r["responder_name"],
         "responderRole": r["responder_role"], "changeMade": r["change_made"], "dateOfResponse": r["posted_at"]}
        for r in conn.execute(select(responses).where(responses.c.story_uuid == row["uuid"])
                              .order_by(responses.c.posted_at, responses.c.id)).mappings()]
    added = [] if not published else [
        {"id": u["id"], "body": u["body"], "dateOfUpdate": u["posted_at"]}
        for u in conn.execute(select(updates).where(updates.c.story_uuid == row["uuid"])
                              .order_by(updates.c.posted_at, updates.c.id)).mappings()]
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
    where = [stories.c.status.in_(PUBLIC_STATUSES)]
    if home_id:
        where.append(stories.c.home_id == home_id)
    total = conn.execute(select(func.count()).select_from(stories).where(*where)).scalar_one()
    rows = conn.execute(select(stories).where(*where)
                        .order_by(func.coalesce(stories.c.published_at, stories.c.status_at).desc(),
                                  cast(stories.c.public_id, Integer).desc())
                        .limit(take).offset(skip)).mappings().all()
    return [opinion(conn, r) for r in rows], total


def get_opinion(conn: Connection, public_id: str) -> dict[str, Any]:
    row = conn.execute(select(stories).where(stories.c.public_id == public_id,
                                             stories.c.status.in_(PUBLIC_STATUSES))).mappings().first()
    if row is None:
        raise not_found("There is no public story with that id.")
    return opinion(conn, row)
