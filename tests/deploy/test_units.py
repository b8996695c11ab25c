"""The systemd units in deploy/linux/ are valid (``systemd-analyze verify``) and say what the
appliance promises: restarted for ever, a watchdog, no other app reachable, owner-only data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .appliance import UNITS, reroot, unit_service
from .conftest import needs_root_and_tools

UNIT_FILES = sorted(UNITS.glob("*.service"))


def test_the_repository_has_the_kiosk_and_service_units():
    names = {p.name for p in UNIT_FILES}
    assert names == {"carekiosk-kiosk.service", "carekiosk-serve.service", "carekiosk-notify.service"}


def test_kiosk_unit_restarts_for_ever_with_a_watchdog_under_cage():
    service = unit_service(UNITS / "carekiosk-kiosk.service")
    assert service["Type"] == ["notify"] and service["NotifyAccess"] == ["all"]  # the app is cage's child
    assert service["Restart"] == ["always"]
    assert float(service["WatchdogSec"][0]) > 0
    assert service["User"] == ["carekiosk"]
    (exec_start,) = service["ExecStart"]
    argv = exec_start.split()
    assert argv[0] == "/usr/bin/cage" and "-s" not in argv  # no VT switching: no other console
    assert argv[argv.index("--") + 1:] == ["/opt/carekiosk/venv/bin/carekiosk", "run"]  # fullscreen
    assert service["StateDirectoryMode"] == ["0700"] and service["UMask"] == ["0077"]
    text = (UNITS / "carekiosk-kiosk.service").read_text()
    assert "StartLimitIntervalSec=0" in text  # never gives up restarting
    assert "Conflicts=getty@tty1.service" in text  # no login prompt on the kiosk's console


def test_service_side_listens_on_loopback_only_behind_a_tls_proxy():
    serve = unit_service(UNITS / "carekiosk-serve.service")
    assert "--host 127.0.0.1" in serve["ExecStart"][0]
    assert serve["Restart"] == ["always"]
    assert "reverse_proxy 127.0.0.1:8470" in (UNITS / "Caddyfile").read_text()
    nginx = (UNITS / "nginx-carekiosk.conf").read_text()
    assert "proxy_pass http://127.0.0.1:8470" in nginx and "listen 443 ssl" in nginx
    notify = unit_service(UNITS / "carekiosk-notify.service")
    assert notify["ExecStart"] == ["/opt/carekiosk/venv/bin/carekiosk notify"]


@needs_root_and_tools("systemd-analyze", "cage")
@pytest.mark.slow
@pytest.mark.parametrize("unit", [p.name for p in UNIT_FILES])
def test_unit_passes_systemd_analyze_verify(unit, staged_root, tmp_path):
    """Verified as installed, with /opt/carekiosk pointing into the staged install (verify checks
    that each ExecStart program exists and is executable)."""
    installed = tmp_path / unit
    installed.write_text(reroot((UNITS / unit).read_text(), staged_root))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(installed)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stderr.splitlines() if unit in line]
    assert not problems, done.stderr
