"""``GET /v1/homes/{home_id}/level``: the home's engagement report (issue 7), so the notifier and an
enrolled kiosk can put the level page in the weekly digest without the service's database."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any, Literal, Optional

from fastapi import Depends, FastAPI, Query, Request
from pydantic import BaseModel

from . import API_VERSION, admin
from .auth import Principal
from .errors import not_found


class LevelOut(BaseModel):
    api: Literal["carekiosk/v1"] = API_VERSION
    report: dict[str, Any]


def register(app: FastAPI, service_of, principal, errors) -> None:
    @app.get("/v1/homes/{home_id}/level", response_model=LevelOut, tags=["device", "provider", "moderator"],
             responses=errors(401, 403, 404, 422))
    def home_level(home_id: str, request: Request, who: Principal = Depends(principal),
                   since: Optional[date] = Query(None, description="Start of the period (default: a year ago).")):
        """The indicative level 1–9 with the evidence behind every criterion and the next steps."""
        from .engagement.home_report import report_from

        who.require_home(home_id)
        s = service_of(request)
        s.lapse()
        start = datetime.combine(since, time(), tzinfo=timezone.utc) if since else None
        with s.db.read() as conn:
            if admin.get_home(conn, home_id) is None:
                raise not_found("There is no care home with that id.")
            report = report_from(conn, s.data_dir, home_id, since=start, until=s.now())
        return {"api": API_VERSION, "report": report.to_dict()}
