"""The moderator: every story (no text), one story decrypted with its history, decisions, and
author updates posted on the writer's behalf."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService, Moderator, ServiceDep
from ..domain import lifecycle
from ..models import DecisionIn, ModerationListOut, ModerationStoryOut, StatusOut, UpdateCreated, UpdateIn
from ..queries.stories import moderation_detail, moderation_items, status_out
from .responses import errors

router = APIRouter(prefix="/v1/moderation/stories")


@router.get("", response_model=ModerationListOut, tags=["moderator"], responses=errors(401, 403, 422))
def moderation_list(who: Moderator, s: LapsedService,
                    status: Optional[Literal[lifecycle.STATUSES]] = Query(None),  # type: ignore[valid-type]
                    home_id: Optional[str] = Query(None, max_length=64)):
    with s.db.read() as conn:
        return {"api": API_VERSION, "stories": moderation_items(conn, status=status, home_id=home_id,
                                                                private_key=s.keys.private)}


@router.get("/{uuid}", response_model=ModerationStoryOut, tags=["moderator"], responses=errors(401, 403, 404))
def moderation_story(uuid: str, who: Moderator, s: LapsedService):
    with s.db.transaction() as conn:
        lifecycle.open_for_moderation(conn, uuid, now=s.now(), actor=f"moderator:{who.key_id}")
        return {"api": API_VERSION, "story": moderation_detail(conn, uuid, s.keys.private)}


@router.post("/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True, tags=["moderator"],
             responses=errors(401, 403, 404, 409, 422))
def moderation_decision(uuid: str, body: DecisionIn, who: Moderator, s: ServiceDep):
    with s.db.transaction() as conn:
        row = lifecycle.moderate(conn, uuid, body.action, private_key=s.keys.private, now=s.now(),
                                 actor=f"moderator:{who.key_id}", reason=body.reason, level=body.level,
                                 title=body.title, body=body.body, criticality=body.criticality)
    return status_out(row)


@router.post("/{uuid}/updates", response_model=UpdateCreated, status_code=201, tags=["moderator"],
             responses=errors(401, 403, 404, 409, 422))
def author_update(uuid: str, body: UpdateIn, who: Moderator, s: LapsedService):
    with s.db.transaction() as conn:
        out = lifecycle.add_update(conn, uuid, body=body.body, now=s.now(), actor=f"moderator:{who.key_id}")
    return {"api": API_VERSION, "update": {"id": out["update_id"], "story_id": out["story_id"],
                                           "body": out["body"], "posted_at": out["posted_at"]}}
