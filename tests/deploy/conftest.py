"""The staged appliance install the deploy tests share: ``scripts/install-kiosk --root DIR``, made
once per checkout and brought up to date by the installer itself (it reinstalls only when the
source changed), guarded by a file lock so the suite's two workers never install at once."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "scripts" / "install-kiosk"


def needs_root_and_tools(*tools: str):
    missing = [t for t in tools if shutil.which(t) is None]
    reasons = []
    if os.geteuid() != 0:
        reasons.append("the installer and cage tests run as root (CI does): cage refuses root, so they switch "
                       "to an unprivileged user")
    if missing:
        reasons.append(f"missing {', '.join(missing)} (scripts/setup-machine test installs them)")
    return pytest.mark.skipif(bool(reasons), reason="; ".join(reasons))


def stage_path() -> Path:
    tag = hashlib.sha256(str(REPO).encode()).hexdigest()[:10]
    return Path("/tmp") / f"carekiosk-stage-{tag}"


def run_installer(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(INSTALLER), *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def staged_root() -> Path:
    """A root the installer has installed into (``--root``), readable by unprivileged users."""
    root = stage_path()
    with FileLock(str(root) + ".lock", timeout=1200):
        root.mkdir(mode=0o755, exist_ok=True)
        os.chmod(root, 0o755)
        done = run_installer("--root", str(root))
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return root
