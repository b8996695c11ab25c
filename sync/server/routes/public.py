"""Anyone: published and restricted stories, Care Opinion v2-like."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService
from ..models import MAX_INT64, OpinionOut, OpinionsOut
from ..queries.public import MAX_TAKE, get_opinion, list_opinions
from .responses import errors

router = APIRouter(prefix="/v1/public/opinions")


@router.get("", response_model=OpinionsOut, tags=["public"], responses=errors(422))
def opinions(s: LapsedService, home_id: Optional[str] = Query(None, max_length=64),
             skip: int = Query(0, ge=0, le=MAX_INT64), take: int = Query(20, ge=1, le=MAX_TAKE)):
    with s.db.read() as conn:
        found, total = list_opinions(conn, home_id=home_id, skip=skip, take=take)
    return {"api": API_VERSION, "opinions": found, "total": total, "skip": skip, "take": take}


@router.get("/{opinion_id}", response_model=OpinionOut, tags=["public"], responses=errors(404))
def opinion(opinion_id: str, s: LapsedService):
    with s.db.read() as conn:
        return {"api": API_VERSION, "opinion": get_opinion(conn, opinion_id)}
