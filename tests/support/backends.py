"""The service's two database backends as a pytest fixture: ``backend`` is ``sqlite`` (the SQLite
file in the data folder, as on a laptop) or ``postgresql`` (a fresh database in one private cluster
per test session, :mod:`tests.support.postgres`), chosen by setting ``CAREKIOSK_DATABASE_URL`` for
the test, so the in-process app, the setup helpers and every ``carekiosk serve``/``admin`` child
process the test starts all use the same database.

A test (or module) that asks for ``backend`` runs once on each; ``@pytest.mark.sqlite_only``
keeps one on SQLite (it is about the SQLite file itself), ``@pytest.mark.postgresql_only`` on
PostgreSQL (it is about several writers at once, which SQLite never has). Without PostgreSQL installed the
``postgresql`` runs are skipped, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

import pytest

from sync.server.db import DATABASE_URL_ENV, Database

from . import postgres

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "ck_template"


@dataclass(frozen=True)
class Backend:
    name: str
    url: str | None = None  # None: the SQLite file in the data folder
    cluster: postgres.Cluster | None = None

    @property
    def postgresql(self) -> bool:
        return self.name == "postgresql"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker
        names = ["sqlite"] if marker("sqlite_only") else ["postgresql"] if marker("postgresql_only") else list(BACKENDS)
        metafunc.parametrize("backend", names, indirect=True, scope="function")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[postgres.Cluster]:
    """One private cluster for the whole session (per xdist worker), with a migrated template database."""
    if not postgres.available():
        message = "PostgreSQL is not installed (scripts/setup-machine test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres.private_cluster() as cluster:
        Database(cluster.create_database(TEMPLATE)).close()  # migrated once; each test copies it
        yield cluster


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """For a module whose real service is shared by its tests: one database per backend, named
    explicitly (``running_service(..., database_url=backend.url)``) rather than through the
    environment, which would reach the module's other tests too."""
    if request.param == "sqlite":
        yield Backend("sqlite")
        return
    cluster: postgres.Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template=TEMPLATE)
    try:
        yield Backend("postgresql", url, cluster)
    finally:
        cluster.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Backend]:
    name = getattr(request, "param", "sqlite")
    if name == "sqlite":
        monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
        yield Backend("sqlite")
        return
    cluster: postgres.Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template=TEMPLATE)
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    try:
        yield Backend("postgresql", url, cluster)
    finally:
        cluster.drop_database(url.rsplit("/", 1)[1])
