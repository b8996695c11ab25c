"""Faults with real processes: two ``carekiosk serve`` instances on one PostgreSQL behind a load
balancer (tests/support/balancer.py), real device stores syncing through it with the real sync
runner. One instance is SIGKILLed mid-load; then PostgreSQL itself is restarted mid-load.

Afterwards every story is stored exactly once, no device has a story pending and every device's
integrity report is clean; while PostgreSQL is away the service answers 503 with Retry-After
(never 500), the kiosks back off, and the service carries on by itself once it is back.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import httpx
import pytest

from sync import outcomes
from sync.client import ApiClient
from sync.config import Config
from sync.retry import Backoff
from sync.runner import EXIT_OK, run_sync
from sync.store import Store
from sync.story import Story
from tests.support.balancer import Balancer
from tests.support.service import running_service

pytestmark = [pytest.mark.slow, pytest.mark.postgresql_only]

DEVICES = 20
FAST = Config({"sync": {"connect_timeout": 2, "read_timeout": 10, "backoff_base": 0.05, "backoff_cap": 1.0,
                        "max_attempts": 60, "max_retry_after": 30}})


def enrolled_store(folder, url: str, svc, n: int) -> Store:
    home = svc.add_home(f"Home {n}")
    doc = httpx.post(url + "/v1/enrol", json={"code": svc.enrol_code(home), "device_id": f"fo-{n}"}, timeout=30).json()
    store = Store(folder / f"device-{n}.sqlite3")
    store.enrol(home_id=home, home_name=f"Home {n}", public_key=doc["service_public_key"], server_url=url,
                token=doc["device_token"], device_id=f"fo-{n}")
    return store


def sync(store: Store):
    return run_sync(store, config=FAST)


def add(store: Store, k: int) -> None:
    store.add_stories([Story(text=f"Story {random.random()}: the tea was lovely.", author_role="relative")
                       for _ in range(k)])


class Devices:
    """DEVICES kiosks, each writing a story or two and syncing, over and over, in its own thread."""

    def __init__(self, stores: list[Store], rounds: int):
        self.stores, self.rounds = stores, rounds
        self.errors: list[BaseException] = []
        self.reports: list = []
        self.threads = [threading.Thread(target=self._run, args=(s,), daemon=True) for s in stores]

    def _run(self, store: Store) -> None:
        try:
            for _ in range(self.rounds):
                add(store, random.randint(1, 2))
                self.reports.append(sync(store))
                time.sleep(random.uniform(0.05, 0.3))
        except BaseException as exc:  # noqa: BLE001 - reported by join()
            self.errors.append(exc)

    def start(self) -> "Devices":
        for t in self.threads:
            t.start()
        return self

    def join(self) -> None:
        for t in self.threads:
            t.join(300)
        assert not any(t.is_alive() for t in self.threads), "a device's sync never finished"
        assert not self.errors, self.errors


def settle_and_check(stores: list[Store], svc, url: str) -> None:
    """Sync each device until nothing is pending; then exactly once, nothing pending, integrity clean."""
    for store in stores:
        for _ in range(5):
            if sync(store).exit_code == EXIT_OK and outcomes.outbox_summary(store)["pending"] == 0:
                break
        assert outcomes.outbox_summary(store)["pending"] == 0 and store.status()["pending"] == 0
    rows = svc.story_rows()
    on_service = Counter(r["uuid"] for r in rows)
    assert max(on_service.values()) == 1, "a story is stored twice"
    written = {r["uuid"] for store in stores for r in store.story_rows()}
    assert set(on_service) == written, "a story written on a device is missing on the service"
    for store in stores:
        device = store.device()
        report = httpx.get(f"{url}/v1/devices/{device.device_id}/integrity", timeout=30,
                           headers={"Authorization": f"Bearer {device.token}"}).json()
        assert report["missing"] == [] and report["chain_ok"] and report["problems"] == [], report
        assert report["received"] == report["highest_seq"] == device.last_seq


def test_an_instance_killed_mid_load_loses_nothing_and_the_other_carries_on(tmp_path, backend):
    data = tmp_path / "service"
    with running_service(data, log_name="a.log") as a, running_service(data, log_name="b.log") as b, \
            Balancer([a.url, b.url]) as lb:
        stores = [enrolled_store(tmp_path, lb.url, a, n) for n in range(DEVICES)]
        devices = Devices(stores, rounds=6).start()
        time.sleep(1.5)
        a.kill()  # SIGKILL: whatever it was doing is cut off
        devices.join()
        assert any(r.retries for r in devices.reports) or lb.connections[0] > 0
        settle_and_check(stores, b, lb.url)
        assert a.process.returncode == -9 and b.process.poll() is None
        for store in stores:
            store.close()
    assert "Traceback" not in b.log_tail(200)


def test_postgresql_restarted_mid_load_answers_503_then_recovers_by_itself(tmp_path, backend):
    data = tmp_path / "service"
    with running_service(data, log_name="a.log") as a, running_service(data, log_name="b.log") as b, \
            Balancer([a.url, b.url]) as lb:
        stores = [enrolled_store(tmp_path, lb.url, a, n) for n in range(DEVICES)]
        statuses: Counter = Counter()
        retry_after: set[str] = set()
        stop = threading.Event()

        def probe() -> None:  # the public reading and a device's feed, all through the restart
            client = httpx.Client(timeout=10)
            device = stores[0].device()
            while not stop.is_set():
                for method, path, headers in (
                        ("GET", "/v1/public/opinions", {}),
                        ("GET", f"/v1/homes/{device.home_id}/events", {"Authorization": f"Bearer {device.token}"})):
                    try:
                        r = client.request(method, lb.url + path, headers=headers)
                    except httpx.HTTPError:
                        statuses["no answer"] += 1
                        continue
                    statuses[r.status_code] += 1
                    if r.status_code == 503:
                        retry_after.add(r.headers.get("Retry-After", ""))
                time.sleep(0.02)
            client.close()

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        devices = Devices(stores, rounds=5).start()
        time.sleep(1.0)
        backend.cluster.restart(down_for=3.0)
        devices.join()
        stop.set()
        prober.join(30)
        assert statuses[503] > 0 and retry_after == {"5"}, statuses  # the service said: come back soon
        assert 500 not in statuses, statuses  # never an internal error
        assert set(statuses) <= {200, 503, "no answer"}, statuses
        waited = [w for r in devices.reports for w in r.waits]
        assert any(w >= 5 for w in waited), waited  # the kiosks backed off at least as long as asked
        # both instances are still the same processes and answer again without a restart
        assert a.process.poll() is None and b.process.poll() is None
        for svc in (a, b):
            assert httpx.get(svc.url + "/v1/public/opinions", timeout=10).status_code == 200
        settle_and_check(stores, a, lb.url)
        for store in stores:
            store.close()
    for svc in (a, b):
        assert "Traceback" not in svc.log_tail(400)
