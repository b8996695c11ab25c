"""The device's sync against the real reference service (``carekiosk serve`` in a subprocess on
127.0.0.1): killed syncs, a killed service, a story deleted by hand, bundles, auth failures."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter

import httpx
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from sync import outcomes
from sync.retry import Backoff
from sync.client import ApiClient
from sync.profile import open_store
from sync.runner import EXIT_AUTH, EXIT_OK, run_sync
from tests.support.service import running_service

pytestmark = pytest.mark.slow

FAST_CONFIG = ("[sync]\nbatch_size = {batch}\nconnect_timeout = 2\nread_timeout = 5\n"
               "backoff_base = 0.02\nbackoff_cap = 0.2\nmax_attempts = 40\n")


@pytest.fixture(scope="module")
def service(tmp_path_factory, module_backend):
    """The real service, once on SQLite and once on PostgreSQL (tests/support/backends.py)."""
    with running_service(tmp_path_factory.mktemp("service"), database_url=module_backend.url) as svc:
        yield svc


@pytest.fixture
def device(service, ck_home):
    """A device store enrolled (through the real `carekiosk enrol`) with a fresh home on the service."""
    home = service.add_home("Rose House")
    code = service.enrol_code(home)
    result = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", code, "--json"])
    assert result.exit_code == 0, result.output
    (ck_home / "carekiosk.toml").write_text(FAST_CONFIG.format(batch=100))
    store = open_store()
    assert store.device().home_id == home
    yield store
    store.close()


def service_uuids(service, device_id: str) -> Counter:
    return Counter(r["uuid"] for r in service.story_rows() if r["device_id"] == device_id)


def device_uuids(store) -> set[str]:
    return {r["uuid"] for r in store.story_rows()}


def assert_exactly_once(service, store):
    on_service = service_uuids(service, store.device().device_id)
    assert set(on_service) == device_uuids(store), "a story is missing on the service"
    assert max(on_service.values(), default=1) == 1, "a story is on the service twice"
    assert outcomes.outbox_summary(store)["pending"] == 0 and store.status()["pending"] == 0


def test_sync_and_pull_outcomes_from_the_real_service(service, device, stories):
    added = stories(device, 250)
    report = run_sync(device)
    assert report.exit_code == EXIT_OK, report.error
    assert (report.accepted, report.requests) == (250, 3 + 1 + 2)  # 3 batches, a heartbeat; events: a page of 250 + an empty page
    assert_exactly_once(service, device)
    # a moderator publishes one story, the provider says go ahead, the device learns the public text
    mod, prov = service.moderator_key(), service.provider_key(device.device().home_id)
    uuid = added[0].uuid
    r = httpx.post(f"{service.url}/v1/moderation/stories/{uuid}/decision",
                   json={"action": "publish", "criticality": 0, "title": "Lovely tea", "body": "The tea was lovely."},
                   headers={"Authorization": f"Bearer {mod}"})
    assert r.status_code == 200, r.text
    r = httpx.post(f"{service.url}/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                   headers={"Authorization": f"Bearer {prov}"})
    assert r.status_code == 200, r.text
    r = httpx.post(f"{service.url}/v1/provider/stories/{uuid}/responses",
                   json={"body": "Thank you, we will tell the kitchen.", "responder_name": "Sam",
                         "responder_role": "Manager"}, headers={"Authorization": f"Bearer {prov}"})
    assert r.status_code == 201, r.text
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.events >= 3
    outcome = list(device.query("SELECT status FROM outcomes WHERE uuid = ?", [uuid]))
    assert outcome == [{"status": "published"}]
    pub = list(device.query("SELECT title, body, uuid FROM published"))
    assert pub == [{"title": "Lovely tea", "body": "The tea was lovely.", "uuid": uuid}]
    assert [r["body"] for r in device.query("SELECT body FROM responses")] == [
        "Thank you, we will tell the kitchen."]


def test_sync_killed_30_times_loses_and_duplicates_nothing(service, device, stories, ck_home, ck_env,
                                                           carekiosk_cmd):
    (ck_home / "carekiosk.toml").write_text(FAST_CONFIG.format(batch=5))
    rng = random.Random(int(os.environ.get("CK_KILL_SEED", "5")))
    interrupted = caught_sending = 0

    def attempts() -> int:  # mark_sending counts an attempt on each story of a batch
        return device.conn.execute("SELECT COALESCE(SUM(attempts), 0) FROM outbox").fetchone()[0]

    t0 = time.monotonic()
    for round_ in range(30):
        stories(device, 60)
        before, tried = outcomes.outbox_summary(device), attempts()
        child = subprocess.Popen(carekiosk_cmd + ["sync"], env=ck_env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        if round_ % 3 == 0:
            # any moment from process start (python start-up, opening the store, the first request)
            time.sleep(rng.uniform(0.0, 0.6))
        else:
            # a moment inside the push: wait for its first batch, then up to ~a run's length more
            deadline = time.monotonic() + 5
            while attempts() == tried and time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        summary = outcomes.outbox_summary(device)
        sending = device.conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sending'").fetchone()[0]
        interrupted += 0 < summary["pending"] < before["pending"]
        caught_sending += sending > 0
        assert not device.verify(), device.verify()  # the device's own database is never damaged
    assert interrupted >= 10, f"only {interrupted} kills landed mid-sync"
    print(f"kill rounds took {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    # a sync after the last kill finishes the job
    (ck_home / "carekiosk.toml").write_text(FAST_CONFIG.format(batch=100))
    done = subprocess.run(carekiosk_cmd + ["sync", "--json"], env=ck_env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_exactly_once(service, device)
    assert len(device_uuids(device)) == 1800
    print(f"final sync took {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    # the moderator's view agrees: each story listed once
    listed = subprocess.run(carekiosk_cmd + ["moderate", "list", "--json", *service.database_args],
                            env=ck_env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    ours = device_uuids(device)
    mine = [s["uuid"] for s in json.loads(listed.stdout) if s["uuid"] in ours]
    assert len(mine) == len(set(mine)) == 1800
    with ApiClient(service.url, device.device().token) as client:
        report = client.integrity(device.device().device_id)
    assert report["missing"] == [] and report["chain_ok"] is True and report["received"] == 1800
    print(f"checks took {time.monotonic() - t0:.1f} s")
    print(f"kills mid-sync: {interrupted}/30; kills with a batch in flight ('sending'): {caught_sending}/30")


def test_service_killed_mid_batch(tmp_path, ck_home, stories):
    with running_service(tmp_path / "service2") as svc:
        home = svc.add_home("Elm House")
        store = open_store()
        enrolled = svc.enrol(svc.enrol_code(home), store.device().device_id)
        store.enrol(home_id=home, home_name="Elm House", public_key=enrolled["service_public_key"],
                    server_url=svc.url, token=enrolled["device_token"])
        stories(store, 1500)
        result: dict = {}

        def sync_in_background():
            with open_store() as own:
                result["report"] = run_sync(own, batch_size=20, max_attempts=60,
                                            backoff=Backoff(base=0.05, cap=0.3))

        worker = threading.Thread(target=sync_in_background)
        worker.start()
        kills = 0
        for threshold in (200, 600, 1000):
            deadline = time.monotonic() + 30
            while len(svc.story_rows()) < threshold and time.monotonic() < deadline and worker.is_alive():
                time.sleep(0.005)
            if not worker.is_alive():
                break
            svc.kill()  # SIGKILL, most likely inside a batch's transaction
            kills += 1
            time.sleep(0.3)
            svc.start()
        worker.join(120)
        assert kills == 3
        report = result["report"]
        assert report.retries >= 1, "the client never noticed the service going away"
        if report.exit_code != EXIT_OK:  # the run may give up while the service is down: the next one finishes
            report = run_sync(store)
        assert report.exit_code == EXIT_OK, report.error
        assert_exactly_once(svc, store)
        assert len(svc.story_rows()) == 1500
        store.close()


def test_story_deleted_by_hand_is_flagged_by_the_service(service, device, stories):
    added = stories(device, 6)
    gone = added[2]
    with device.transaction() as c:  # a provider quietly removes story number 3 before it syncs
        c.execute("DELETE FROM outbox WHERE uuid = ?", (gone.uuid,))
        c.execute("DELETE FROM stories WHERE uuid = ?", (gone.uuid,))
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.accepted == 5
    assert report.integrity_problems >= 1
    assert "integrity warning" in report.summary()
    dev = device.device()
    with ApiClient(service.url, dev.token) as client:
        integrity = client.integrity(dev.device_id)
        feed = client.events(dev.home_id)["events"]
    assert integrity["missing"] == [3] and integrity["problems"]
    flagged = [e for e in feed if e["type"] == "integrity_problem"]
    assert flagged and flagged[0]["data"]["missing"] == [3]
    assert "3" not in {str(r["seq"]) for r in service.story_rows() if r["device_id"] == dev.device_id}


def test_unknown_token_stops_the_run(service, device, stories):
    stories(device, 150)
    with device.transaction() as c:
        c.execute("UPDATE device SET token = 'not-a-real-token' WHERE id = 1")
    report = run_sync(device)
    assert report.exit_code == EXIT_AUTH and report.requests == 1 and report.waits == []
    assert "enrol again" in report.error
    assert outcomes.outbox_summary(device)["pending"] == 150


def test_sync_command_exit_code_for_401(service, device, stories, ck_env, carekiosk_cmd):
    stories(device, 2)
    with device.transaction() as c:
        c.execute("UPDATE device SET token = 'not-a-real-token' WHERE id = 1")
    done = subprocess.run(carekiosk_cmd + ["sync"], env=ck_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 6
    assert "does not recognise this device's token" in done.stderr


def test_enrol_code_cannot_be_used_by_a_second_device(service, ck_home, tmp_path, monkeypatch):
    code = service.enrol_code(service.add_home("Oak House"))
    first = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", code])
    assert first.exit_code == 0, first.output
    monkeypatch.setenv("CAREKIOSK_HOME", str(tmp_path / "second-kiosk"))
    again = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", code])
    assert again.exit_code == 6 and "refused this device" in again.output


def test_enrol_again_after_a_lost_answer_with_the_same_code(service, ck_home):
    """The service enrolled the kiosk but its answer never arrived: the same command again works."""
    import uuid

    from sync.field_commands import ENROLLED_ID_NAMESPACE

    code = service.enrol_code(service.add_home("Ash House"))
    store = open_store()
    planned = str(uuid.uuid5(ENROLLED_ID_NAMESPACE, f"{store.device().device_id}/enrolled"))
    store.close()
    service.enrol(code, planned)  # the first attempt reached the service; its answer was lost
    again = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", code])
    assert again.exit_code == 0, again.output
    store = open_store()
    assert store.device().device_id == planned and not store.device().is_demo
    store.close()


def test_export_import_with_the_real_service(service, device, stories, tmp_path):
    added = stories(device, 130)
    bundle = tmp_path / "usb.ckb"
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(bundle)]).exit_code == 0
    token = device.device().token
    args = ["import", str(bundle), "--server", service.url, "--token", token, "--json"]

    altered = tmp_path / "altered.ckb"
    doc = json.loads(bundle.read_text())
    doc["stories"][5]["seq"] = 999
    altered.write_text(json.dumps(doc))
    refused = runner.invoke(main, ["import", str(altered), "--server", service.url, "--token", token])
    assert refused.exit_code == 9 and "nothing was imported" in refused.output
    assert service_uuids(service, device.device().device_id) == Counter()

    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["accepted"] == 130
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and json.loads(second.output)["duplicate"] == 130
    assert outcomes.outbox_summary(device)["pending"] == 130  # the device still waits for its own ack
    report = run_sync(device)
    assert report.exit_code == EXIT_OK and report.duplicate == 130 and report.accepted == 0
    assert_exactly_once(service, device)
    assert len(added) == 130
