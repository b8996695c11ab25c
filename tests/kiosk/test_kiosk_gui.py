"""The real kiosk app under a display (Xvfb in CI), driven by simulated taps and key presses.

Each test runs ``gui_driver.py SCENARIO`` in its own process (Kivy allows one App per process)
and checks the JSON it writes, then the store the app wrote to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync.profile import demo_private_key, open_store
from sync.seal import unseal

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not os.environ.get("DISPLAY"),
                       reason="GUI tests need a display: run the suite under `xvfb-run -a pytest ...`"),
]

DRIVER = Path(__file__).with_name("gui_driver.py")


def run_scenario(name: str, env: dict, tmp_path: Path) -> dict:
    out = tmp_path / f"{name}.json"
    env = dict(env)
    env.update(KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_HOME=str(tmp_path / "kivy-home"))
    proc = subprocess.run([sys.executable, str(DRIVER), name, str(out)], env=env, capture_output=True, text=True,
                          timeout=150)
    logs = sorted((tmp_path / "kivy-home" / "logs").glob("*.txt"))
    log_tail = logs[-1].read_text()[-4000:] if logs else "(no Kivy log)"
    assert out.exists(), f"driver wrote no result (exit {proc.returncode}):\n{proc.stderr}\n{log_tail}"
    result = json.loads(out.read_text())
    assert not result["errors"], "\n".join(result["errors"]) + "\n" + log_tail
    assert result["ok"], result
    return result


def stories(ck_home):
    with open_store() as store:
        key = demo_private_key()
        return [unseal(row["sealed"], key) for row in store.story_rows()], store.verify()


def assert_no_draft_left(result):
    assert result["final_screen"] == "welcome"
    assert result["has_draft"] is False
    assert all(text == "" for text in result["widget_texts"].values()), result["widget_texts"]


def test_whole_visit_is_sealed_in_the_store(ck_env, ck_home, tmp_path):
    try:
        from kiosk.anonymise import apply, find_identifiers  # noqa: F401
    except ImportError:
        pytest.skip("kiosk.anonymise is not installed yet: the whole-visit test needs the real anonymiser")
    result = run_scenario("visit", ck_env, tmp_path)
    assert result["anonymiser"] == "real"
    accepted = result["accepted"]
    assert accepted["phrase"] in result["typed"]
    assert "\u00ab" + accepted["phrase"] + "\u00bb" in result["context"]  # highlighted by more than colour
    assert result["thanks_ref"] == result["sent_ref"]
    assert result["sent_ref"] in result["contact_ref_text"]  # the reference was shown before sending
    assert result["draft_at_thanks"] is False
    assert_no_draft_left(result)

    [envelope], problems = stories(ck_home)
    assert problems == []
    story = envelope["story"]
    assert story["text"] == result["text_after_accept"]
    assert story["text"] == "Our nurse Sandra was kind to my mum in their room every day."
    assert accepted["phrase"] not in story["text"]
    if accepted["suggestion"]:
        assert accepted["suggestion"] in story["text"]
    assert story["author_role"] == "relative"
    assert story["tags"] == ["staff"] and story["feelings"] == ["grateful"]
    assert story["contact"] is None and story["route"] == "kiosk"
    assert story["prompts"]["accepted"] == 1
    assert story["prompts"]["declined"] == result["kept"] == 1  # "Sandra" kept as written
    # The words never reach the disk in plain text.
    for path in ck_home.rglob("*"):
        if path.is_file():
            assert b"kind to my mum" not in path.read_bytes(), path


def test_idle_timeout_wipes_the_draft(ck_env, ck_home, tmp_path):
    result = run_scenario("idle", ck_env, tmp_path)
    assert result["kept_after_tap"]
    assert 1 <= result["warning_text_seconds"] <= 2
    assert_no_draft_left(result)
    assert stories(ck_home)[0] == []


def test_staff_pin_and_kiosk_mode(ck_env, ck_home, tmp_path):
    from kiosk.pin import hash_pin
    from sync.config import Config

    open_store().close()
    config = Config.load()
    config.set("kiosk", "pin_hash", hash_pin("2468"))
    config.save()
    assert "2468" not in config.path.read_text()
    result = run_scenario("staff", ck_env, tmp_path)
    assert result["escape_swallowed"] and result["f1_swallowed"] and result["close_refused"]
    assert result["demo_pin_refused"], "with a PIN set, the demo PIN must not work"
    assert result["sync_visible"] and result["leaflet_visible"]
    assert "not right" in result["wrong_message"]
    assert "wait" in result["locked_message"]
    assert result["right_pin_refused_while_locked"]
    assert "Stories waiting to be sent: 0" in result["panel_status"]
    assert result["stopped"], "Exit on the staff panel stops the app"


def test_layout_fits_and_keys_do_not_touch(ck_env, ck_home, tmp_path):
    """Every screen in English and Welsh, normal and Larger text, at 1280 x 800: nothing outside the
    window, no words bigger than their box, buttons and keys at least 12 mm tall, at least 6 dp
    between any two buttons or keys, and more between the keyboard and Back / Next."""
    result = run_scenario("layout", ck_env, tmp_path)
    assert len(result["layout_checked"]) >= 4 * 14
    assert result["layout_problems"] == []
    assert result["key_h_mm"] >= 12


def test_demo_profile_is_labelled_on_welcome_and_staff_panel(ck_env, ck_home, tmp_path):
    result = run_scenario("demo", ck_env, tmp_path)
    assert "not sent to a real moderator" in result["demo_note_en"]
    assert result["demo_note_cy"].startswith("Ciosg demo")
    assert result["demo_note_staff"] == result["demo_note_en"]


def test_enrolled_kiosk_has_no_demo_note(ck_env, ck_home, tmp_path):
    from sync.seal import generate_keypair

    with open_store() as store:
        store.enrol(home_id="h-1", home_name="Rose Court", public_key=generate_keypair()[0],
                    server_url="https://example.invalid", token="t", device_id="enrolled-device")
    result = run_scenario("enrolled", ck_env, tmp_path)
    assert result["is_demo"] is False
    assert result["home_name_shown"] == "Rose Court"
    assert result["demo_note_visible"] is False
    assert result["staff_demo_note_visible"] is False
