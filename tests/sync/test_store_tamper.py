"""Tampering with the device database by hand, and what ``carekiosk verify`` can and cannot see.

- A middle story's outbox row set to ``acknowledged`` (so the next sync never sends it): reported,
  because the service's acknowledgements are recorded in their own chain (``acks``) as they arrive.
- That ledger cannot be updated or deleted from (triggers), and a forged entry that breaks its
  chain is reported.
- The newest stories deleted and ``last_seq``/``head_hash`` rewound: the device alone cannot tell
  (nothing on it remembers the old head); the service does, from heartbeats (tests/sync/server/
  test_server_heartbeat.py, tests/sync/test_heartbeat_e2e.py).
"""

from __future__ import annotations

import sqlite3

import pytest

from sync.profile import open_store
from sync.story import Story


def story(n: int) -> Story:
    return Story(text=f"The activities this week were good, story {n}.", author_role="resident")


@pytest.fixture
def store(ck_home):
    s = open_store()
    s.add_stories([story(i) for i in range(4)])
    yield s
    s.close()


def test_a_real_acknowledgement_passes_verify(store):
    first, second = [r["uuid"] for r in store.story_rows()[:2]]
    store.mark_acknowledged({first: "accepted", second: "duplicate"})
    store.mark_acknowledged({first: "duplicate"})  # acknowledged again: one entry only
    assert store.verify() == []
    assert store.conn.execute("SELECT COUNT(*) FROM acks").fetchone()[0] == 2


def test_a_middle_story_marked_acknowledged_by_hand_is_reported(store):
    rows = store.story_rows()
    store.mark_acknowledged({rows[0]["uuid"]: "accepted"})
    store.conn.execute("UPDATE outbox SET state = 'acknowledged', result = 'accepted' WHERE uuid = ?",
                       (rows[2]["uuid"],))
    problems = store.verify()
    assert problems == ["story number 3 is marked as received by the service, but the service never "
                        "acknowledged it (its outbox row was changed by hand)"]


def test_the_acknowledgement_ledger_is_append_only(store):
    rows = store.story_rows()
    store.mark_acknowledged({rows[0]["uuid"]: "accepted"})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM acks")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE acks SET result = 'accepted'")


def test_a_forged_ledger_entry_that_breaks_the_chain_is_reported(store):
    rows = store.story_rows()
    store.mark_acknowledged({rows[0]["uuid"]: "accepted"})
    store.conn.execute("UPDATE outbox SET state = 'acknowledged' WHERE uuid = ?", (rows[1]["uuid"],))
    store.conn.execute("INSERT INTO acks (uuid, chain_hash, result, acknowledged_at, prev_hash, ack_hash)"
                       " VALUES (?, ?, 'accepted', 'x', ?, ?)", (rows[1]["uuid"], rows[1]["chain_hash"],
                                                                "0" * 64, "f" * 64))
    assert store.verify() == ["the record of the service's acknowledgements was altered (its chain does not hold)"]


def test_deleting_the_newest_stories_and_rewinding_the_head_is_invisible_to_the_device_alone(store):
    rows = store.story_rows()
    for row in rows[2:]:
        store.conn.execute("DELETE FROM outbox WHERE uuid = ?", (row["uuid"],))
        store.conn.execute("DELETE FROM stories WHERE uuid = ?", (row["uuid"],))
    store.conn.execute("UPDATE device SET last_seq = 2, head_hash = ?", (rows[1]["chain_hash"],))
    assert store.verify() == []  # why the service keeps the highest number each device reported
