"""The kiosk unit's own command line under cage (headless backend): Welcome is drawn fullscreen and
systemd hears READY=1 and WATCHDOG=1; a kiosk killed with SIGKILL mid-story takes cage down with it
(so systemd would see the unit stop), and the same ExecStart started again - what ``Restart=always``
does - is back at Welcome with the store intact (``carekiosk verify``).

What this cannot show (no such hardware here): a real DRM screen, a touch panel through libinput,
logind handing cage the seat, and systemd itself restarting the unit; see docs/kiosk.md.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from .appliance import Kiosk, new_kiosk, work_dir
from .conftest import needs_root_and_tools

pytestmark = [needs_root_and_tools("cage", "grim", "Xwayland", "xdotool", "useradd"), pytest.mark.slow,
              pytest.mark.timeout(600)]

BACKGROUND = (0xFA, 0xF6, 0xEE)   # kiosk.theme.DEFAULT.background
PRIMARY = (0x14, 0x38, 0x6B)      # primary_bg: "Tell us about your care", Next
BUTTON = (0xE6, 0xDF, 0xD0)       # button_bg: the answers
CHOSEN = (0x0E, 0x4D, 0x2F)       # chosen_bg


def filled(image: Image.Image, colour: tuple[int, int, int], thickness: int = 15):
    """Bounding box of the areas at least ``thickness`` px thick filled with exactly ``colour``
    (outlines and text are thinner, so only buttons' faces remain), or None."""
    red, green, blue = ImageChops.difference(image, Image.new("RGB", image.size, colour)).split()
    mask = ImageChops.lighter(ImageChops.lighter(red, green), blue).point(lambda v: 255 if v == 0 else 0)
    core = mask.filter(ImageFilter.MinFilter(thickness))
    return core.getbbox()


def share(image: Image.Image, colour: tuple[int, int, int]) -> float:
    counts = dict((c, n) for n, c in image.getcolors(image.size[0] * image.size[1]))
    return counts.get(colour, 0) / (image.size[0] * image.size[1])


def assert_welcome(path: Path) -> tuple[int, int]:
    """The Welcome screen fills the output: background everywhere at the edges, the big primary
    button across the top half. Returns the button's centre."""
    image = Image.open(path).convert("RGB")
    width, height = image.size
    assert (width, height) == (1280, 720), "cage's headless output is 1280 x 720"
    corners = [image.getpixel(p) for p in ((2, 2), (width - 3, 2), (2, height - 3), (width - 3, height - 3))]
    assert corners == [BACKGROUND] * 4, f"not fullscreen, or another window shows: corners {corners}"
    assert share(image, BACKGROUND) > 0.5, "the Welcome background is not what fills the screen"
    button = filled(image, PRIMARY)
    assert button is not None, "no primary button drawn (is Welcome there?)"
    left, top, right, bottom = button
    # Welcome's start button is 62 % of the width (minus the page padding), centred, in the top half.
    centred = abs((left + right) / 2 - width / 2) < width * 0.03
    assert right - left > width * 0.5 and centred and bottom < height * 0.6, \
        f"the start button is not where Welcome has it: {button}"
    return (left + right) // 2, (top + bottom) // 2


def welcome_shown(kiosk: Kiosk, name: str, timeout: float = 20.0) -> tuple[int, int]:
    """READY=1 comes with the app's first frame; cage shows it a moment later (the X window is
    mapped and composited), so look until Welcome is on the output."""
    deadline = time.monotonic() + timeout
    while True:
        shot = kiosk.screenshot(name)
        try:
            return assert_welcome(shot)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def tap(kiosk: Kiosk, x: int, y: int) -> None:
    done = kiosk.as_user(["xdotool", "mousemove", str(x), str(y), "click", "1"])
    assert done.returncode == 0, done.stderr.decode()


def add_stories(kiosk: Kiosk, n: int) -> None:
    body = "".join('{"text": "The lunches have been warm and on time, number %d.", "author_role": "resident"}\n' % i
                   for i in range(n))
    done = subprocess.run([str(kiosk.root / "opt/carekiosk/venv/bin/carekiosk"), "add", "-"], input=body.encode(),
                          env={"PATH": "/usr/bin:/bin", "CAREKIOSK_HOME": str(kiosk.data), "HOME": str(kiosk.data)},
                          user=kiosk.user.pw_uid, group=kiosk.user.pw_gid, extra_groups=[], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def verify(kiosk: Kiosk) -> str:
    done = subprocess.run([str(kiosk.root / "opt/carekiosk/venv/bin/carekiosk"), "verify"],
                          env={"PATH": "/usr/bin:/bin", "CAREKIOSK_HOME": str(kiosk.data), "HOME": str(kiosk.data)},
                          user=kiosk.user.pw_uid, group=kiosk.user.pw_gid, extra_groups=[], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def kiosk(staged_root, tmp_path):
    work = work_dir(tmp_path)
    k = new_kiosk(staged_root, work)
    yield k
    k.stop()
    subprocess.run(["rm", "-rf", str(work)])


def test_unit_command_under_cage_draws_welcome_fullscreen_and_tells_systemd(kiosk):
    kiosk.watchdog_sec = 3.0  # so the test sees the pings quickly (WATCHDOG=1 every WatchdogSec / 3)
    kiosk.start()
    kiosk.wait_for("READY=1")
    welcome_shown(kiosk, "welcome")
    kiosk.wait_for("WATCHDOG=1", timeout=10)
    # Private runtime folder, as logind makes it; the data folder stays owner-only.
    assert oct(kiosk.runtime.stat().st_mode & 0o777) == "0o700"
    assert oct(kiosk.data.stat().st_mode & 0o777) == "0o700"
    assert (kiosk.data / "device.sqlite3").stat().st_uid == kiosk.user.pw_uid


def test_sigkill_mid_story_then_the_same_execstart_is_back_at_welcome_with_the_store_intact(kiosk):
    add_stories(kiosk, 2)
    kiosk.start()
    kiosk.wait_for("READY=1")
    start = welcome_shown(kiosk, "before")
    tap(kiosk, *start)  # "Tell us about your care"
    time.sleep(1.5)
    who = Image.open(kiosk.screenshot("who")).convert("RGB")
    answers = filled(who, BUTTON)
    assert answers is not None, "the Who are you? screen did not open"
    tap(kiosk, answers[0] + 40, answers[1] + 20)  # the first answer
    time.sleep(1.5)
    chosen = Image.open(kiosk.screenshot("chosen")).convert("RGB")
    assert filled(chosen, CHOSEN, thickness=9) is not None, "the answer was not chosen: not mid-story"

    os.kill(kiosk.kiosk_pid(), signal.SIGKILL)
    kiosk.proc.wait(20)  # cage ends with its only client: systemd would see the unit stop
    assert kiosk.proc.returncode is not None
    kiosk.sock.close()

    kiosk.start()  # Restart=always: the same ExecStart again
    kiosk.wait_for("READY=1")
    welcome_shown(kiosk, "after")
    assert "OK: 2 stories checked" in verify(kiosk)
    assert "The lunches" not in kiosk.log_text()  # no story text in what goes to the journal
