"""Fixtures for the notices suite: the provider stand-in and fixed clock/sample data."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.support import standin as standin_module

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def standin():
    with standin_module.StandIn() as server:
        yield server


@pytest.fixture
def now() -> datetime:
    return NOW
