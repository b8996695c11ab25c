"""The moderator's queue of replies sent by text (``REPLY 4821 …``): list, then post or reject each.
Posting makes the reply the home's public response (``domain.held_responses``)."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import Moderator, ServiceDep
from ..domain import held_responses
from ..models import HeldReplyDecisionIn, HeldReplyListOut, HeldReplyOut
from .responses import errors

router = APIRouter(prefix="/v1/moderation/replies")


@router.get("", response_model=HeldReplyListOut, tags=["moderator"], responses=errors(401, 403, 422))
def held_list(who: Moderator, s: ServiceDep,
              status: Optional[Literal["held", "posted", "rejected"]] = Query("held")):
    """Replies sent by text, oldest first (by default those still held)."""
    with s.db.read() as conn:
        return {"api": API_VERSION, "replies": held_responses.listing(conn, status=status)}


@router.post("/{held_id}", response_model=HeldReplyOut, tags=["moderator"],
             responses=errors(401, 403, 404, 409, 422))
def held_decide(held_id: str, body: HeldReplyDecisionIn, who: Moderator, s: ServiceDep):
    """Post a held reply as the home's response (the manager is then texted), or reject it."""
    with s.db.transaction() as conn:
        out = held_responses.decide(conn, held_id, body.action, now=s.now(), actor=f"moderator:{who.key_id}")
    return {"api": API_VERSION, "reply": out}
