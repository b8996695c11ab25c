"""The kiosk's platform interface (kiosk/platform/), exercised on this machine through the same
calls the Kivy shell makes: which platform is picked, the keys each swallows, sd_notify over a
real datagram socket, the start-up deadline, story-free crash logs, and the Android decisions
(screen on, immersive, lock task only when the device owner allows it, private storage) against a
bridge that records the Java calls it would make."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from kiosk.platform import current
from kiosk.platform.android import BACK_KEYS, FLAG_KEEP_SCREEN_ON, IMMERSIVE_STICKY, AndroidPlatform
from kiosk.platform.base import EXIT_NO_WINDOW, F1, StartupDeadline
from kiosk.platform.desktop import DesktopPlatform
from kiosk.platform.linux import LinuxPlatform, story_free_traceback
from kiosk.platform.systemd import sd_notify, watchdog_seconds


@pytest.fixture
def notify_socket(tmp_path):
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield str(path), sock
    sock.close()


def test_the_platform_is_picked_from_the_environment():
    assert isinstance(current({}), DesktopPlatform)
    assert isinstance(current({"NOTIFY_SOCKET": "/run/x"}), LinuxPlatform) == sys.platform.startswith("linux")
    assert isinstance(current({"ANDROID_ARGUMENT": "/data/app"}), AndroidPlatform)


def test_every_platform_swallows_escape_and_f1_and_android_its_back_key():
    for platform in (DesktopPlatform({}), LinuxPlatform({}), AndroidPlatform({}, bridge=RecordingBridge())):
        assert platform.swallows_key(27) and platform.swallows_key(F1)
        assert not platform.swallows_key(ord("a"))
    assert all(AndroidPlatform({}, bridge=RecordingBridge()).swallows_key(k) for k in BACK_KEYS)


def test_linux_asks_sdl_for_x11_only_so_a_missing_display_fails_instead_of_drawing_offscreen():
    env = LinuxPlatform({}).environment_defaults()
    if sys.platform.startswith("linux"):
        assert env == {"SDL_VIDEODRIVER": "x11", "KIVY_WINDOW": "sdl2"}
    assert AndroidPlatform({}, bridge=RecordingBridge()).environment_defaults() == {}


def test_linux_tells_systemd_ready_and_alive_at_a_third_of_the_watchdog(notify_socket):
    path, sock = notify_socket
    env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"}
    platform = LinuxPlatform(env)
    assert platform.alive_every == 10.0
    platform.window_ready()
    assert sock.recv(4096).decode().split("\n")[0] == "READY=1"
    platform.alive()
    assert sock.recv(4096) == b"WATCHDOG=1" and platform.pings == 1
    platform.stopping()
    assert sock.recv(4096) == b"STOPPING=1"


def test_sd_notify_without_a_supervisor_or_with_a_dead_socket_is_quiet(tmp_path):
    assert sd_notify("READY=1", {}) is False
    assert sd_notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "nobody-listens")}) is False
    assert watchdog_seconds({"WATCHDOG_USEC": "nonsense"}) is None
    assert watchdog_seconds({"WATCHDOG_USEC": "3000000"}) == 3.0


def test_sd_notify_reaches_an_abstract_socket():
    name = f"carekiosk-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        assert sd_notify("WATCHDOG=1", {"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(100) == b"WATCHDOG=1"
    finally:
        sock.close()


def test_the_startup_deadline_fires_once_unless_welcome_is_drawn_in_time():
    said: list[str] = []
    deadline = StartupDeadline(0.2, on_expire=said.append).start()
    time.sleep(0.5)
    assert deadline.expired and len(said) == 1 and "did not show Welcome within 0 s" not in said[0]
    assert said[0].startswith("carekiosk: the kiosk's window did not show Welcome")
    met: list[str] = []
    early = StartupDeadline(0.3, on_expire=met.append).start()
    early.met()
    time.sleep(0.5)
    assert met == [] and not early.expired


def test_a_kiosk_whose_window_never_appears_stops_with_one_sentence_and_exit_3(tmp_path):
    """The real command with no X server to open: it ends within seconds, loudly (the black-screen
    cause: without SDL_VIDEODRIVER=x11, SDL would quietly draw offscreen for ever)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER", "KIVY_WINDOW")}
    env.update({"DISPLAY": ":987", "CAREKIOSK_HOME": str(tmp_path / "home"), "CAREKIOSK_STARTUP_DEADLINE": "20"})
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "run", "--windowed"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == EXIT_NO_WINDOW
    assert time.monotonic() - started < 20, "it waited for the deadline: the display failure went unnoticed"
    assert done.stderr.strip().splitlines()[-1] == (
        "carekiosk: the kiosk's window could not be opened (no display, or the display refused the "
        "connection); stopping so it can be started again.")


def test_the_deadline_ends_a_process_that_never_draws(tmp_path):
    code = ("import time; from kiosk.platform.base import StartupDeadline; StartupDeadline(0.5).start(); "
            "time.sleep(30)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_NO_WINDOW
    assert done.stderr.strip().count("\n") == 0 and "did not show Welcome within 0 s" not in done.stderr
    assert "stopping so it can be started again" in done.stderr


def test_crash_logs_name_the_place_but_never_the_message():
    try:
        raise ValueError("My husband Fred in room 12 was left cold")
    except ValueError as exc:
        text = story_free_traceback(type(exc), exc, exc.__traceback__)
    assert "builtins.ValueError" in text and "test_kiosk_platform.py" in text
    assert "Fred" not in text and "room 12" not in text


class RecordingBridge:
    """Stands where pyjnius reaches Android's Activity: records each call the platform makes."""

    def __init__(self, permitted: bool = False, files: str = "/data/data/org.carekiosk.kiosk/files"):
        self.calls: list[tuple] = []
        self.permitted, self.files = permitted, files

    def add_window_flags(self, flags):
        self.calls.append(("addFlags", flags))

    def set_system_ui_visibility(self, flags):
        self.calls.append(("setSystemUiVisibility", flags))

    def lock_task_permitted(self):
        self.calls.append(("isLockTaskPermitted",))
        return self.permitted

    def start_lock_task(self):
        self.calls.append(("startLockTask",))

    def stop_lock_task(self):
        self.calls.append(("stopLockTask",))

    def files_dir(self):
        return self.files


def test_android_keeps_the_screen_on_goes_immersive_and_pins_only_when_allowed():
    bridge = RecordingBridge(permitted=False)
    platform = AndroidPlatform({}, bridge=bridge)
    platform.window_ready()
    assert bridge.calls == [("addFlags", FLAG_KEEP_SCREEN_ON), ("setSystemUiVisibility", IMMERSIVE_STICKY),
                            ("isLockTaskPermitted",)]  # no device owner: never asks the visitor to pin
    owned = RecordingBridge(permitted=True)
    locked = AndroidPlatform({}, bridge=owned)
    locked.window_ready()
    assert owned.calls[-1] == ("startLockTask",) and locked.locked
    locked.alive()
    assert owned.calls[-1] == ("setSystemUiVisibility", IMMERSIVE_STICKY)
    locked.stopping()
    assert owned.calls[-1] == ("stopLockTask",) and not locked.locked


def test_android_keeps_data_in_the_apps_private_storage():
    platform = AndroidPlatform({}, bridge=RecordingBridge(files="/data/user/0/org.carekiosk.kiosk/files"))
    assert str(platform.data_home()) == "/data/user/0/org.carekiosk.kiosk/files/carekiosk"
    assert DesktopPlatform({}).data_home() is None and LinuxPlatform({}).data_home() is None
