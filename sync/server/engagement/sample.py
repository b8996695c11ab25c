"""A made-up history for the demo profile, so a newcomer sees what the level page will look like."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .assessment import Answers
from .evidence import HomeHistory, ResponseRecord, StoryRecord, measure
from .report import build_report


def sample_level_report(home_name: str = "Demo House", now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(days=365)
    stories = []
    for i in range(14):
        received = since + timedelta(days=20 + i * 24)
        published = received + timedelta(days=3)
        responses = ()
        if i < 11:
            responses = (ResponseRecord(published + timedelta(days=4 + i % 5), "Ann Lee", "home manager",
                                        "We moved tea to three o'clock." if i == 2 else None),)
        stories.append(StoryRecord(received, "kiosk" if i % 3 else "assisted", "published", published,
                                   "lapsed" if i in (4, 9, 12) else "go_ahead", responses))
    history = HomeHistory("demo", home_name, since, now, stories, notices_printed=2)
    report = build_report(measure(history), Answers({"invites_feedback": "yes", "staff_alerts": "no"}),
                          home_id="demo", home_name=home_name, since=since.date().isoformat(),
                          until=now.date().isoformat())
    return report.to_dict()
