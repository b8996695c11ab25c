"""Authors' updates told at the kiosk: a device sends them sealed (``POST /v1/updates``); the moderator
lists the held ones and posts or rejects each (``domain.author_updates``)."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import EnrolledDevice, Moderator, ServiceDep
from ..domain import author_updates
from ..models import HeldUpdateDecisionIn, HeldUpdateListOut, HeldUpdateOut, UpdatesIn, UpdatesOut
from .responses import errors

router = APIRouter(prefix="/v1")


@router.post("/updates", response_model=UpdatesOut, response_model_exclude_none=True, tags=["device"],
             responses=errors(401, 403, 413, 422))
def submit_updates(body: UpdatesIn, who: EnrolledDevice, s: ServiceDep):
    """Sealed authors' updates; one result per update (``refused``: its story or reply code does not match)."""
    with s.db.transaction() as conn:
        results = author_updates.receive(conn, who, [u.model_dump() for u in body.updates],
                                         private_key=s.keys.private, now=s.now())
    return {"api": API_VERSION, "results": results}


@router.get("/moderation/updates", response_model=HeldUpdateListOut, tags=["moderator"],
            responses=errors(401, 403, 422))
def held_updates(who: Moderator, s: ServiceDep,
                 status: Optional[Literal["held", "posted", "rejected"]] = Query("held")):
    """Authors' updates, oldest first (by default those still held); the words only while held."""
    with s.db.read() as conn:
        return {"api": API_VERSION, "updates": author_updates.listing(conn, private_key=s.keys.private,
                                                                      status=status)}


@router.post("/moderation/updates/{update_id}", response_model=HeldUpdateOut, tags=["moderator"],
             responses=errors(401, 403, 404, 409, 422))
def decide_update(update_id: str, body: HeldUpdateDecisionIn, who: Moderator, s: ServiceDep):
    """Post a held update under its story as the author's, or reject it."""
    with s.db.transaction() as conn:
        out = author_updates.decide(conn, update_id, body.action, private_key=s.keys.private, now=s.now(),
                                    actor=f"moderator:{who.key_id}")
    return {"api": API_VERSION, "update": out}
