"""Device heartbeats: each device's health, and the service's memory of how far its chain got.

A device reports, at every sync and every few minutes when nothing waits: its software version,
how many of its stories are not yet acknowledged, its last sequence number and chain head hash,
free disk and uptime. Stories live on the device until sent, so the service keeps what it needs to
notice a device whose history was cut short:

- the **highest** sequence number (and head hash) the device ever reported. A report with a lower
  number means the device's counter was rewound - its newest stories were deleted - so the numbers
  in between are flagged as missing;
- every **head it reported** (``device_heads``, append-only), and the chain hashes of the stories
  it sent. The same number reported again with another hash means the chain was rewritten;
- **unaccounted** stories: of numbers 1..last_seq, those the service has plus those the device says
  still wait must make up all of them. Fewer means stories vanished from the device before they were
  sent, or were marked as sent by hand.

Each finding is flagged once (``integrity_flags``) with one ``integrity_problem`` event, which the
notifier turns into an alert for the home's public-interest contact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from ..clock import iso
from ..schema import device_heads, device_health, integrity_flags, stories
from . import events

#: a rewind lists at most this many missing numbers in its event (the sentence gives the range)
MAX_LISTED = 1000


def _flag_once(conn: Connection, device_id: str, kind: str, seq: int, now: datetime) -> bool:
    """Record a finding; False if it was flagged before (so it is alerted once)."""
    found = conn.execute(select(integrity_flags.c.seq).where(
        integrity_flags.c.device_id == device_id, integrity_flags.c.kind == kind,
        integrity_flags.c.seq == seq)).first()
    if found is not None:
        return False
    conn.execute(insert(integrity_flags).values(device_id=device_id, kind=kind, seq=seq, flagged_at=iso(now)))
    return True


def record(conn: Connection, device_id: str, home_id: str, report: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    """Store one heartbeat and check it against what the device reported and sent before.
    Returns ``{"highest_seq", "highest_hash", "problems": [sentence, ...]}`` (problems new or old)."""
    seq, head = int(report["last_seq"]), str(report["head_hash"])
    before = conn.execute(select(device_health).where(device_health.c.device_id == device_id)).mappings().first()
    highest, highest_hash, highest_at = seq, head, iso(now)
    if before is not None and before["highest_seq"] >= seq:
        highest, highest_hash, highest_at = before["highest_seq"], before["highest_hash"], before["highest_at"]
    row = dict(reported_at=iso(now), software_version=str(report["software_version"])[:64],
               pending=int(report["pending"]), last_seq=seq, head_hash=head,
               free_disk_bytes=report.get("free_disk_bytes"), uptime_seconds=report.get("uptime_seconds"),
               highest_seq=highest, highest_hash=highest_hash, highest_at=highest_at)
    if before is None:
        conn.execute(insert(device_health).values(device_id=device_id, **row))
    else:
        conn.execute(update(device_health).where(device_health.c.device_id == device_id).values(**row))

    findings: list[tuple[str, int, dict[str, Any]]] = []
    # 1. Rewound: a lower number than the device once reported.
    if seq < highest:
        gone = list(range(seq + 1, highest + 1))
        findings.append(("rewind", highest, {"kind": "rewind", "reported_seq": seq, "highest_seq": highest,
                                             "missing": gone[:MAX_LISTED], "chain_ok": True}))
    # 2. Rewritten: this number was reported (or sent) before with another hash.
    earlier = conn.execute(select(device_heads.c.head_hash).where(
        device_heads.c.device_id == device_id, device_heads.c.seq == seq)).scalar()
    if earlier is None and seq > 0:
        conn.execute(insert(device_heads).values(device_id=device_id, seq=seq, head_hash=head, reported_at=iso(now)))
    sent = conn.execute(select(stories.c.chain_hash).where(stories.c.device_id == device_id,
                                                           stories.c.seq == seq)).scalar()
    if (earlier is not None and earlier != head) or (sent is not None and sent != head):
        findings.append(("reused", seq, {"kind": "reused", "seq": seq, "missing": [], "chain_ok": False}))
    # 3. Unaccounted: numbered on the device, neither received here nor waiting there.
    received = conn.execute(select(func.count()).where(stories.c.device_id == device_id,
                                                       stories.c.seq <= seq)).scalar() or 0
    unaccounted = seq - received - int(report["pending"])
    if unaccounted > 0:
        findings.append(("unaccounted", seq, {"kind": "unaccounted", "unaccounted": unaccounted, "reported_seq": seq,
                                              "missing": [], "chain_ok": False}))
    for kind, key, data in findings:
        if _flag_once(conn, device_id, kind, key, now):
            events.emit(conn, home_id, "integrity_problem", now=now, data={"device_id": device_id, **data})
    return {"highest_seq": highest, "highest_hash": highest_hash, "problems": problems(conn, device_id)}


def problems(conn: Connection, device_id: str) -> list[str]:
    """Sentences for the integrity report: every heartbeat finding flagged for this device."""
    out: list[str] = []
    flags = conn.execute(select(integrity_flags.c.kind, integrity_flags.c.seq, integrity_flags.c.flagged_at)
                         .where(integrity_flags.c.device_id == device_id,
                                integrity_flags.c.kind.in_(("rewind", "reused", "unaccounted")))
                         .order_by(integrity_flags.c.flagged_at, integrity_flags.c.seq)).all()
    for kind, seq, at in flags:
        if kind == "rewind":
            out.append(f"The device once reported story number {seq} but later reported a lower number "
                       f"(its newest stories were deleted; seen {at}).")
        elif kind == "reused":
            out.append(f"The device reported story number {seq} with a different chain hash than before "
                       f"(its chain was rewritten; seen {at}).")
        else:
            out.append(f"Some of the device's stories up to number {seq} were neither received here nor waiting "
                       f"on the device (deleted, or marked as sent by hand; seen {at}).")
    return out
