"""Public read of outcomes, shaped like Care Opinion's API v2 opinions (``title``, ``body``,
``authorRole``, ``tags``, ``dateOfPublication``, ``responses``…). Only ``published`` and
``restricted`` stories appear; a restricted one has its reason and no body."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .errors import not_found

PUBLIC_STATUSES = ("published", "restricted")
MAX_TAKE = 100


def opinion(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    published = row["status"] == "published"
    responses = [] if not published else [
        {"id": r["id"], "body": r["body"], "responderName": r["responder_name"],
         "responderRole": r["responder_role"], "changeMade": r["change_made"], "dateOfResponse": r["posted_at"]}
        for r in conn.execute("SELECT * FROM responses WHERE story_uuid = ? ORDER BY posted_at, id", (row["uuid"],))]
    updates = [] if not published else [
        {"id": u["id"], "body": u["body"], "dateOfUpdate": u["posted_at"]}
        for u in conn.execute("SELECT * FROM updates WHERE story_uuid = ? ORDER BY posted_at, id", (row["uuid"],))]
    return {
        "id": row["public_id"], "ref": row["ref"], "homeId": row["home_id"],
        "title": row["title"] or "", "body": row["body"] if published else None,
        "authorRole": row["author_role"] if published else None,
        "tags": json.loads(row["tags_json"]) if published else [],
        "dateOfSubmission": row["created_hour"], "dateOfPublication": row["published_at"] if published else None,
        "status": row["status"], "restrictionReason": None if published else row["reason"],
        "responses": responses, "authorUpdates": updates,
    }


def list_opinions(conn: sqlite3.Connection, *, home_id: str | None, skip: int, take: int) -> tuple[list[dict], int]:
    where = "status IN ('published', 'restricted')" + (" AND home_id = ?" if home_id else "")
    args: tuple = (home_id,) if home_id else ()
    total = conn.execute(f"SELECT COUNT(*) FROM stories WHERE {where}", args).fetchone()[0]
    rows = conn.execute(f"SELECT * FROM stories WHERE {where} ORDER BY COALESCE(published_at, status_at) DESC,"
                        " CAST(public_id AS INTEGER) DESC LIMIT ? OFFSET ?", (*args, take, skip)).fetchall()
    return [opinion(conn, r) for r in rows], total


def get_opinion(conn: sqlite3.Connection, public_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM stories WHERE public_id = ? AND status IN ('published', 'restricted')",
                       (public_id,)).fetchone()
    if row is None:
        raise not_found("There is no public story with that id.")
    return opinion(conn, row)
