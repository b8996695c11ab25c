"""Issue 11, the real ``carekiosk serve`` in a subprocess: what its log keeps, and a port already taken."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.support.service import running_service

pytestmark = pytest.mark.slow


def test_the_access_log_never_records_query_strings(tmp_path):
    with running_service(tmp_path / "service", log_level="info") as svc:
        assert httpx.get(svc.url + "/v1/health?token=ckd_SECRET-IN-QUERY", timeout=10).status_code == 200
        httpx.get(svc.url + "/v1/public/opinions?home_id=home_x&key=ckp_ANOTHER-SECRET", timeout=10)
        httpx.get(svc.url + "/v1/homes/home_x/events?after=1&token=ckd_THIRD-SECRET", timeout=10)
    log = (tmp_path / "service" / "service.log").read_text()
    assert "/v1/health" in log and "/v1/public/opinions" in log  # the access log is still kept ...
    assert "SECRET" not in log and "?" not in log.replace("??", "")  # ... without any query string


def test_a_second_serve_on_a_port_in_use_says_so_in_one_sentence(tmp_path):
    with running_service(tmp_path / "service") as svc:
        second = subprocess.run([sys.executable, "-m", "kiosk.cli", "serve", "--port", str(svc.port),
                                 "--data-dir", str(tmp_path / "other")], capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    lines = [line for line in second.stderr.splitlines() if line.startswith("carekiosk:")]
    assert lines and "already in use" in lines[-1] and str(svc.port) in lines[-1], second.stderr
    assert "Errno" not in second.stderr and "Traceback" not in second.stderr
    assert "ERROR" not in second.stderr
