"""The provider (its own homes only): stories awaiting its decision, go ahead or request review
within 72 hours, and responses to published stories."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService, Provider
from ..domain import lifecycle
from ..models import ProviderDecisionIn, ProviderListOut, ResponseCreated, ResponseIn, StatusOut
from ..queries.stories import get_story, provider_stories, status_out
from .responses import errors

router = APIRouter(prefix="/v1/provider/stories")


@router.get("", response_model=ProviderListOut, tags=["provider"], responses=errors(401, 403, 422))
def provider_list(who: Provider, s: LapsedService,
                  status: Literal["awaiting_provider", "published", "restricted"] = Query("awaiting_provider"),
                  home_id: Optional[str] = Query(None, max_length=64)):
    if home_id is not None:
        who.require_home(home_id)
    with s.db.read() as conn:
        found = provider_stories(conn, status, [home_id] if home_id else sorted(who.home_ids))
    return {"api": API_VERSION, "stories": found}


@router.post("/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True, tags=["provider"],
             responses=errors(401, 403, 404, 409, 422))
def provider_decision(uuid: str, body: ProviderDecisionIn, who: Provider, s: LapsedService):
    with s.db.transaction() as conn:
        who.require_home(get_story(conn, uuid)["home_id"])
        row = lifecycle.provider_decide(conn, uuid, body.decision, now=s.now(), actor=f"provider:{who.key_id}")
    return status_out(row)


@router.post("/{uuid}/responses", response_model=ResponseCreated, status_code=201, tags=["provider"],
             responses=errors(401, 403, 404, 409, 422))
def provider_response(uuid: str, body: ResponseIn, who: Provider, s: LapsedService):
    with s.db.transaction() as conn:
        who.require_home(get_story(conn, uuid)["home_id"])
        out = lifecycle.add_response(conn, uuid, body=body.body, responder_name=body.responder_name,
                                     responder_role=body.responder_role, change_made=body.change_made,
                                     now=s.now(), key_id=who.key_id)
    return {"api": API_VERSION, "response": {"id": out["response_id"], "story_id": out["story_id"],
                                             "body": out["body"], "responder_name": out["responder_name"],
                                             "responder_role": out["responder_role"],
                                             "change_made": out["change_made"], "posted_at": out["posted_at"]}}
