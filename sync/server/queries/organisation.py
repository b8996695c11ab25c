"""Stories as an organisation's key sees them (a provider, a commissioner, a regulator, Healthwatch):
what :func:`..domain.access.view` allows and nothing more, in one shape for the list, the detail
and the ``carekiosk stories`` commands."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy.engine import Connection, RowMapping

from sync.conversation import criticality_label

from ..domain import access
from ..domain.auth import Principal
from . import conversation
from .stories import history_of, stories_of_homes

#: the statuses an organisation may ask for by name (each still filtered by what its role sees)
STATUSES = ("received", "in_moderation", "awaiting_provider", "published", "restricted", "rejected", "withheld_safeguarding")


def org_story(conn: Connection, row: RowMapping, who: Principal, seen: str, *, detail: bool = False) -> dict[str, Any]:
    text = seen == access.TEXT
    restricted = row["status"] == "restricted"
    out: dict[str, Any] = {
        "uuid": row["uuid"], "ref": row["ref"], "home_id": row["home_id"], "status": row["status"],
        "view": seen, "story_id": row["public_id"], "criticality": row["criticality"],
        "criticality_label": criticality_label(row["criticality"]) or None,
        "review_requested": bool(row["review_requested"]), "received_at": row["received_at"],
        "decision_deadline": row["decision_deadline"] if row["status"] == "awaiting_provider" else None,
        "published_at": row["published_at"],
        # a restricted story's title is the moderator's public one, never the writer's words
        "title": row["title"] if text or restricted else None,
        "body": row["body"] if text else None,
        "author_role": row["author_role"] if text else None,
        "tags": conversation.json_list(row["tags_json"]) if text else [],
        "feelings": conversation.json_list(row["feelings_json"]) if text else [],
        "reason": row["reason"] if restricted else None,
    }
    if detail:
        talk = conversation.rows(conn, row["uuid"]) if (text or restricted) else []
        out["responses"] = [conversation.response_out(r, row["public_id"]) for r in talk]
        out["readable_by"] = ([{k: b[k] for k in ("id", "name", "kind")}
                               for b in conversation.public_interest_bodies(conn, row["home_id"])]
                              if restricted else [])
        out["history"] = ([{**h, "actor": h["actor"].split(":", 1)[0]} for h in history_of(conn, row["uuid"])]
                          if access.sees_history(who.role, row) else [])
    return out


def org_stories(conn: Connection, who: Principal, *, status: str | None, home_ids: Iterable[str],
                match: str | None = None) -> list[dict[str, Any]]:
    """The stories of these homes that ``who`` may see (oldest first), of one status or all."""
    found = []
    for row in stories_of_homes(conn, home_ids, statuses=[status] if status else None, match=match):
        seen = access.visible(who, row)
        if seen is not None:
            found.append(org_story(conn, row, who, seen))
    return found


def org_detail(conn: Connection, who: Principal, uuid: str) -> dict[str, Any]:
    row, seen = access.story_for(conn, who, uuid)
    return org_story(conn, row, who, seen, detail=True)


def whoami(who: Principal, home_names: dict[str, str]) -> dict[str, Any]:
    return {"role": who.role, "key_id": who.key_id,
            "organisation": ({"id": who.org_id, "name": who.org_name, "kind": who.org_kind} if who.org_id else None),
            "homes": [{"id": h, "name": home_names.get(h, "")} for h in sorted(who.home_ids)]}
