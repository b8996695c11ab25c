"""Authors' updates waiting to reach the moderation service: sealed on the device like stories, sent
after them by each sync (``sync.runner``) and carried in a USB bundle (``sync.bundle``).

Why a queue of their own: an update is not a story. It takes no story number or reference and is not
in the stories' hash chain, but it is kept the same way: only sealed bytes and their hash are on the
device; only the service's answer for its uuid takes it off the queue; the service deduplicates on
the uuid, so sending one twice is harmless.

The service answers ``accepted`` (held for a moderator), ``duplicate`` (received before), ``refused``
(the reply code did not match: final, the same bytes would be refused again) or, like a story,
``conflict`` / ``invalid``, which hold it here for a person (``carekiosk sync --retry-held``).
"""

from __future__ import annotations

import base64
from typing import Any, Iterable

from . import chain, refs, seal
from .author_update import AuthorUpdate
from .errors import StoreError
from .store import Store, hour_of, iso, utcnow

#: answers that take an update off the queue for good
DONE_RESULTS = ("accepted", "duplicate", "refused")
HELD_RESULTS = ("conflict", "invalid")
RESULTS = DONE_RESULTS + HELD_RESULTS


def add_update(store: Store, update: AuthorUpdate) -> str:
    """Seal and commit one update; returns its uuid."""
    with store.transaction() as c:
        device_id, public_key = c.execute("SELECT device_id, public_key FROM device WHERE id = 1").fetchone()
        if not public_key:
            raise StoreError("This device has no moderation key yet; open it with `carekiosk status` first.")
        update_uuid = refs.new_uuid()
        sealed = seal.seal(seal.update_envelope(update.to_payload(), uuid=update_uuid, device_id=device_id),
                           public_key)
        now = utcnow()
        c.execute("INSERT INTO updates (uuid, device_id, created_hour, size, sealed, payload_sha256, updated_at)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (update_uuid, device_id, hour_of(now), len(sealed), sealed, chain.payload_digest(sealed), iso(now)))
    return update_uuid


def submission(row: dict[str, Any]) -> dict[str, Any]:
    """One update as the service's ``POST /v1/updates`` takes it."""
    return {"uuid": row["uuid"], "device_id": row["device_id"], "created_hour": row["created_hour"],
            "size": row["size"], "payload_sha256": row["payload_sha256"],
            "sealed": base64.b64encode(row["sealed"]).decode("ascii")}


def sendable(store: Store, *, limit: int = 50, include_held: bool = False, after: int = 0) -> list[dict[str, Any]]:
    """This device identity's updates not yet answered for good, oldest first, after the row number
    ``after`` (each row's ``n``: keyset paging inside one run)."""
    held = "" if include_held else " AND (result IS NULL OR result NOT IN ('conflict', 'invalid'))"
    return store.query(
        "SELECT rowid AS n, uuid, device_id, created_hour, size, sealed, payload_sha256 FROM updates"
        " WHERE device_id = (SELECT device_id FROM device WHERE id = 1) AND state IN ('pending', 'sending')"
        f" AND rowid > ?{held} ORDER BY rowid LIMIT ?", [after, limit])


def mark_sending(store: Store, uuids: Iterable[str]) -> None:
    with store.transaction() as c:
        c.executemany("UPDATE updates SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                      " WHERE uuid = ? AND state IN ('pending', 'sending')", [(iso(utcnow()), u) for u in uuids])


def mark_failed(store: Store, uuids: Iterable[str], error: str) -> None:
    with store.transaction() as c:
        c.executemany("UPDATE updates SET state = 'pending', last_error = ?, updated_at = ?"
                      " WHERE uuid = ? AND state IN ('pending', 'sending')",
                      [(error[:500], iso(utcnow()), u) for u in uuids])


def record(store: Store, results: dict[str, tuple[str, str | None]]) -> None:
    """The service's answers, ``{uuid: (result, reason)}``: done ones leave the queue, the rest are held."""
    now = iso(utcnow())
    with store.transaction() as c:
        for update_uuid, (result, reason) in results.items():
            if result in DONE_RESULTS:
                c.execute("UPDATE updates SET state = 'acknowledged', result = ?, last_error = ?, acknowledged_at = ?,"
                          " updated_at = ? WHERE uuid = ? AND state IN ('pending', 'sending')",
                          (result, (reason or None) and reason[:500], now, now, update_uuid))
            else:
                c.execute("UPDATE updates SET state = 'pending', result = ?, last_error = ?, updated_at = ?"
                          " WHERE uuid = ? AND state IN ('pending', 'sending')",
                          (result, (reason or f"the service answered '{result}'")[:500], now, update_uuid))


def summary(store: Store) -> dict[str, int]:
    """``{"pending", "held", "acknowledged", "refused", "not_sent"}`` counts of this device's updates."""
    rows = store.conn.execute(
        "SELECT CASE WHEN state = 'not_sent' THEN 'not_sent'"
        " WHEN state = 'acknowledged' AND result = 'refused' THEN 'refused'"
        " WHEN state = 'acknowledged' THEN 'acknowledged'"
        " WHEN result IN ('conflict', 'invalid') THEN 'held' ELSE 'pending' END, COUNT(*) FROM updates GROUP BY 1"
    ).fetchall()
    out = {"pending": 0, "held": 0, "acknowledged": 0, "refused": 0, "not_sent": 0}
    out.update(dict(rows))
    return out
