"""Fixtures for the moderation service tests: an in-process app (TestClient, injectable clock) over
a real data folder, with a home, an enrolled device, a provider and a moderator ready to use.

Every test here runs twice, on SQLite and on PostgreSQL (the autouse ``backend`` fixture,
tests/support/backends.py), unless it is marked ``sqlite_only``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sync.server.app import create_app
from sync.server.db import Database, database_target
from tests.support.clock import Clock
from tests.support.service import add_home, enrol_code, make_submissions, moderator_key, provider_key


@dataclass
class World:
    client: TestClient
    data_dir: Path
    clock: Clock
    home_id: str
    other_home_id: str
    device_id: str
    device_token: str
    public_key: str
    moderator: str
    provider: str
    other_provider: str

    def database(self) -> Database:
        """The service's database opened beside the app (its SQLite file, or the test's PostgreSQL)."""
        return Database(database_target(self.data_dir))

    def h(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    @property
    def dev(self) -> dict[str, str]:
        return self.h(self.device_token)

    @property
    def mod(self) -> dict[str, str]:
        return self.h(self.moderator)

    @property
    def prov(self) -> dict[str, str]:
        return self.h(self.provider)

    def submit(self, subs: list[dict], token: str | None = None):
        return self.client.post("/v1/stories", json={"stories": subs}, headers=self.h(token or self.device_token))

    def stories(self, count: int = 1, **kw) -> list[dict]:
        return make_submissions(self.public_key, self.device_id, count, **kw)

    def accepted(self, count: int = 1, **kw) -> list[dict]:
        subs = self.stories(count, **kw)
        r = self.submit(subs)
        assert r.status_code == 200, r.text
        assert [x["result"] for x in r.json()["results"]] == ["accepted"] * count
        return subs

    def decide(self, uuid: str, action: str, **kw):
        if action in ("publish", "restrict"):
            kw.setdefault("criticality", 2)  # the moderator must say how critical it is
        return self.client.post(f"/v1/moderation/stories/{uuid}/decision", json={"action": action, **kw},
                                headers=self.mod)

    def publish(self, uuid: str, **kw) -> dict:
        r = self.decide(uuid, "publish", **kw)
        assert r.status_code == 200, r.text
        r = self.client.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                             headers=self.prov)
        assert r.status_code == 200, r.text
        return r.json()

    def events(self, after: int = 0, token: str | None = None, home_id: str | None = None):
        r = self.client.get(f"/v1/homes/{home_id or self.home_id}/events", params={"after": after},
                            headers=self.h(token or self.device_token))
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture(autouse=True)
def _on_each_backend(backend):
    """The service's tests run on both backends."""
    return backend


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def world(tmp_path, clock) -> World:
    data_dir = tmp_path / "service"
    app = create_app(data_dir, clock=clock)
    client = TestClient(app)
    home = add_home(data_dir, "Rose House", roster={"staff": ["Ann"]})
    other = add_home(data_dir, "Elm House")
    r = client.post("/v1/enrol", json={"code": enrol_code(data_dir, home), "device_id": "dev-rose-1"})
    assert r.status_code == 201, r.text
    doc = r.json()
    w = World(client=client, data_dir=data_dir, clock=clock, home_id=home, other_home_id=other,
              device_id="dev-rose-1", device_token=doc["device_token"], public_key=doc["service_public_key"],
              moderator=moderator_key(data_dir), provider=provider_key(data_dir, home),
              other_provider=provider_key(data_dir, other))
    yield w
    client.close()
    app.state.service.db.close()
