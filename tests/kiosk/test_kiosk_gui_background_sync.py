"""The real kiosk app, enrolled, sends a waiting story to the real service by itself."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.support.service import running_service, story_rows

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not os.environ.get("DISPLAY"),
                       reason="needs a display: run the suite under xvfb-run (scripts/test does)"),
]


def test_enrolled_app_syncs_in_the_background(ck_home, ck_env, carekiosk_cmd, tmp_path):
    env = dict(ck_env, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_HOME=str(tmp_path / "kivy"))
    (ck_home / "carekiosk.toml").write_text("[sync]\nbackground_first_delay = 0.5\nbackground_interval = 1\n")
    with running_service(tmp_path / "service") as svc:
        home = svc.add_home("Rosewood House")
        enrol = subprocess.run([*carekiosk_cmd, "enrol", "--server", svc.url, "--code", svc.enrol_code(home)],
                               env=env, capture_output=True, text=True, timeout=60)
        assert enrol.returncode == 0, enrol.stderr
        added = subprocess.run([*carekiosk_cmd, "add", "-"], input='{"text": "Typed by staff.", '
                               '"author_role": "visitor"}', env=env, capture_output=True, text=True, timeout=60)
        assert added.returncode == 0, added.stderr
        app = subprocess.Popen([*carekiosk_cmd, "run", "--windowed"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 40
            while not story_rows(svc.data_dir) and time.monotonic() < deadline and app.poll() is None:
                time.sleep(0.2)
            assert app.poll() is None, app.stderr.read()
            assert len(story_rows(svc.data_dir)) == 1
        finally:
            app.terminate()
            app.wait(15)
