"""The store numbers, chains, seals and verifies stories; ``verify`` names the first problem."""

from __future__ import annotations

import sqlite3

import pytest

from sync import chain
from sync.paths import Paths
from sync.profile import demo_private_key, open_store
from sync.seal import unseal
from sync.story import validate_story


def story(text="The staff sang happy birthday to my mum.", **extra):
    return validate_story({"text": text, "author_role": "relative", **extra})


@pytest.fixture
def store(ck_home):
    s = open_store()
    yield s
    s.close()


def test_sequence_numbers_chain_and_references(store):
    added = [store.add_story(story(f"Story number {i} about lunch.")) for i in range(1, 6)]
    assert [a.seq for a in added] == [1, 2, 3, 4, 5]
    assert len({a.uuid for a in added}) == 5
    assert len({a.ref for a in added}) == 5 and all(len(a.ref) == 4 and a.ref.isdigit() for a in added)
    rows = store.story_rows()
    assert rows[0]["prev_hash"] == chain.GENESIS
    for before, after in zip(rows, rows[1:]):
        assert after["prev_hash"] == before["chain_hash"]
    assert store.device().head_hash == rows[-1]["chain_hash"]
    assert store.verify() == []


def test_sealed_story_opens_only_with_the_moderation_key(store, ck_home):
    added = store.add_story(story("Tea was cold again on Sunday.", tags=["food"], rating=2,
                                  contact={"mobile": "07911 123456"}))
    doc = unseal(store.sealed_story(added.uuid), demo_private_key(Paths.from_env()))
    assert doc["uuid"] == added.uuid and doc["seq"] == 1
    assert doc["story"]["text"] == "Tea was cold again on Sunday."
    assert doc["story"]["contact"] == {"mobile": "+447911123456"}
    assert doc["story"]["tags"] == ["food"]
    from sync.seal import generate_keypair
    from sync.errors import UserError

    with pytest.raises(UserError):
        unseal(store.sealed_story(added.uuid), generate_keypair()[1])


def test_sequence_numbers_are_never_reused_after_a_failed_add(store):
    store.add_story(story())
    with pytest.raises(Exception):
        store.add_stories([story(), "not a story"])  # second item blows up mid-transaction
    assert store.add_story(story()).seq == 2
    assert store.verify() == []


def test_status_reports_the_documented_keys(store):
    store.add_story(story())
    store.add_story(story())
    info = store.status()
    assert {"pending", "acknowledged", "last_seq", "head_hash", "last_sync", "profile"} <= set(info)
    assert info["pending"] == 2 and info["acknowledged"] == 0 and info["last_seq"] == 2
    assert info["profile"] == "demo" and info["last_sync"] is None
    first = store.pending(10)[0]["uuid"]
    store.mark_sending([first])
    store.mark_acknowledged({first: "accepted"})
    info = store.status()
    assert info["pending"] == 1 and info["acknowledged"] == 1


def _raw(store) -> sqlite3.Connection:
    conn = sqlite3.connect(store.path, isolation_level=None)
    return conn


def test_verify_names_a_removed_middle_story(store):
    for i in range(4):
        store.add_story(story(f"Story {i}"))
    _raw(store).execute("PRAGMA foreign_keys=OFF").connection.execute(
        "DELETE FROM outbox WHERE uuid = (SELECT uuid FROM stories WHERE seq = 2)")
    _raw(store).execute("DELETE FROM stories WHERE seq = 2")
    problems = store.verify()
    assert problems and problems[0] == "story number 2 is missing (removed from the database)"


def test_verify_names_removed_newest_stories(store):
    for i in range(3):
        store.add_story(story(f"Story {i}"))
    conn = _raw(store)
    conn.execute("DELETE FROM outbox WHERE uuid = (SELECT uuid FROM stories WHERE seq = 3)")
    conn.execute("DELETE FROM stories WHERE seq = 3")
    assert store.verify()[0] == "story number 3 is missing (the newest stories were removed)"


def test_verify_names_an_altered_payload_and_altered_metadata(store):
    for i in range(3):
        store.add_story(story(f"Story {i}"))
    conn = _raw(store)
    sealed = bytearray(conn.execute("SELECT sealed FROM stories WHERE seq = 2").fetchone()[0])
    sealed[40] ^= 0xFF
    conn.execute("UPDATE stories SET sealed = ? WHERE seq = 2", (bytes(sealed),))
    assert store.verify()[0].startswith("story number 2 was altered")

    conn.execute("UPDATE stories SET sealed = ? WHERE seq = 2", (bytes(sealed),))  # keep broken
    conn.execute("UPDATE stories SET route = 'assisted' WHERE seq = 3")
    assert any(p.startswith("story number 3 was altered") for p in store.verify())


def test_verify_catches_a_rewritten_chain_that_skips_the_device_head(store):
    for i in range(2):
        store.add_story(story(f"Story {i}"))
    _raw(store).execute("UPDATE device SET head_hash = ?", ("f" * 64,))
    assert store.verify() == ["the newest story does not match the device's chain head (altered)"]


def test_enrolling_starts_a_fresh_chain_and_keeps_the_demo_one_verifiable(store):
    demo_id = store.device().device_id
    for i in range(3):
        store.add_story(story(f"Demo story {i}"))
    from sync.seal import generate_keypair

    set_aside = store.enrol(home_id="home_1", home_name="Rose House", public_key=generate_keypair()[0],
                            server_url="http://127.0.0.1:1", token="t", device_id="new-device-id")
    assert set_aside == 3
    device = store.device()
    assert device.device_id == "new-device-id" and device.last_seq == 0 and device.head_hash == chain.GENESIS
    status = store.status()
    assert status["pending"] == 0 and status["not_sent"] == 3 and status["profile"] == "home_1"
    assert store.pending(10) == []
    added = store.add_story(story("First real story."))
    assert added.seq == 1
    assert [r["uuid"] for r in store.pending(10)] == [added.uuid]
    assert store.verify() == []
    # the closed demo chain is still checked
    conn = _raw(store)
    conn.execute("DELETE FROM outbox WHERE uuid = (SELECT uuid FROM stories WHERE device_id = ? AND seq = 2)",
                 (demo_id,))
    conn.execute("DELETE FROM stories WHERE device_id = ? AND seq = 2", (demo_id,))
    assert store.verify() == ["story number 2 (demo) is missing (removed from the database)"]


def test_enrolment_changes_nothing_if_a_story_was_written_meanwhile(store):
    from sync.errors import StoreError
    from sync.seal import generate_keypair

    demo_id = store.device().device_id
    store.add_story(story("Pressed Send while the field worker was enrolling."))
    with pytest.raises(StoreError, match="while it was being enrolled"):
        store.enrol(home_id="home_1", home_name="Rose House", public_key=generate_keypair()[0],
                    server_url="http://127.0.0.1:1", token="t", device_id="new-id", may_set_aside=0)
    device = store.device()
    assert device.is_demo and device.device_id == demo_id and store.status()["pending"] == 1
