"""The kiosk's background sync sends stories by itself once enrolled, and does nothing on the demo."""

from __future__ import annotations

import subprocess
import time

from kiosk.background_sync import BackgroundSync
from sync.paths import Paths
from sync.profile import open_store
from tests.support.service import running_service, story_rows
from sync.story import validate_story


def _add(n: int) -> None:
    store = open_store()
    store.add_stories([validate_story({"text": f"Background story {i}.", "author_role": "visitor"})
                       for i in range(n)])
    store.close()


def test_demo_profile_sends_nothing(ck_home):
    _add(2)
    bg = BackgroundSync(Paths.from_env(), interval=0.05, first_delay=0)
    result = bg.run_once()
    assert result.exit_code is None and "demo" in result.summary
    assert open_store().status()["pending"] == 2


def test_enrolled_kiosk_syncs_in_the_background_until_stopped(ck_home, ck_env, carekiosk_cmd, tmp_path):
    with running_service(tmp_path / "service") as svc:
        home = svc.add_home("Rosewood House")
        enrol = subprocess.run([*carekiosk_cmd, "enrol", "--server", svc.url, "--code", svc.enrol_code(home)],
                               env=ck_env, capture_output=True, text=True, timeout=60)
        assert enrol.returncode == 0, enrol.stderr
        _add(3)
        bg = BackgroundSync(Paths.from_env(), interval=0.2, first_delay=0.1)
        bg.start()
        try:
            deadline = time.monotonic() + 20
            while open_store().status()["pending"] and time.monotonic() < deadline:
                time.sleep(0.1)
            assert open_store().status()["pending"] == 0
            _add(2)  # written while the kiosk is running: picked up on a later round
            while open_store().status()["pending"] and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            bg.stop()
        assert open_store().status()["acknowledged"] == 5
        assert len(story_rows(svc.data_dir)) == 5
        assert bg.last is not None and bg.last.exit_code == 0 and bg.runs >= 2
        runs = bg.runs
        time.sleep(0.5)
        assert bg.runs == runs, "stopped means stopped"
