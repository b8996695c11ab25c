"""Authors' updates told at the kiosk (``POST /v1/updates``): checked against the reply code sealed in
the story, held sealed for a moderator, then posted under the story as the author's.

Why it works this way:
- **Only the author.** The kiosk cannot check the reply code (it cannot read stories); the service
  can: it opens the story and compares the code inside with the one the update carries
  (:func:`sync.reply_code.same`). A story in another home, one that is not published, a wrong code, or
  more than :data:`sync.reply_code.MAX_WRONG` wrong codes for the story: ``refused``, one reason for
  all of them, so an answer says nothing about which stories exist.
- **Exactly once.** The update's uuid is its identity: the same bytes again are ``duplicate``, other
  bytes under the same uuid ``conflict``, as for stories (``domain.submissions``).
- **Sealed until moderated**, like a story: the row keeps the sealed bytes; the words are opened only
  for the moderator (:func:`listing`, :func:`get`) and when posted (:func:`post`, through
  :func:`lifecycle.add_update`, which makes it a response of kind ``author`` with its own event, so
  the kiosk and the public pages show it under the story).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from sync import reply_code
from sync.author_update import KIND, validate_update
from sync.errors import StoryError, UserError
from sync.seal import unseal

from .. import envelopes
from ..clock import iso
from ..errors import ApiError, conflict, not_found
from ..schema import author_updates, stories
from . import lifecycle
from .auth import Principal

#: sealed updates are a few thousand characters at most (sync.author_update.MAX_UPDATE_CHARS)
MAX_SEALED_UPDATE = 32 * 1024
REFUSED = "The update was not taken: its story or reply code does not match a published story of this home."
STATUSES = ("held", "posted", "rejected", "refused")


class _Invalid(Exception):
    pass


def _open(item: Mapping[str, Any], principal: Principal, private_key: str) -> tuple[bytes, str, dict[str, Any]]:
    """(sealed bytes, their sha256, the opened update), or _Invalid(reason)."""
    if item["device_id"] != principal.device_id:
        raise _Invalid("This update belongs to another device.")
    try:
        sealed = base64.b64decode(item["sealed"].encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise _Invalid("The sealed update is not valid base64.") from None
    if len(sealed) > MAX_SEALED_UPDATE:
        raise _Invalid("The sealed update is larger than 32 KB.")
    if len(sealed) != item["size"]:
        raise _Invalid("The size does not match the sealed update.")
    digest = hashlib.sha256(sealed).hexdigest()
    if digest != item["payload_sha256"].lower():
        raise _Invalid("The payload hash does not match the sealed update.")
    try:
        envelope = unseal(sealed, private_key)
    except UserError:
        raise _Invalid("The update was not sealed to this service's key, or it is damaged.") from None
    except (ValueError, UnicodeDecodeError):
        raise _Invalid("The sealed update is not valid JSON, or it is nested too deeply.") from None
    if (not isinstance(envelope, Mapping) or envelope.get("kind") != KIND
            or (envelope.get("uuid"), envelope.get("device_id")) != (item["uuid"], item["device_id"])):
        raise _Invalid("The sealed update's kind, uuid or device does not match its details.")
    try:
        found = validate_update(envelope.get("update"))
    except StoryError as exc:
        raise _Invalid(f"The sealed update is malformed: {str(exc).rstrip('.')}.") from None
    return sealed, digest, found.to_payload()


def _target(conn: Connection, principal: Principal, update_doc: Mapping[str, Any]) -> RowMapping | None:
    """The story the update names, if it is one of this device's home (any status), its row locked
    until the transaction ends: two instances judging updates for one story count its wrong codes in turn."""
    return conn.execute(select(stories).where(stories.c.uuid == update_doc["story_uuid"],
                                              stories.c.home_id.in_(list(principal.home_ids)))
                        .with_for_update()).mappings().first()


def _wrong_codes(conn: Connection, story_uuid: str, since: datetime) -> int:
    """Wrong reply codes sent for the story since ``since`` (only code mismatches count: a wrong
    reference or an unpublished story says nothing about the code)."""
    return conn.execute(select(func.count()).select_from(author_updates).where(
        author_updates.c.target_uuid == story_uuid, author_updates.c.status == "refused",
        author_updates.c.received_at >= iso(since))).scalar_one()


def _judge(conn: Connection, story: RowMapping | None, doc: Mapping[str, Any], *, private_key: str,
           now: datetime) -> tuple[str, str | None]:
    """(``held`` or ``refused``, the story to count a wrong code against, if it was one)."""
    if story is None or story["status"] != "published" or story["ref"] != doc["story_ref"]:
        return "refused", None
    expected = envelopes.reply_code_of(story, private_key)
    if expected is None:  # told before reply codes existed: only the moderator can post for its author
        return "refused", None
    if _wrong_codes(conn, story["uuid"], now - reply_code.LOCK_WINDOW) >= reply_code.MAX_WRONG:
        return "refused", None  # locked for now; not counted, so the lock ends a day after the last guess
    if not reply_code.same(doc["reply_code"], expected):
        return "refused", story["uuid"]
    return "held", None


def _known(conn: Connection, uuid: str, principal: Principal, digest: str | None) -> dict[str, Any] | None:
    """The answer for an update uuid already held (``duplicate`` / ``conflict``), or None."""
    known = conn.execute(select(author_updates.c.device_id, author_updates.c.payload_sha256)
                         .where(author_updates.c.uuid == uuid)).first()
    if known is None:
        return None
    if (known.device_id, known.payload_sha256) == (principal.device_id, digest):
        return {"uuid": uuid, "result": "duplicate"}
    return {"uuid": uuid, "result": "conflict", "reason": "A different update with this uuid was already received."}


def receive(conn: Connection, principal: Principal, items: list[Mapping[str, Any]], *, private_key: str,
            now: datetime) -> list[dict[str, Any]]:
    """One answer per update, in order: ``accepted`` / ``duplicate`` / ``refused`` / ``conflict`` / ``invalid``."""
    home_id = next(iter(principal.home_ids))
    results: list[dict[str, Any]] = []
    for item in items:
        uuid = item["uuid"]
        try:
            sealed, digest, doc = _open(item, principal, private_key)
        except _Invalid as exc:
            held_for = conn.execute(select(author_updates.c.device_id).where(author_updates.c.uuid == uuid)).scalar()
            results.append({"uuid": uuid, "result": "conflict", "reason": "A different update with this uuid was "
                            "already received."} if held_for == principal.device_id else
                           {"uuid": uuid, "result": "invalid", "reason": str(exc)})
            continue
        answer = _known(conn, uuid, principal, digest)
        if answer is not None:
            results.append(answer)
            continue
        story = _target(conn, principal, doc)
        verdict, wrong_for = _judge(conn, story, doc, private_key=private_key, now=now)
        row = dict(uuid=uuid, device_id=principal.device_id, home_id=home_id, payload_sha256=digest,
                   received_at=iso(now), status=verdict, target_uuid=wrong_for)
        if verdict == "held":
            row.update(story_uuid=story["uuid"], sealed=sealed)
        try:
            with conn.begin_nested():  # another instance may store the same uuid at this moment
                conn.execute(insert(author_updates).values(**row))
        except IntegrityError:  # it did, and has committed: answer as for a resend
            results.append(_known(conn, uuid, principal, digest) or {"uuid": uuid, "result": "duplicate"})
            continue
        if story is not None:
            lifecycle.record(conn, story["uuid"], now=now, actor=principal.actor,
                             action="update_held" if verdict == "held" else "update_refused", note=uuid)
        results.append({"uuid": uuid, "result": "accepted"} if verdict == "held" else
                       {"uuid": uuid, "result": "refused", "reason": REFUSED})
    return results


# -- the moderator --------------------------------------------------------------------------------

def _out(r: RowMapping, private_key: str) -> dict[str, Any]:
    words: dict[str, Any] = {}
    if r["sealed"] is not None and r["status"] == "held":
        try:
            words = unseal(bytes(r["sealed"]), private_key).get("update") or {}
        except (UserError, ValueError, UnicodeDecodeError, AttributeError):
            words = {}
    return {"id": r["uuid"], "story_uuid": r["story_uuid"], "ref": r["ref"], "home_id": r["home_id"],
            "body": words.get("text") if isinstance(words.get("text"), str) else None,
            "language": words.get("language") if isinstance(words.get("language"), str) else None,
            "prompts": words.get("prompts") if isinstance(words.get("prompts"), dict) else None,
            "received_at": r["received_at"], "status": r["status"], "decided_at": r["decided_at"],
            "update_id": r["update_id"]}


def _query():
    return (select(author_updates, stories.c.ref)
            .join(stories, stories.c.uuid == author_updates.c.story_uuid)
            .where(author_updates.c.status != "refused"))


def listing(conn: Connection, *, private_key: str, status: str | None = "held") -> list[dict[str, Any]]:
    """Updates waiting for (or decided by) a moderator, oldest first; the words only while held."""
    query = _query()
    if status:
        query = query.where(author_updates.c.status == status)
    return [_out(r, private_key) for r in conn.execute(
        query.order_by(author_updates.c.received_at, author_updates.c.uuid)).mappings()]


def get(conn: Connection, update_uuid: str, *, private_key: str) -> dict[str, Any]:
    row = conn.execute(_query().where(author_updates.c.uuid == update_uuid)).mappings().first()
    if row is None:
        raise not_found("No author's update is held with this id.")
    return _out(row, private_key)


def decide(conn: Connection, update_uuid: str, action: str, *, private_key: str, now: datetime,
           actor: str) -> dict[str, Any]:
    """``post``: publish it under its story as the author's; ``reject``: drop its words (the moderator's
    history keeps that it happened). Either way the sealed bytes are deleted."""
    if action not in ("post", "reject"):
        raise ApiError(422, "An author's update is either posted or rejected.")
    held = get(conn, update_uuid, private_key=private_key)
    if held["status"] != "held":
        raise conflict(f"This update was already {held['status']}.")
    if action == "post" and not held["body"]:
        raise conflict("This update cannot be opened, so it cannot be posted; reject it instead.")
    # Claim it first: of two moderators deciding at once, the second finds it no longer held (its
    # UPDATE waits for the first's row lock on PostgreSQL, then matches nothing) and gets 409.
    claimed = conn.execute(update(author_updates)
                           .where(author_updates.c.uuid == update_uuid, author_updates.c.status == "held")
                           .values(status="posted" if action == "post" else "rejected", decided_at=iso(now),
                                   sealed=None)).rowcount
    if claimed != 1:
        raise conflict("This update was already decided.")
    if action == "post":
        out = lifecycle.add_update(conn, held["story_uuid"], body=held["body"], now=now, actor=actor)
        conn.execute(update(author_updates).where(author_updates.c.uuid == update_uuid)
                     .values(update_id=out["update_id"]))
    else:
        lifecycle.record(conn, held["story_uuid"], now=now, actor=actor, action="update_rejected", note=update_uuid)
    out_row = get(conn, update_uuid, private_key=private_key)
    return {**out_row, "body": held["body"] if action == "post" else None}
