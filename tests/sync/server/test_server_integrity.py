"""The integrity analysis walks each device's chain in SQL (window functions); whatever stories have
arrived, it must find exactly what walking them one by one in Python finds."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy import delete, insert, select

from sync.chain import GENESIS
from sync.server.db import Database, database_target
from sync.server.domain.integrity import MAX_LISTED, analyse
from sync.server.schema import stories


def walk(rows: list[tuple[int, str, str]]) -> dict:
    """The stories one by one, oldest first: gaps below the highest number, and links that do not follow."""
    missing, broken, more = [], [], 0
    expected, prev_link = 1, GENESIS
    for seq, prev_hash, chain_hash in sorted(rows):
        if seq > expected:
            room = max(MAX_LISTED - len(missing), 0)
            missing.extend(range(expected, expected + min(seq - expected, room)))
            more += max(0, seq - expected - room)
        elif prev_hash != prev_link:
            broken.append(seq)
        prev_link, expected = chain_hash, seq + 1
    return {"missing": missing, "broken": broken, "more": more,
            "highest_seq": max((r[0] for r in rows), default=0), "received": len(rows)}


def _hash(n: int) -> str:
    return f"{n:064x}"


chains = st.lists(st.tuples(st.integers(1, 3000), st.booleans()), max_size=40, unique_by=lambda t: t[0])


@pytest.fixture
def db(tmp_path, backend):
    database = Database(database_target(tmp_path))  # the test's backend: SQLite here, or PostgreSQL
    yield database
    database.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picked=chains)
def test_sql_walk_matches_the_python_walk(db, picked):
    rows = []
    for seq, linked in picked:  # a linked story names its predecessor's hash; others name a wrong one
        rows.append((seq, GENESIS if seq == 1 and linked else _hash(seq - 1) if linked else _hash(10**6 + seq),
                     _hash(seq)))
    with db.transaction() as conn:
        conn.execute(delete(stories))
        if rows:
            conn.execute(insert(stories), [dict(
                uuid=f"u-{seq}", device_id="dev-1", home_id="h", seq=seq, ref="1234", created_hour="h", route="kiosk",
                size=1, payload_sha256="p", prev_hash=prev, chain_hash=link, sealed=b"x", received_at="t",
                status="received", status_at="t") for seq, prev, link in rows])
    with db.read() as conn:
        found = analyse(conn, "dev-1")
    expected = walk(rows)
    assert found["missing"] == expected["missing"] and found["broken"] == expected["broken"]
    assert (found["highest_seq"], found["received"]) == (expected["highest_seq"], expected["received"])
    assert found["chain_ok"] is (not expected["broken"])
    assert any(f" and {expected['more']} more" in p for p in found["problems"]) is bool(expected["more"])


batches = st.lists(st.lists(st.tuples(st.integers(1, 60), st.booleans()), min_size=1, max_size=6), max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrivals=batches)
def test_checking_only_what_a_batch_can_change_flags_what_a_whole_walk_flags(db, arrivals):
    """Batch after batch (in any order, some links wrong), walking the chain from just below the
    batch finds exactly the new problems that walking the whole chain finds."""
    from datetime import datetime, timezone

    from sync.server.domain.integrity import check
    from sync.server.schema import event_heads, events, integrity_flags

    now = datetime(2025, 1, 6, tzinfo=timezone.utc)
    with db.transaction() as conn:
        for table in (stories, integrity_flags, events, event_heads):
            conn.execute(delete(table))
    seen: set[int] = set()
    for batch in arrivals:
        rows = []
        for seq, linked in batch:
            if seq in seen:
                continue
            seen.add(seq)
            prev = GENESIS if seq == 1 and linked else _hash(seq - 1) if linked else _hash(10**6 + seq)
            rows.append((seq, prev, _hash(seq)))
        if not rows:
            continue
        answers = []
        for device, lowest in (("whole", None), ("part", min(r[0] for r in rows))):
            with db.transaction() as conn:
                conn.execute(insert(stories), [dict(
                    uuid=f"{device}-{seq}", device_id=device, home_id="h", seq=seq, ref="1234", created_hour="h",
                    route="kiosk", size=1, payload_sha256="p", prev_hash=prev, chain_hash=link, sealed=b"x",
                    received_at="t", status="received", status_at="t") for seq, prev, link in rows])
                answers.append(check(conn, device, "h", now=now, lowest_new=lowest))
        assert answers[0] == answers[1]
    with db.read() as conn:
        flags = {d: sorted((r.kind, r.seq) for r in conn.execute(
            select(integrity_flags).where(integrity_flags.c.device_id == d))) for d in ("whole", "part")}
        chain_ok = [json.loads(r.data_json)["chain_ok"] for r in conn.execute(
            select(events.c.data_json).order_by(events.c.id))]
    assert flags["whole"] == flags["part"]
    assert chain_ok[0::2] == chain_ok[1::2]  # each event names the same verdict on the whole chain
