"""Quiet hours: no texts between ``start`` and ``end`` local time (default 21:00-08:00); a text due
in that window is held until ``end`` (the morning). Printouts are never held."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def is_quiet(moment: datetime, start: time = time(21), end: time = time(8), tz: str = "Europe/London") -> bool:
    local = moment.astimezone(ZoneInfo(tz)).time()
    if start == end:
        return False
    if start < end:  # e.g. 13:00-14:00
        return start <= local < end
    return local >= start or local < end  # across midnight


def release_time(moment: datetime, start: time = time(21), end: time = time(8), tz: str = "Europe/London") -> datetime:
    """``moment`` itself outside quiet hours, else the next ``end`` (local time, DST-aware)."""
    if not is_quiet(moment, start, end, tz):
        return moment
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=zone)
