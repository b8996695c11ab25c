"""``POST /v1/devices/{id}/heartbeat``: the service records each device's health and the highest
sequence number it ever reported, and flags a device whose numbers go backwards, that reports a
number again with another hash, or whose stories are neither received nor still waiting - each
once, as an ``integrity_problem`` event, and in the integrity report."""

from __future__ import annotations

from sync.chain import GENESIS


def beat(world, last_seq: int, head_hash: str, pending: int = 0, token: str | None = None,
         device_id: str | None = None, **extra):
    body = {"software_version": "0.1.0", "pending": pending, "last_seq": last_seq, "head_hash": head_hash,
            "free_disk_bytes": 5_000_000_000, "uptime_seconds": 3600, **extra}
    return world.client.post(f"/v1/devices/{device_id or world.device_id}/heartbeat", json=body,
                             headers=world.h(token or world.device_token))


def integrity_events(world) -> list[dict]:
    return [e for e in world.events()["events"] if e["type"] == "integrity_problem"]


def report(world) -> dict:
    r = world.client.get(f"/v1/devices/{world.device_id}/integrity", headers=world.prov)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_honest_device_is_recorded_and_shown_with_its_health(world):
    world.accepted(3)
    r = beat(world, 5, "a" * 64, pending=2)  # 3 received, 2 still waiting on the device
    assert r.status_code == 200, r.text
    assert r.json()["highest_seq"] == 5 and r.json()["problems"] == []
    assert integrity_events(world) == []
    devices = world.client.get(f"/v1/homes/{world.home_id}/devices", headers=world.prov).json()["devices"]
    (dev,) = devices
    assert dev["health"]["software_version"] == "0.1.0" and dev["health"]["free_disk_bytes"] == 5_000_000_000


def test_a_rewound_counter_is_flagged_once_with_the_missing_numbers(world):
    subs = world.accepted(2)
    assert beat(world, 4, "b" * 64, pending=2).json()["problems"] == []  # stories 3 and 4 wait on the device
    # Stories 3 and 4 deleted from the device and its counter put back to 2:
    r = beat(world, 2, subs[-1]["chain_hash"], pending=0)
    assert r.status_code == 200
    assert r.json()["highest_seq"] == 4
    assert any("later reported a lower number" in p for p in r.json()["problems"])
    (event,) = integrity_events(world)
    assert event["data"]["kind"] == "rewind" and event["data"]["missing"] == [3, 4]
    beat(world, 2, subs[-1]["chain_hash"], pending=0)  # the same finding again: no second alert
    assert len(integrity_events(world)) == 1
    found = report(world)
    assert found["chain_ok"] is False and any("lower number" in p for p in found["problems"])


def test_a_number_reported_again_with_another_hash_is_flagged(world):
    assert beat(world, 3, "c" * 64, pending=3).json()["problems"] == []
    r = beat(world, 3, "d" * 64, pending=3)  # the chain was rewritten under the same number
    assert any("different chain hash" in p for p in r.json()["problems"])
    (event,) = integrity_events(world)
    assert event["data"]["kind"] == "reused" and event["data"]["chain_ok"] is False


def test_a_head_that_differs_from_the_story_the_service_holds_is_flagged(world):
    world.accepted(2)
    r = beat(world, 2, "e" * 64, pending=0)
    assert any("different chain hash" in p for p in r.json()["problems"])


def test_stories_neither_received_nor_waiting_are_flagged(world):
    """A middle story marked ``acknowledged`` by hand (or deleted) before it was sent: the device's
    numbers no longer add up."""
    subs = world.accepted(1)
    r = beat(world, 3, "f" * 64, pending=1)  # 1 here + 1 waiting, but 3 numbered
    assert any("neither received here nor waiting" in p for p in r.json()["problems"])
    (event,) = integrity_events(world)
    assert event["data"]["kind"] == "unaccounted" and event["data"]["unaccounted"] == 1
    assert subs


def test_heartbeats_are_for_a_device_about_itself_only(world):
    assert beat(world, 0, GENESIS, token=world.provider).status_code == 403
    assert beat(world, 0, GENESIS, device_id="someone-else").status_code == 403
    assert world.client.post(f"/v1/devices/{world.device_id}/heartbeat", json={"pending": 0},
                             headers=world.dev).status_code == 422
    assert beat(world, -1, GENESIS).status_code == 422
    assert beat(world, 2**63, GENESIS).status_code == 422
    assert beat(world, 1, "not a hash").status_code == 422
    assert beat(world, 1, "a" * 64, surprise=1).status_code == 422
