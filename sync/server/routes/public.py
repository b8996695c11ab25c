"""Anyone: published and restricted stories, Care Opinion v2-like, and each home's transparency."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import LapsedService
from ..errors import ApiError
from ..models import MAX_INT64, OpinionOut, OpinionsOut, TransparencyOut
from ..queries.public import MAX_TAKE, get_opinion, list_opinions
from ..transparency.report import transparency as transparency_of
from .responses import errors

router = APIRouter(prefix="/v1/public/opinions")
homes_router = APIRouter(prefix="/v1/public/homes")


@homes_router.get("/{home_id}/transparency", response_model=TransparencyOut, tags=["public"],
                  responses=errors(404, 422))
def transparency(home_id: str, s: LapsedService,
                 since: Optional[date] = Query(None, description="Start of the period (default: a year before "
                                                                 "its end)."),
                 until: Optional[date] = Query(None, description="Last day of the period (default: today).")):
    """What became of the stories the home received: published in full, restricted (with reasons),
    reviews and how they ended, lapsed decisions, replies, changes, the last 12 months, and any flags."""
    now = s.now()
    end = min(now, datetime.combine(until, time.max, tzinfo=timezone.utc).replace(microsecond=0)) if until else now
    start = datetime.combine(since, time(), tzinfo=timezone.utc) if since else None
    if start is not None and start > end:
        raise ApiError(422, "The period must start before it ends.")
    if start is not None and end - start > timedelta(days=3660):
        raise ApiError(422, "The period can be at most ten years.")
    with s.db.read() as conn:
        return {"api": API_VERSION, "transparency": transparency_of(conn, home_id, until=end, since=start)}


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
