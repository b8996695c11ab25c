"""One sync at a time per device, and a killed sync never leaves the lock behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from sync.lock import EXIT_BUSY, SyncBusy, sync_lock
from sync.paths import Paths
from sync.profile import open_store


def test_a_second_sync_is_refused_while_one_runs(ck_home, ck_env, carekiosk_cmd):
    open_store().close()
    database = Paths.from_env().database
    with sync_lock(database):
        busy = subprocess.run([*carekiosk_cmd, "sync"], env=ck_env, capture_output=True, text=True, timeout=60)
        assert busy.returncode == EXIT_BUSY
        assert "Another sync is already running on this device" in busy.stderr
        with pytest.raises(SyncBusy):
            with sync_lock(database):
                pass
    free = subprocess.run([*carekiosk_cmd, "sync"], env=ck_env, capture_output=True, text=True, timeout=60)
    assert free.returncode == 4 and "not enrolled" in free.stderr  # got past the lock


def test_the_lock_dies_with_a_killed_process(ck_home, ck_env):
    open_store().close()
    database = Paths.from_env().database
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from sync.lock import sync_lock\n"
         f"with sync_lock({str(database)!r}):\n    print('held', flush=True); time.sleep(60)"],
        env=ck_env, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(SyncBusy):
        with sync_lock(database):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    deadline = time.monotonic() + 5
    while True:
        try:
            with sync_lock(database):
                break
        except SyncBusy:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_the_lock_file_is_the_owners_only(ck_home):
    import stat

    open_store().close()
    database = Paths.from_env().database
    with sync_lock(database) as path:
        assert path.name.endswith(".sync-lock")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
