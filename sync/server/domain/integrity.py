"""Per-device integrity: which sequence numbers never arrived and whether the hash chain holds.

Each device numbers its stories 1, 2, 3, … and chains them (``sync.chain.link``). Every story's
own chain hash is checked when it arrives (a bad one is refused as ``invalid``); here we check the
links *between* stories that have arrived, and list the gaps below the highest number received.
A gap (or a broken link) raises one ``integrity_problem`` event the first time it is seen.

When a batch arrives only the part of the chain it can change is walked: from the story just
below the batch's lowest number upwards (any gap or break further down was there, and flagged,
before), so a busy kiosk's thousandth batch costs what its first did.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.engine import Connection

from sync.chain import GENESIS

from ..clock import iso
from ..schema import integrity_flags, stories
from . import events

MAX_LISTED = 1000

# Each story beside the one before it (window functions: SQLite 3.25+, PostgreSQL), so the database
# walks the chain and only the stories that start a gap or break a link come back. The walk starts
# at story ``start`` (0: the beginning), which is there only to be the first one's predecessor.
_links = select(stories.c.seq, stories.c.prev_hash,
                func.coalesce(func.lag(stories.c.seq).over(order_by=stories.c.seq), 0).label("prev_seq"),
                func.coalesce(func.lag(stories.c.chain_hash).over(order_by=stories.c.seq), GENESIS).label("prev_link"),
                ).where(stories.c.device_id == bindparam("device_id"), stories.c.seq >= bindparam("start")).subquery()
_PROBLEMS = (select(_links.c.seq, _links.c.prev_hash, _links.c.prev_seq, _links.c.prev_link)
             .where(_links.c.seq > bindparam("start"))
             .where((_links.c.seq > _links.c.prev_seq + 1) | (_links.c.prev_hash != _links.c.prev_link))
             .order_by(_links.c.seq))
_BELOW = select(func.max(stories.c.seq)).where(stories.c.device_id == bindparam("device_id"),
                                               stories.c.seq < bindparam("seq"))
_TOTALS = select(func.count(), func.max(stories.c.seq)).where(stories.c.device_id == bindparam("device_id"))
_FLAGGED = select(integrity_flags.c.kind, integrity_flags.c.seq).where(integrity_flags.c.device_id == bindparam("device_id"),
                                                                     integrity_flags.c.seq > bindparam("start"))
_BROKEN_BEFORE = select(integrity_flags.c.seq).where(integrity_flags.c.device_id == bindparam("device_id"),
                                                     integrity_flags.c.kind == "chain").limit(1)
_FLAG = insert(integrity_flags)


def _ranges(seqs: list[int]) -> list[str]:
    out: list[str] = []
    start = prev = None
    for s in seqs:
        if start is None:
            start = prev = s
        elif s == prev + 1:
            prev = s
        else:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = s
    if start is not None:
        out.append(str(start) if start == prev else f"{start}-{prev}")
    return out


def analyse(conn: Connection, device_id: str, *, start: int = 0, totals: bool = True) -> dict[str, Any]:
    """Gaps and broken links among the device's stories numbered above ``start`` (a story that is there)."""
    received, highest = conn.execute(_TOTALS, {"device_id": device_id}).one() if totals else (None, None)
    missing: list[int] = []
    broken: list[int] = []
    more_missing = 0
    for seq, prev_hash, prev_seq, prev_link in conn.execute(_PROBLEMS, {"device_id": device_id, "start": start}):
        expected = prev_seq + 1
        if seq > expected:
            gap = seq - expected
            room = MAX_LISTED - len(missing)
            missing.extend(range(expected, expected + min(gap, max(room, 0))))
            more_missing += max(0, gap - max(room, 0))
        elif prev_hash != prev_link:
            broken.append(seq)  # the story before it is here, but this one does not follow from it
    problems: list[str] = []
    if missing:
        listed = ", ".join(_ranges(missing))
        extra = f" and {more_missing} more" if more_missing else ""
        problems.append(f"Story number(s) {listed}{extra} never arrived although later stories did.")
    for seq in broken:
        problems.append(f"Story number {seq} does not follow on from story number {seq - 1} (chain broken).")
    return {"highest_seq": highest or 0, "received": received, "missing": missing,
            "chain_ok": not broken, "broken": broken, "problems": problems}


def report(conn: Connection, device_id: str, home_id: str) -> dict[str, Any]:
    found = analyse(conn, device_id)
    return {"device_id": device_id, "home_id": home_id, "highest_seq": found["highest_seq"],
            "received": found["received"], "missing": found["missing"], "chain_ok": found["chain_ok"],
            "problems": found["problems"]}


def check(conn: Connection, device_id: str, home_id: str, *, now: datetime, lowest_new: int | None = None) -> list[int]:
    """Flag problems not flagged before with one ``integrity_problem`` event. Returns new missing seqs.
    ``lowest_new``: the lowest number among the stories just stored (only the chain above the story
    below it is walked); None walks it all."""
    start = 0
    if lowest_new is not None:
        start = conn.execute(_BELOW, {"device_id": device_id, "seq": lowest_new}).scalar() or 0
    found = analyse(conn, device_id, start=start, totals=False)
    if start and found["chain_ok"] and conn.execute(_BROKEN_BEFORE, {"device_id": device_id}).first() is not None:
        found["chain_ok"] = False  # broken further down, and flagged then
    flagged = {(r.kind, r.seq) for r in conn.execute(_FLAGGED, {"device_id": device_id, "start": start})}
    new_missing = [s for s in found["missing"] if ("missing", s) not in flagged]
    new_broken = [s for s in found["broken"] if ("chain", s) not in flagged]
    if not new_missing and not new_broken:
        return []
    conn.execute(_FLAG,
                 [{"device_id": device_id, "kind": "missing", "seq": s, "flagged_at": iso(now)} for s in new_missing]
                 + [{"device_id": device_id, "kind": "chain", "seq": s, "flagged_at": iso(now)} for s in new_broken])
    events.emit(conn, home_id, "integrity_problem", now=now,
                data={"device_id": device_id, "missing": new_missing, "chain_ok": found["chain_ok"]})
    return new_missing
