"""One home's transparency report: what ``GET /v1/public/homes/{id}/transparency`` answers and what
``carekiosk print transparency``, the weekly digest's line, the level report and the notifier's
alerts read. Public by design: counts, dates, references, restricted stories' public reasons -
no story words, no names, no criticality."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..errors import not_found
from ..queries.conversation import public_interest_bodies
from ..queries.homes import get_home
from ..schema import stories
from .figures import Figures
from .records import story_facts, typical_counts

DEFAULT_PERIOD = timedelta(days=365)
#: the chart always covers the twelve months up to the end of the period (a little more, to reach
#: the first day of the first month)
CHART_SPAN = timedelta(days=372)


def transparency(conn: Connection, home_id: str, *, until: datetime, since: datetime | None = None) -> dict[str, Any]:
    home = get_home(conn, home_id)
    if home is None:
        raise not_found("There is no care home with that id.")
    since = since or until - DEFAULT_PERIOD
    if since > until:
        since = until
    chart_from = min(since, until - CHART_SPAN)
    everything = story_facts(conn, home_id, since=chart_from, until=until)
    figures = Figures(since=since, until=until, stories=[s for s in everything if s.received_at >= since],
                      chart_stories=everything, typical=typical_counts(conn, home_id, since=since, until=until))
    bodies = [{"id": b["id"], "name": b["name"], "kind": b["kind"]} for b in public_interest_bodies(conn, home_id)]
    awaiting = conn.execute(select(func.count()).select_from(stories).where(
        stories.c.home_id == home_id, stories.c.status == "awaiting_provider")).scalar_one()
    return {"home": {"id": home["id"], "name": home["name"], "language": home["language"]},
            "public_interest_bodies": bodies, "awaiting_provider": awaiting, **figures.to_dict()}
