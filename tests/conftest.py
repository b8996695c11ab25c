"""Shared fixtures: every test gets its own CAREKIOSK_HOME, so no test touches a real device's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.support.backends import backend, module_backend, pg_cluster, pytest_generate_tests  # noqa: F401

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def ck_home(tmp_path, monkeypatch) -> Path:
    """A private CAREKIOSK_HOME for this test (settings and data both live there)."""
    home = tmp_path / "ck-home"
    home.mkdir()
    monkeypatch.setenv("CAREKIOSK_HOME", str(home))
    return home


@pytest.fixture
def ck_env(ck_home) -> dict[str, str]:
    """Environment for a child process that should use the same CAREKIOSK_HOME."""
    env = dict(os.environ)
    env["CAREKIOSK_HOME"] = str(ck_home)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


@pytest.fixture
def carekiosk_cmd() -> list[str]:
    """How to run the real console command in a child process."""
    return [sys.executable, "-m", "kiosk.cli"]
