"""``POST /v1/stories``: the checks made on each sealed story, and storing the ones that pass.

Results: ``accepted`` (stored), ``duplicate`` (this uuid with this payload was stored before — a
success, forever, not within a time window), ``conflict`` (this uuid was stored with a different
payload), ``invalid`` (with a reason: the story is not stored; sending it again will not help).

The checks write nothing, so one bad story cannot spoil the others. Those that need no database
(hashes, the chain link, unsealing: the CPU work) run in :func:`prepare`, before the write
transaction; what the batch already holds is read in two queries up front and the accepted stories
(with their history and events) are written together at the end, so a batch costs a handful of
statements, not a handful per story.

Several instances may receive the same story at once (a kiosk retrying through a load balancer).
On PostgreSQL both then find it new; the second one's insert waits for the first to commit and
fails on the uuid's primary key. The batch is written in a savepoint, so that failure undoes only
the batch's writes: it reads what is held again (now including the other instance's stories) and
decides again, and the story comes back ``duplicate``, never an error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from sync.chain import link, reference_code
from sync.errors import UserError
from sync.refs import in_slot
from sync.seal import unseal
from sync.story import ROUTES

from .. import envelopes
from ..clock import iso
from ..models import MAX_SEALED_BYTES, Submission
from ..schema import devices, stories
from . import events, integrity
from .auth import Principal
from .lifecycle import record_all

HEX64 = re.compile(r"^[0-9a-f]{64}$")
REF = re.compile(r"^[0-9]{4,8}$")
UUID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
HOUR = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:00:00(?:\+00:00|Z)$")
#: how far ahead of the service's clock a kiosk's may be (a tablet that lost its time, summer time set twice)
CLOCK_SKEW = timedelta(hours=2)
#: How often a batch is decided again after another instance stored some of its stories first.
RACE_RETRIES = 3


# Built once: this is the busiest path of the service, and building a statement costs more than running it.
_KNOWN = (select(stories.c.uuid, stories.c.device_id, stories.c.payload_sha256)
          .where(stories.c.uuid.in_(bindparam("uuids", expanding=True))))
_TAKEN = (select(stories.c.seq)
          .where(stories.c.device_id == bindparam("device_id"), stories.c.seq.in_(bindparam("seqs", expanding=True))))
_STORE = insert(stories)
_SLOT = select(devices.c.ref_slot).where(devices.c.device_id == bindparam("device_id"))


@dataclass
class _Held:
    """What the service holds that a batch's checks depend on, kept up to date as the batch is accepted."""
    uuids: dict[str, tuple[str, str]] = field(default_factory=dict)  # uuid -> (device_id, payload_sha256)
    seqs: set[int] = field(default_factory=set)  # this device's numbers already taken
    slot: int | None = None  # this device's reference slot (sync.refs); None: enrolled before slots

    @classmethod
    def read(cls, conn: Connection, device_id: str, subs: list[Submission]) -> "_Held":
        uuids = {r.uuid: (r.device_id, r.payload_sha256)
                 for r in conn.execute(_KNOWN, {"uuids": [s.uuid for s in subs]})}
        seqs = set(conn.execute(_TAKEN, {"device_id": device_id, "seqs": [s.seq for s in subs]}).scalars())
        return cls(uuids, seqs, conn.execute(_SLOT, {"device_id": device_id}).scalar())


class Invalid(Exception):
    pass


def created_hour_problem(value: str, now: datetime) -> str | None:
    """Why ``created_hour`` is not the hour a story was written (None: it is). Devices send the hour in
    UTC (``2025-01-06T10:00:00+00:00``); it is published as ``dateOfSubmission``, so nothing else may
    pass, and a kiosk clock more than :data:`CLOCK_SKEW` ahead of the service's is refused."""
    if not HOUR.fullmatch(value):
        return "The creation hour is not a whole hour in UTC such as 2025-01-06T10:00:00+00:00."
    try:
        hour = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "The creation hour is not a real date and time."
    if hour > now + CLOCK_SKEW:
        return (f"The creation hour is more than {CLOCK_SKEW.seconds // 3600} hours ahead of the service's clock; "
                "check the kiosk's date and time.")
    return None


@dataclass(frozen=True)
class Checked:
    """What can be said of one story without the database: a reason it is invalid before the
    duplicate check (``early``) or after it (``late``), else its sealed bytes and digest."""
    early: str | None = None
    late: str | None = None
    digest: str | None = None
    sealed: bytes | None = None


def _check_alone(sub: Submission, principal: Principal, private_key: str, now: datetime) -> Checked:
    if sub.device_id != principal.device_id:
        return Checked(early="This story belongs to another device.")
    if not UUID.fullmatch(sub.uuid):
        return Checked(early="The uuid is not in the expected form.")
    try:
        sealed = base64.b64decode(sub.sealed.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return Checked(early="The sealed story is not valid base64.")
    if len(sealed) > MAX_SEALED_BYTES:
        return Checked(early="The sealed story is larger than 64 KB.")
    if len(sealed) != sub.size:
        return Checked(early="The size does not match the sealed story.")
    digest = hashlib.sha256(sealed).hexdigest()
    if digest != sub.payload_sha256.lower():
        return Checked(early="The payload hash does not match the sealed story.")
    late = _late_reason(sub, sealed, digest, private_key, now)
    return Checked(late=late, digest=digest, sealed=None if late else sealed)


def _late_reason(sub: Submission, sealed: bytes, digest: str, private_key: str, now: datetime) -> str | None:
    if not (HEX64.fullmatch(sub.prev_hash) and HEX64.fullmatch(sub.chain_hash)):
        return "The chain hashes must be 64 lower-case hex digits."
    if sub.route not in ROUTES:
        return "The route is not one the service knows."
    if not REF.fullmatch(sub.ref) or sub.ref != reference_code(sub.uuid, len(sub.ref)):
        return "The reference is not the one made from the story's uuid."
    expected = link(sub.prev_hash, uuid=sub.uuid, seq=sub.seq, device_id=sub.device_id,
                    created_hour=sub.created_hour, route=sub.route, size=sub.size, payload_sha256=digest)
    if expected != sub.chain_hash:
        return "The chain hash does not match the story's details."
    hour_problem = created_hour_problem(sub.created_hour, now)
    if hour_problem:
        return hour_problem
    try:
        envelope = unseal(sealed, private_key)
    except UserError:
        return envelopes.UNOPENABLE
    except (ValueError, UnicodeDecodeError):  # not JSON, or nested too deeply to be a story
        return envelopes.NOT_JSON
    # What is inside must be a story by the rules a device seals by, or the moderator and the public
    # pages meet a list, a 60,000-character text or a role that is not a role.
    return envelopes.problem(envelope, uuid=sub.uuid, device_id=sub.device_id, seq=sub.seq, route=sub.route) or None


def prepare(principal: Principal, subs: list[Submission], *, private_key: str, now: datetime) -> list[Checked]:
    """The checks that need no database, one per story (run them outside the write transaction)."""
    return [_check_alone(sub, principal, private_key, now) for sub in subs]


def _check(sub: Submission, checked: Checked, held: _Held) -> tuple[str, bytes | None]:
    """('duplicate'|'conflict'|'new', sealed bytes) or raise Invalid(reason)."""
    if checked.early:
        raise Invalid(checked.early)
    existing = held.uuids.get(sub.uuid)
    if existing is not None:
        same = existing == (sub.device_id, checked.digest)
        return ("duplicate" if same else "conflict"), None
    if checked.late:
        raise Invalid(checked.late)
    if not in_slot(sub.ref, held.slot):  # the device's slot is in the database: checked here, not in prepare()
        raise Invalid(f"The reference does not end in this device's reference digit ({held.slot}).")
    if sub.seq in held.seqs:
        raise Invalid(f"Story number {sub.seq} from this device was already received with another uuid.")
    return "new", checked.sealed


def process_batch(conn: Connection, principal: Principal, subs: list[Submission], *, private_key: str,
                  now: datetime, checked: list[Checked] | None = None) -> list[dict[str, Any]]:
    """Handle a batch inside the caller's transaction; returns one result per story, in order.
    ``checked``: :func:`prepare`'s answers, if it was already run."""
    checked = checked if checked is not None else prepare(principal, subs, private_key=private_key, now=now)
    # SQLite runs one writer at a time, so no other instance can store these stories meanwhile.
    racing = conn.dialect.name != "sqlite"
    for attempt in range(RACE_RETRIES + 1):
        try:
            with conn.begin_nested() if racing else nullcontext():
                return _decide_and_store(conn, principal, subs, checked, now)
        except IntegrityError:
            if attempt == RACE_RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _decide_and_store(conn: Connection, principal: Principal, subs: list[Submission], checked: list[Checked],
                      now: datetime) -> list[dict[str, Any]]:
    home_id = next(iter(principal.home_ids))
    held = _Held.read(conn, principal.device_id, subs) if subs else _Held()
    results: list[dict[str, Any]] = []
    accepted: list[tuple[Submission, bytes]] = []
    for sub, check in zip(subs, checked):
        try:
            kind, sealed = _check(sub, check, held)
        except Invalid as exc:
            results.append({"uuid": sub.uuid, "result": "invalid", "reason": str(exc)})
            continue
        if kind == "new":
            accepted.append((sub, sealed))
            held.uuids[sub.uuid] = (sub.device_id, sub.payload_sha256.lower())
            held.seqs.add(sub.seq)
            results.append({"uuid": sub.uuid, "result": "accepted"})
        elif kind == "duplicate":
            results.append({"uuid": sub.uuid, "result": "duplicate"})
        else:
            results.append({"uuid": sub.uuid, "result": "conflict",
                            "reason": "A different story with this uuid was already received."})
    if accepted:
        at = iso(now)
        conn.execute(_STORE, [dict(
            uuid=sub.uuid, device_id=sub.device_id, home_id=home_id, seq=sub.seq, ref=sub.ref,
            created_hour=sub.created_hour, route=sub.route, size=sub.size, payload_sha256=sub.payload_sha256.lower(),
            prev_hash=sub.prev_hash, chain_hash=sub.chain_hash, sealed=sealed, received_at=at, status="received",
            status_at=at) for sub, sealed in accepted])
        record_all(conn, [dict(story_uuid=sub.uuid, at=at, actor=f"device:{sub.device_id}", action="received",
                               from_status=None, to_status="received", note=None) for sub, _ in accepted])
        events.emit_all(conn, home_id, "story_received", now=now, items=[
            (sub.uuid, sub.ref, {"device_id": sub.device_id, "seq": sub.seq}) for sub, _ in accepted])
        integrity.check(conn, principal.device_id, home_id, now=now, lowest_new=min(sub.seq for sub, _ in accepted))
    return results
