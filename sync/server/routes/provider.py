"""The provider's first routes (its own homes only), kept for older clients: stories awaiting its
decision, go ahead or request review within 72 hours, and responses to published stories. They are
the organisation routes (``organisation.py``) for a provider key, under the same access rules: a
story of another home answers 404, as an unknown uuid does."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService, Provider
from ..models import ProviderDecisionIn, ProviderListOut, ResponseCreated, ResponseIn, StatusOut
from ..queries.organisation import org_stories
from . import organisation
from .responses import errors

router = APIRouter(prefix="/v1/provider/stories")


@router.get("", response_model=ProviderListOut, tags=["provider"], responses=errors(401, 403, 422))
def provider_list(who: Provider, s: LapsedService,
                  status: Literal["awaiting_provider", "published", "restricted"] = Query("awaiting_provider"),
                  home_id: Optional[str] = Query(None, max_length=64)):
    if home_id is not None:
        who.require_home(home_id)
    with s.db.read() as conn:
        found = org_stories(conn, who, status=status, home_ids=[home_id] if home_id else sorted(who.home_ids))
    return {"api": API_VERSION, "stories": found}


@router.post("/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True, tags=["provider"],
             responses=errors(401, 403, 404, 409, 422))
def provider_decision(uuid: str, body: ProviderDecisionIn, who: Provider, s: LapsedService):
    return organisation.decide(uuid, body, who, s)


@router.post("/{uuid}/responses", response_model=ResponseCreated, status_code=201, tags=["provider"],
             responses=errors(401, 403, 404, 409, 422))
def provider_response(uuid: str, body: ResponseIn, who: Provider, s: LapsedService):
    return organisation.respond(uuid, body, who, s)
