"""What the sync runner needs from the device store beyond :class:`sync.store.Store`'s own methods:
choosing the next batch, holding stories the service answered ``conflict``/``invalid`` for a
person to look at, and applying the public event feed to ``outcomes``/``published``/``responses``.

Held stories: a story the service answered ``conflict`` or ``invalid`` for keeps ``state =
'pending'`` (it has not left the device, and it still counts as pending in ``carekiosk status``),
with ``result`` set to the answer and ``last_error`` to the service's reason. Sync does not send it
again on its own (the same bytes would get the same answer); ``carekiosk sync --retry-held`` does,
and ``carekiosk export`` always includes it so it can travel with the others.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .store import Store, iso, utcnow

HELD_RESULTS = ("conflict", "invalid")

#: event type -> the story status it records in ``outcomes``
EVENT_STATUS = {
    "story_received": "received",
    "awaiting_provider": "awaiting_provider",
    "published": "published",
    "restricted": "restricted",
    "rejected": "rejected",
    "withheld": "withheld",
}


def sendable(store: Store, *, limit: int, after_seq: int = 0, include_held: bool = False) -> list[dict[str, Any]]:
    """The next stories to send, oldest first, after ``after_seq`` (keyset paging inside one run)."""
    held = "" if include_held else " AND (o.result IS NULL OR o.result NOT IN ('conflict', 'invalid'))"
    return store.query(
        "SELECT s.uuid, s.seq, s.device_id, s.ref, s.created_hour, s.route, s.size, s.sealed,"
        " s.payload_sha256, s.prev_hash, s.chain_hash, o.attempts FROM stories s JOIN outbox o USING (uuid)"
        f" WHERE s.device_id = (SELECT device_id FROM device WHERE id = 1) AND o.state IN ('pending', 'sending') AND s.seq > ?{held} ORDER BY s.seq LIMIT ?", [after_seq, limit])


def count_sendable(store: Store, *, include_held: bool = False) -> int:
    held = "" if include_held else " AND (result IS NULL OR result NOT IN ('conflict', 'invalid'))"
    return store.conn.execute(f"SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending'){held}").fetchone()[0]


def record_outbox_problem(store: Store, results: dict[str, tuple[str, str | None]]) -> None:
    """Hold stories the service answered ``conflict``/``invalid`` for: ``{uuid: (result, reason)}``."""
    now = iso(utcnow())
    with store.transaction() as c:
        c.executemany(
            "UPDATE outbox SET state = 'pending', result = ?, last_error = ?, updated_at = ?"
            " WHERE uuid = ? AND state IN ('pending', 'sending')",
            [(result, (reason or f"the service answered '{result}'")[:500], now, u)
             for u, (result, reason) in results.items()])


def held(store: Store) -> list[dict[str, Any]]:
    """Stories waiting for a person: ``[{uuid, seq, ref, result, last_error}]``."""
    return store.query(
        "SELECT s.uuid, s.seq, s.ref, o.result, o.last_error FROM stories s JOIN outbox o USING (uuid)"
        " WHERE o.state IN ('pending', 'sending') AND o.result IN ('conflict', 'invalid') ORDER BY s.seq")


def outbox_summary(store: Store) -> dict[str, int]:
    """``{"pending": n, "held": n, "acknowledged": n, "not_sent": n}``; ``pending`` excludes held stories,
    ``not_sent`` are demo stories set aside at enrolment."""
    rows = store.conn.execute(
        "SELECT CASE WHEN state IN ('acknowledged', 'not_sent') THEN state"
        " WHEN result IN ('conflict', 'invalid') THEN 'held' ELSE 'pending' END, COUNT(*) FROM outbox GROUP BY 1"
    ).fetchall()
    out = {"pending": 0, "held": 0, "acknowledged": 0, "not_sent": 0}
    out.update(dict(rows))
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def apply_events(store: Store, events: Iterable[dict[str, Any]], next_cursor: str | None) -> dict[str, int]:
    """Record a page of events and advance the cursor in ONE transaction, so a killed sync either
    applied a page and moved past it, or did neither. Idempotent: upserts keyed on ids."""
    counts = {"events": 0, "integrity_problems": 0}
    now = iso(utcnow())
    with store.transaction() as c:
        for ev in events:
            if not isinstance(ev, dict):
                continue
            counts["events"] += 1
            kind = ev.get("type")
            data = ev.get("data") if isinstance(ev.get("data"), dict) else {}
            story_uuid = ev.get("story_uuid")
            ref = ev.get("ref")
            at = _text(ev.get("at")) or now
            if kind == "integrity_problem":
                counts["integrity_problems"] += 1
                continue
            status = EVENT_STATUS.get(kind)
            if story_uuid and status:
                reason = _text(data.get("reason")) if kind in ("restricted", "rejected") else None
                c.execute(
                    "INSERT INTO outcomes (uuid, ref, status, public_reason, updated_at) VALUES (?,?,?,?,?)"
                    " ON CONFLICT(uuid) DO UPDATE SET ref = COALESCE(excluded.ref, outcomes.ref),"
                    " status = excluded.status, public_reason = excluded.public_reason,"
                    " updated_at = excluded.updated_at",
                    (story_uuid, ref, status, reason, at))
            if kind == "published" and data.get("story_id") is not None:
                c.execute(
                    "INSERT INTO published (story_id, uuid, ref, title, body, author_role, tags_json, status,"
                    " public_reason, published_at) VALUES (?,?,?,?,?,?,?,'published',NULL,?)"
                    " ON CONFLICT(story_id) DO UPDATE SET uuid = excluded.uuid, ref = excluded.ref,"
                    " title = excluded.title, body = excluded.body, author_role = excluded.author_role,"
                    " tags_json = excluded.tags_json, status = 'published', public_reason = NULL,"
                    " published_at = excluded.published_at",
                    (str(data["story_id"]), story_uuid, ref, _text(data.get("title")) or "",
                     _text(data.get("body")) or "", _text(data.get("authorRole")),
                     json.dumps(data.get("tags") or []), _text(data.get("dateOfPublication")) or at))
            elif kind == "restricted" and story_uuid:
                # A restricted story is public only as its reason (and the public-interest bodies'
                # comments, which name it by its public id): drop any text we held for it.
                c.execute("UPDATE published SET status = 'restricted', body = '', public_reason = ?"
                          " WHERE uuid = ?", (_text(data.get("reason")), story_uuid))
                if data.get("story_id") is not None:
                    c.execute(
                        "INSERT INTO published (story_id, uuid, ref, title, body, author_role, tags_json, status,"
                        " public_reason, published_at) VALUES (?,?,?,?,'',NULL,'[]','restricted',?,?)"
                        " ON CONFLICT(story_id) DO UPDATE SET status = 'restricted', body = '',"
                        " public_reason = excluded.public_reason",
                        (str(data["story_id"]), story_uuid, ref, _text(data.get("title")) or "",
                         _text(data.get("reason")), at))
            elif kind in ("rejected", "withheld") and story_uuid:
                c.execute("DELETE FROM responses WHERE story_id IN (SELECT story_id FROM published WHERE uuid = ?)",
                          (story_uuid,))
                c.execute("DELETE FROM published WHERE uuid = ?", (story_uuid,))
            elif kind in ("response_posted", "comment_posted") and data.get("response_id") is not None:
                # Every voice is kept with who spoke (a comment is a public-interest body's, on a
                # restricted story); the change's words whether it is planned or made.
                org = data.get("organisation") if isinstance(data.get("organisation"), dict) else {}
                change = data.get("change") if data.get("change") in ("planned", "made") else None
                words = data.get("change_description") if "change_description" in data else data.get("change_made")
                c.execute(
                    "INSERT INTO responses (response_id, story_id, body, responder_name, responder_role,"
                    " change_made, posted_at, organisation, responder_kind, change) VALUES (?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(response_id) DO UPDATE SET story_id = excluded.story_id, body = excluded.body,"
                    " responder_name = excluded.responder_name, responder_role = excluded.responder_role,"
                    " change_made = excluded.change_made, posted_at = excluded.posted_at,"
                    " organisation = excluded.organisation, responder_kind = excluded.responder_kind,"
                    " change = excluded.change",
                    (str(data["response_id"]), str(data.get("story_id") or ""), _text(data.get("body")) or "",
                     _text(data.get("responder_name")), _text(data.get("responder_role")),
                     _text(words), _text(data.get("posted_at")) or at, _text(org.get("name")),
                     _text(data.get("responder_kind")), change or ("made" if _text(words) else None)))
            elif kind == "author_update" and data.get("update_id") is not None:
                # The author's own words, moderated, under their story (the kiosk's "Your update").
                c.execute(
                    "INSERT INTO responses (response_id, story_id, body, responder_name, responder_role,"
                    " change_made, posted_at, organisation, responder_kind, change)"
                    " VALUES (?,?,?,NULL,NULL,NULL,?,NULL,'author',NULL)"
                    " ON CONFLICT(response_id) DO UPDATE SET story_id = excluded.story_id, body = excluded.body,"
                    " posted_at = excluded.posted_at, responder_kind = 'author'",
                    (str(data["update_id"]), str(data.get("story_id") or ""), _text(data.get("body")) or "",
                     _text(data.get("posted_at")) or at))
        if next_cursor is not None:
            c.execute("UPDATE device SET events_cursor = ? WHERE id = 1", (str(next_cursor),))
    return counts
