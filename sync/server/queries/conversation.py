"""A story's conversation: every response in the order it was posted, each with the organisation
(and its kind) that spoke, the person's name and role, and any change it flags. One read, three
shapes: the service's own (snake_case, for keys), the public Care-Opinion-v2-like one, and the
author's updates as the public API listed them before responses had kinds."""

from __future__ import annotations

import json
from typing import Any, Iterable

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection, RowMapping

from ..schema import organisation_homes, organisations, responses

_with_org = (select(responses, organisations.c.name.label("org_name"))
             .select_from(responses.outerjoin(organisations, organisations.c.id == responses.c.org_id)))
#: the order they were posted in (``seq``), then by time and id for any row without one
_ORDER = (func.coalesce(responses.c.seq, 0), responses.c.posted_at, func.length(responses.c.id), responses.c.id)
_OF_STORY = _with_org.where(responses.c.story_uuid == bindparam("uuid")).order_by(*_ORDER)
_OF_STORIES = (_with_org.where(responses.c.story_uuid.in_(bindparam("uuids", expanding=True)))
               .order_by(responses.c.story_uuid, *_ORDER))
_BY_ID = _with_org.where(responses.c.id == bindparam("id"))
_PUBLIC_INTEREST = (select(organisations.c.id, organisations.c.name, organisations.c.kind, organisations.c.phone)
                    .join(organisation_homes, organisation_homes.c.org_id == organisations.c.id)
                    .where(organisation_homes.c.home_id == bindparam("home_id"),
                           organisations.c.kind.in_(("commissioner", "regulator", "healthwatch")))
                    .order_by(organisations.c.kind, organisations.c.name, organisations.c.id))


def rows(conn: Connection, uuid: str) -> list[RowMapping]:
    return list(conn.execute(_OF_STORY, {"uuid": uuid}).mappings())


def rows_of(conn: Connection, uuids: list[str]) -> dict[str, list[RowMapping]]:
    """Several stories' conversations in one query (a public page), by story uuid."""
    found: dict[str, list[RowMapping]] = {}
    if uuids:
        for r in conn.execute(_OF_STORIES, {"uuids": uuids}).mappings():
            found.setdefault(r["story_uuid"], []).append(r)
    return found


def get_response(conn: Connection, response_id: str) -> RowMapping:
    return conn.execute(_BY_ID, {"id": response_id}).mappings().one()


def organisation_of(r: RowMapping) -> dict[str, Any] | None:
    if r["org_id"] is None:
        return None
    return {"id": r["org_id"], "name": r["org_name"] or "", "kind": r["responder_kind"]}


def response_out(r: RowMapping, story_id: str | None) -> dict[str, Any]:
    """The service's shape (keys, commands, events)."""
    return {"id": r["id"], "story_id": story_id, "body": r["body"], "responder_name": r["responder_name"],
            "responder_role": r["responder_role"], "responder_kind": r["responder_kind"],
            "organisation": organisation_of(r), "change": r["change"], "change_description": r["change_made"],
            "change_made": r["change_made"] if r["change"] == "made" else None, "posted_at": r["posted_at"]}


def public_response(r: RowMapping) -> dict[str, Any]:
    """Care Opinion v2-like: who responded (person, role, organisation and its kind) and any change."""
    return {"id": r["id"], "body": r["body"], "responderName": r["responder_name"],
            "responderRole": r["responder_role"], "responderKind": r["responder_kind"],
            "responderOrganisation": organisation_of(r), "change": r["change"],
            "changeDescription": r["change_made"], "changeMade": r["change_made"] if r["change"] == "made" else None,
            "dateOfResponse": r["posted_at"]}


def author_updates(found: Iterable[RowMapping]) -> list[dict[str, Any]]:
    """The author's responses as ``authorUpdates`` (the shape before responses had kinds)."""
    return [{"id": r["id"], "body": r["body"], "dateOfUpdate": r["posted_at"]}
            for r in found if r["responder_kind"] == "author"]


def public_interest_bodies(conn: Connection, home_id: str) -> list[dict[str, Any]]:
    """The commissioners, regulators and Healthwatch that cover the home (with their alert numbers)."""
    return [dict(r) for r in conn.execute(_PUBLIC_INTEREST, {"home_id": home_id}).mappings()]


def json_list(text: str | None) -> list[str]:
    try:
        found = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(x) for x in found] if isinstance(found, list) else []
