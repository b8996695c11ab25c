"""Heartbeats against the real service (``carekiosk serve`` in a subprocess): every sync reports
the device's health and chain head; a device whose newest stories are deleted and whose counter is
rewound after a heartbeat reported them is flagged at the next contact, and so is a middle story
marked ``acknowledged`` by hand; stories written and deleted between two contacts are not (the
limit the README states)."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from sync.client import ApiClient
from sync.health import snapshot
from sync.profile import open_store
from sync.runner import EXIT_OK, run_sync
from sync.story import Story
from tests.support.service import running_service

pytestmark = pytest.mark.slow

FAST = "[sync]\nconnect_timeout = 2\nread_timeout = 5\nbackoff_base = 0.02\nbackoff_cap = 0.2\nmax_attempts = 5\n"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("service")) as svc:
        yield svc


@pytest.fixture
def device(service, ck_home):
    home = service.add_home("Rose House")
    result = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", service.enrol_code(home), "--json"])
    assert result.exit_code == 0, result.output
    (ck_home / "carekiosk.toml").write_text(FAST)
    store = open_store()
    yield store
    store.close()


def add(store, n: int) -> None:
    store.add_stories([Story(text=f"The carers listened to me, story {i}.", author_role="resident") for i in range(n)])


def integrity(service, store) -> dict:
    key = service.provider_key(store.device().home_id)
    r = httpx.get(f"{service.url}/v1/devices/{store.device().device_id}/integrity",
                  headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def health(service, store) -> dict:
    home = store.device().home_id
    r = httpx.get(f"{service.url}/v1/homes/{home}/devices",
                  headers={"Authorization": f"Bearer {service.provider_key(home)}"}, timeout=10)
    (dev,) = r.json()["devices"]
    return dev["health"]


def delete_newest(store, keep: int) -> None:
    rows = store.story_rows()
    for row in rows[keep:]:
        store.conn.execute("DELETE FROM outbox WHERE uuid = ?", (row["uuid"],))
        store.conn.execute("DELETE FROM stories WHERE uuid = ?", (row["uuid"],))
    store.conn.execute("UPDATE device SET last_seq = ?, head_hash = ?", (keep, rows[keep - 1]["chain_hash"]))


def test_every_sync_reports_health_and_the_chain_head(service, device):
    add(device, 3)
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.heartbeat, report.error
    found = health(service, device)
    assert (found["last_seq"], found["head_hash"], found["pending"]) == (3, device.device().head_hash, 0)
    assert found["software_version"] and found["free_disk_bytes"] > 0 and found["uptime_seconds"] >= 0
    assert run_sync(device).heartbeat  # nothing to send: the heartbeat goes all the same
    assert integrity(service, device)["problems"] == []


def test_newest_stories_deleted_after_a_heartbeat_reported_them_are_flagged(service, device):
    add(device, 3)
    assert run_sync(device).exit_code == EXIT_OK
    add(device, 2)  # stories 4 and 5, reported while still waiting (e.g. a heartbeat between syncs)
    with ApiClient(device.device().server_url, device.device().token) as client:
        assert client.heartbeat(device.device().device_id, snapshot(device))["highest_seq"] == 5
    delete_newest(device, keep=3)
    assert device.verify() == []  # the device alone cannot tell
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.integrity_problems == 1
    found = integrity(service, device)
    assert found["chain_ok"] is False
    assert any("later reported a lower number" in p for p in found["problems"])


def test_stories_written_and_deleted_between_two_contacts_are_not_detectable(service, device):
    add(device, 3)
    assert run_sync(device).exit_code == EXIT_OK
    add(device, 2)
    delete_newest(device, keep=3)  # before any heartbeat reported 4 or 5
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.integrity_problems == 0
    assert integrity(service, device)["problems"] == []


def test_a_middle_story_marked_acknowledged_by_hand_is_caught_by_verify_and_the_service(service, device):
    add(device, 3)
    middle = device.story_rows()[1]["uuid"]
    device.conn.execute("UPDATE outbox SET state = 'acknowledged', result = 'accepted' WHERE uuid = ?", (middle,))
    assert device.verify() == ["story number 2 is marked as received by the service, but the service never "
                               "acknowledged it (its outbox row was changed by hand)"]
    report = run_sync(device)
    assert report.acknowledged == 2 and report.integrity_problems >= 1
    problems = integrity(service, device)["problems"]
    assert any("neither received here nor waiting" in p for p in problems)
    assert any("2" in p and "never arrived" in p for p in problems)


def test_admin_devices_shows_each_kiosks_health(service, device):
    add(device, 2)
    assert run_sync(device).exit_code == EXIT_OK
    home = device.device().home_id
    result = CliRunner().invoke(main, ["admin", "devices", home, "--json", "--data-dir", str(service.data_dir)])
    assert result.exit_code == 0, result.output
    import json

    (dev,) = json.loads(result.output)
    assert dev["device_id"] == device.device().device_id
    assert (dev["health"]["last_seq"], dev["health"]["highest_seq"], dev["health"]["pending"]) == (2, 2, 0)
    assert dev["problems"] == []
    table = CliRunner().invoke(main, ["admin", "devices", home, "--data-dir", str(service.data_dir)])
    assert table.exit_code == 0 and "highest no." in table.output and "GB" in table.output, table.output
    unknown = CliRunner().invoke(main, ["admin", "devices", "home_nope", "--data-dir", str(service.data_dir)])
    assert unknown.exit_code != 0 and "There is no care home" in unknown.output
