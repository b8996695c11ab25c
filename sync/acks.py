"""The device's record of what the service acknowledged: one row per story, hash-chained.

A story leaves the outbox only on the service's explicit acknowledgement (:mod:`sync.runner`); the
same transaction appends it here. ``carekiosk verify`` then checks that every outbox row marked
``acknowledged`` has its entry and that the entries still chain, so a row set to ``acknowledged``
by hand (which would hide a story from the next sync for ever) is reported.

What this cannot do: the device holds no secret a person with the database lacks, so someone who
also writes a matching entry and recomputes the chain passes ``verify``. The service is the one who
can tell for sure: each heartbeat reports how many stories wait, and the service flags numbers that
are neither received nor waiting (:mod:`sync.server.domain.health`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Iterable

from .chain import GENESIS


def ack_link(prev_hash: str, *, uuid: str, chain_hash: str, result: str) -> str:
    doc = ["ack", prev_hash, uuid, chain_hash, result]
    return hashlib.sha256(json.dumps(doc, separators=(",", ":")).encode("ascii")).hexdigest()


def record(conn: sqlite3.Connection, results: dict[str, str], at: str) -> None:
    """Append the service's acknowledgements (inside the caller's write transaction)."""
    row = conn.execute("SELECT ack_hash FROM acks ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    known = {u for (u,) in conn.execute(
        f"SELECT uuid FROM acks WHERE uuid IN ({','.join('?' * len(results))})", list(results))} if results else set()
    for story_uuid, result in results.items():
        if story_uuid in known:
            continue
        found = conn.execute("SELECT chain_hash FROM stories WHERE uuid = ?", (story_uuid,)).fetchone()
        if found is None:
            continue
        link = ack_link(prev, uuid=story_uuid, chain_hash=found[0], result=result)
        conn.execute("INSERT INTO acks (uuid, chain_hash, result, acknowledged_at, prev_hash, ack_hash)"
                     " VALUES (?, ?, ?, ?, ?, ?)", (story_uuid, found[0], result, at, prev, link))
        known.add(story_uuid)
        prev = link


def problems(conn: sqlite3.Connection) -> list[str]:
    """``verify``'s findings about acknowledgements (empty: all well)."""
    out: list[str] = []
    prev = GENESIS
    for story_uuid, chain_hash, result, prev_hash, link in conn.execute(
            "SELECT uuid, chain_hash, result, prev_hash, ack_hash FROM acks ORDER BY id"):
        if prev_hash != prev or ack_link(prev_hash, uuid=story_uuid, chain_hash=chain_hash, result=result) != link:
            out.append("the record of the service's acknowledgements was altered (its chain does not hold)")
            break
        prev = link
    unacked: Iterable[tuple[int, str]] = conn.execute(
        "SELECT s.seq, s.device_id FROM stories s JOIN outbox o USING (uuid) LEFT JOIN acks a USING (uuid)"
        " WHERE o.state = 'acknowledged' AND (a.uuid IS NULL OR a.chain_hash != s.chain_hash) ORDER BY s.seq")
    current = conn.execute("SELECT device_id FROM device WHERE id = 1").fetchone()[0]
    for seq, device_id in unacked:
        label = "" if device_id == current else " (earlier chain)"
        out.append(f"story number {seq}{label} is marked as received by the service, but the service never "
                   "acknowledged it (its outbox row was changed by hand)")
    return out
