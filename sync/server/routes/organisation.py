"""An organisation's key: a provider or a public-interest body (commissioner, regulator,
Healthwatch), each for its own homes. The key's role decides what it sees and may do
(``domain/access.py``): the provider decides and responds; a public-interest body reads restricted
stories, comments on them and responds to published ones - always as its organisation. A story it
may not see answers 404, exactly like a uuid that does not exist."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService, Organisation, Provider, PublicInterest
from ..domain import access, lifecycle
from ..models import (OrgStoryOut, ProviderDecisionIn, ProviderListOut, ResponseCreated, ResponseIn, StatusOut,
                      WhoAmIOut)
from ..queries.homes import all_homes
from ..queries.organisation import STATUSES, org_detail, org_stories, whoami
from ..queries.stories import status_out
from .responses import errors

router = APIRouter(prefix="/v1/organisation")


@router.get("/me", response_model=WhoAmIOut, tags=["provider", "public interest"], responses=errors(401, 403))
def me(who: Organisation, s: LapsedService):
    """The key's organisation and the homes it covers (what ``carekiosk stories`` starts from)."""
    with s.db.read() as conn:
        names = {r["id"]: r["name"] for r in all_homes(conn) if r["id"] in who.home_ids}
    return {"api": API_VERSION, **whoami(who, names)}


@router.get("/stories", response_model=ProviderListOut, tags=["provider", "public interest"],
            responses=errors(401, 403, 422))
def stories(who: Organisation, s: LapsedService,
            status: Optional[Literal[STATUSES]] = Query(None, description="Only this status (default: all you "  # type: ignore[valid-type]
                                                                          "may see)."),
            home_id: Optional[str] = Query(None, max_length=64, description="Only this one of your homes."),
            q: Optional[str] = Query(None, min_length=1, max_length=64,
                                     description="A story reference (4821) or the start of a uuid.")):
    """The stories of your homes you may see, oldest first (a notice only, where you may not read it)."""
    if home_id is not None:
        who.require_home(home_id)
    with s.db.read() as conn:
        found = org_stories(conn, who, status=status, home_ids=[home_id] if home_id else sorted(who.home_ids),
                            match=(q or "").strip() or None)
    return {"api": API_VERSION, "stories": found}


@router.get("/stories/{uuid}", response_model=OrgStoryOut, tags=["provider", "public interest"],
            responses=errors(401, 403, 404))
def story(uuid: str, who: Organisation, s: LapsedService):
    """One story with its conversation (and, for a public-interest body, a restricted story's history)."""
    with s.db.read() as conn:
        return {"api": API_VERSION, "story": org_detail(conn, who, uuid)}


@router.post("/stories/{uuid}/decision", response_model=StatusOut, response_model_exclude_none=True,
             tags=["provider"], responses=errors(401, 403, 404, 409, 422))
def decide(uuid: str, body: ProviderDecisionIn, who: Provider, s: LapsedService):
    """The provider's go ahead or request for review, within 72 hours of the moderator's publish."""
    with s.db.transaction() as conn:
        row, _seen = access.story_for(conn, who, uuid)
        access.require_action(who, row, "decide")
        row = lifecycle.provider_decide(conn, uuid, body.decision, now=s.now(), actor=who.actor)
    return status_out(row)


def _post(uuid: str, body: ResponseIn, who, s, action: str) -> dict:
    with s.db.transaction() as conn:
        row, _seen = access.story_for(conn, who, uuid)
        access.require_action(who, row, action)
        change, description = body.change, body.change_description
        if change is None and body.change_made:
            change, description = "made", body.change_made
        out = lifecycle.add_response(conn, uuid, body=body.body, responder_name=body.responder_name,
                                     responder_role=body.responder_role, now=s.now(), who=who, change=change,
                                     change_description=description, comment=action == "comment")
    return {"api": API_VERSION, "response": out}


@router.post("/stories/{uuid}/responses", response_model=ResponseCreated, status_code=201,
             tags=["provider", "public interest"], responses=errors(401, 403, 404, 409, 422))
def respond(uuid: str, body: ResponseIn, who: Organisation, s: LapsedService):
    """A public response to a published story, as your organisation (optionally flagging a change)."""
    return _post(uuid, body, who, s, "respond")


@router.post("/stories/{uuid}/comments", response_model=ResponseCreated, status_code=201,
             tags=["public interest"], responses=errors(401, 403, 404, 409, 422))
def comment(uuid: str, body: ResponseIn, who: PublicInterest, s: LapsedService):
    """A public-interest body's public comment on a restricted story (shown with its reason)."""
    return _post(uuid, body, who, s, "comment")
