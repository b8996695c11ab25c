"""How `carekiosk notify --once` reads the moderation service's answers through the one API client:
a refused key stops it (exit 1, one sentence), a Wi-Fi login page answering "200 OK" is not the
service (exit 5, nothing recorded), plain http to another machine is refused before anything is sent."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.service import running_service


def _notify(ck_env, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in ck_env.items() if not k.startswith(("TWILIO_", "NOTIFY_", "CAREKIOSK_NOTIFY"))}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "notify", "--once", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_a_refused_key_stops_the_notifier_with_one_sentence(tmp_path, ck_env):
    with running_service(tmp_path / "svc") as svc:
        home = svc.add_home("Key House")
        done = _notify(ck_env, "--server", svc.url, "--key", "ckp_not-a-real-key", "--home", home)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"carekiosk: The moderation service refused the notifier's key (HTTP 401) for /v1/homes/{home}; "
        "check --key / CAREKIOSK_NOTIFY_KEY and the homes it covers.")
    assert "ckp_not-a-real-key" not in done.stdout + done.stderr


class _LoginPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = b"<html><body>Welcome to the care home Wi-Fi. Log in to continue.</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_wifi_login_page_is_not_the_service(ck_env, ck_home):
    portal = ThreadingHTTPServer(("127.0.0.1", 0), _LoginPage)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    try:
        done = _notify(ck_env, "--server", f"http://127.0.0.1:{portal.server_address[1]}", "--key", "ckp_x")
    finally:
        portal.shutdown()
        portal.server_close()
    assert done.returncode == 5, done.stderr
    assert "service_errors 1" in done.stdout


def test_plain_http_to_another_machine_is_refused(ck_env):
    done = _notify(ck_env, "--server", "http://moderation.example.org", "--key", "ckp_x")
    assert done.returncode == 1
    assert "Refusing plain http:// to moderation.example.org" in done.stderr
