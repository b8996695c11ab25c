"""Care homes: the list and one home in full (for its provider and public-interest bodies, the
moderator and the notifier), the home's event feed, the notices shared for it, and its engagement level."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Optional

from fastapi import APIRouter, Query

from .. import API_VERSION
from ..deps import HomeReader, LapsedService, PrincipalDep, ProviderOrDevice, ServiceDep
from ..domain import access, events
from ..domain.shares import record_share
from ..engagement.home_report import report_from
from ..errors import not_found
from ..models import MAX_INT64, EventsOut, HomeDetailOut, HomesOut, LevelOut, ShareCreated, ShareIn, SharesOut
from ..queries.homes import all_homes, exists, get_home, home_full
from ..queries.shares import list_shares as shares_of
from .responses import errors

router = APIRouter(prefix="/v1/homes")


def _require_exists(conn, home_id: str) -> None:
    if not exists(conn, home_id):
        raise not_found("There is no care home with that id.")


@router.get("", response_model=HomesOut, tags=["moderator", "provider", "public interest"],
            responses=errors(401, 403))
def homes(who: HomeReader, s: ServiceDep):
    with s.db.read() as conn:
        return {"api": API_VERSION,
                "homes": [home_full(conn, r) for r in all_homes(conn) if who.can_see_home(r["id"])]}


@router.get("/{home_id}", response_model=HomeDetailOut, tags=["provider", "public interest", "moderator"],
            responses=errors(401, 403, 404))
def home_detail(home_id: str, who: HomeReader, s: ServiceDep):
    who.require_home(home_id)
    with s.db.read() as conn:
        row = get_home(conn, home_id)
        if row is None:
            raise not_found("There is no care home with that id.")
        return {"api": API_VERSION, "home": home_full(conn, row)}


@router.get("/{home_id}/events", response_model=EventsOut,
            tags=["device", "provider", "public interest", "moderator"], responses=errors(401, 403, 404, 422))
def home_events(home_id: str, who: PrincipalDep, s: LapsedService,
                after: int = Query(0, ge=0, le=MAX_INT64,
                                   description="The last cursor you have seen (0: from the start)."),
                limit: int = Query(events.DEFAULT_LIMIT, ge=1, le=events.MAX_LIMIT)):
    who.require_home(home_id)
    with s.db.read() as conn:
        _require_exists(conn, home_id)
        found, cursor = events.feed(conn, home_id, after=after, limit=limit)
    return {"api": API_VERSION, "events": [access.event_for(who.role, e) for e in found], "next_cursor": cursor}


@router.post("/{home_id}/shares", response_model=ShareCreated, status_code=201, tags=["provider", "device"],
             responses=errors(401, 403, 404, 422))
def add_share(home_id: str, body: ShareIn, who: ProviderOrDevice, s: ServiceDep):
    """Record that a notice was printed or shared (for the engagement report)."""
    who.require_home(home_id)
    with s.db.transaction() as conn:
        _require_exists(conn, home_id)
        share = record_share(conn, home_id, kind=body.kind, ref=body.ref, now=s.now(),
                             actor=f"{who.role}:{who.device_id or who.key_id}")
    return {"api": API_VERSION, "share": share}


@router.get("/{home_id}/shares", response_model=SharesOut, tags=["provider", "public interest", "moderator"],
            responses=errors(401, 403, 404))
def list_shares(home_id: str, who: HomeReader, s: ServiceDep):
    who.require_home(home_id)
    with s.db.read() as conn:
        _require_exists(conn, home_id)
        return {"api": API_VERSION, "shares": shares_of(conn, home_id)}


@router.get("/{home_id}/level", response_model=LevelOut,
            tags=["device", "provider", "public interest", "moderator"],
            responses=errors(401, 403, 404, 422))
def home_level(home_id: str, who: PrincipalDep, s: LapsedService,
               since: Optional[date] = Query(None, description="Start of the period (default: a year ago).")):
    """The indicative level 1–9 with the evidence behind every criterion and the next steps."""
    who.require_home(home_id)
    start = datetime.combine(since, time(), tzinfo=timezone.utc) if since else None
    with s.db.read() as conn:
        _require_exists(conn, home_id)
        report = report_from(conn, s.data_dir, home_id, since=start, until=s.now())
    return {"api": API_VERSION, "report": report.to_dict()}
