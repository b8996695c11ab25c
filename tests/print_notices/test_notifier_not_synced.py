"""The notifier's "kiosk has not synced for 3 days" rule uses the device's heartbeats: a kiosk
that sends nothing but still reports its health is not silent; one whose last heartbeat is old is."""

from __future__ import annotations

from datetime import datetime, timezone

from print_notices.notifier import rules

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
HOME = {"id": "home_1", "name": "Rose House", "manager_phone": "+447400123456", "language": "en"}


def device(**kw):
    return {"device_id": "dev-1", "enrolled_at": "2026-10-01T09:00:00+00:00", "last_seen_at": None,
            "last_received_at": "2026-11-01T09:00:00+00:00", "health": None, **kw}


def test_a_recent_heartbeat_means_the_kiosk_is_not_silent():
    fresh = device(health={"reported_at": "2026-11-30T11:55:00+00:00", "pending": 0, "last_seq": 4})
    assert rules.not_synced([fresh], HOME, "+447400999888", NOW) == []


def test_an_old_heartbeat_is_the_last_contact_in_the_text():
    stale = device(health={"reported_at": "2026-11-25T08:00:00+00:00", "pending": 2, "last_seq": 6})
    (intent,) = rules.not_synced([stale], HOME, "+447400999888", NOW)
    assert intent.kind == "not_synced" and intent.recipient == "+447400999888"
    assert intent.key.startswith("device:dev-1@2026-11-25T08:00:00")
    assert "25" in intent.body  # the day of the last heartbeat, not of the last story
