"""Fixtures for the notices suite: the provider stand-in and fixed clock/sample data."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent


def _load(name: str):
    full = f"carekiosk_tests_notices_{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.spec_from_file_location(full, _HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module


standin_module = _load("standin")

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def standin():
    with standin_module.StandIn() as server:
        yield server


@pytest.fixture
def now() -> datetime:
    return NOW
