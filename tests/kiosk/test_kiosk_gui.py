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
                          timeout=320)
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
    # Thank you showed the reply code sealed inside the story, and the device kept no copy of it
    assert result["thanks_code"].replace(" ", "") == story["reply_code"] and len(story["reply_code"]) == 6
    with open_store() as store:
        assert all(story["reply_code"] not in str(v) for row in store.story_rows() for k, v in row.items()
                   if k != "sealed")
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
    assert len(result["layout_checked"]) >= 4 * 29
    assert result["layout_problems"] == []
    assert result["key_h_mm"] >= 12
    smallest = result["smallest_target_mm"]
    assert {"welcome", "who", "how", "pictures", "phrases", "review"} <= set(smallest)
    print("\nsmallest visitor target (mm, height or width):", smallest)


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


# -- read aloud, pictures, steadier touch -------------------------------------------------------------

def _wav_seconds(path):
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@pytest.mark.skipif(not __import__("shutil").which("espeak-ng"), reason="espeak-ng is not installed")
def test_read_aloud_follows_the_screens_and_stops_the_old_sentence(ck_env, ck_home, tmp_path):
    """Real espeak-ng into the real-time recorder: every move to a new screen changes what is said
    while the old sentence is still going, and that sentence's recording is cut short; the story is
    said only when Read my story back is tapped; after the idle reset nothing is said."""
    from sync.config import Config

    heard = tmp_path / "heard"
    open_store().close()
    config = Config.load()
    config.set("kiosk", "speech_player", f"{sys.executable} -m kiosk.speech.recorder {heard}")
    config.save()
    result = run_scenario("speech", ck_env, tmp_path)
    assert result["engine"] == "espeak-ng"
    said = result["said"]
    screens = [s[1] for s in said]
    assert screens[0] == "welcome" and "who" in screens and "story" in screens and "feeling" in screens
    # Each move happened while the old screen was still being said (so stopping it mattered) ...
    assert all(speaking for _screen, speaking in result["speaking_at_move"]), result["speaking_at_move"]
    # ... and the recordings show it was stopped: the Welcome sentence was cut short.
    recordings = sorted(heard.glob("*.wav"))
    from kiosk.speech.espeak import EspeakSpeech

    full = _wav_seconds(EspeakSpeech.open().render(said[0][2].split(" Am Gymraeg")[0], "en", tmp_path / "w.wav"))
    first = _wav_seconds(recordings[0])
    # Heard at all (how much before the tap depends on how quickly espeak-ng started), and cut short.
    assert 0.0 < first < full - 2, f"Welcome was heard for {first:.1f} s of {full:.1f} s"
    cut = [r for r in recordings if _wav_seconds(r) < 1.6]
    assert len(recordings) >= len(result["speaking_at_move"]) and cut, [round(_wav_seconds(r), 1) for r in recordings]
    assert result["confirmation"] == "Chosen: I live here."
    # The story: never said until asked for, then said.
    assert not any("zebra" in text for text in result["before_read_back"])
    assert "zebra biscuits" in result["read_back"]
    after = [text for _t, screen, text in said if screen in ("check", "feeling")]
    assert after and not any("zebra" in text or "Marjorie" in text for text in after)
    assert result["repeated"] is True
    assert result["idle_said"].startswith("Are you still there?")
    # Nothing after the reset.
    assert result["said_after_reset"] == [] and result["speaking_later"] is False
    assert_no_draft_left(result)


def test_a_whole_picture_visit_is_a_sealed_story_the_moderator_reads_as_sentences(ck_env, ck_home, tmp_path):
    from sync.server.commands import picture_answers_lines

    result = run_scenario("pictures", ck_env, tmp_path)
    # staff, Back to care (placed again), staff again, and on
    assert [topic for topic, _ in result["tiles_seen"]] == ["food", "care", "staff", "staff", "activities",
                                                            "visiting", "building", "other"]
    assert result["tiles_seen"][0][1] == "Bwyd a diod"  # the tile's words in the visit's language
    assert_no_draft_left(result)
    [envelope], problems = stories(ck_home)
    assert problems == []
    story = envelope["story"]
    assert story["route"] == "pictures" and story["language"] == "cy" and story["author_role"] == "resident"
    assert story["pictures"] == {
        "answers": [{"topic": "food", "face": "very_happy"}, {"topic": "care", "face": "unhappy"},
                    {"topic": "staff", "face": "happy"}, {"topic": "visiting", "face": "okay"},
                    {"topic": "building", "face": "very_unhappy"}],
        "phrases": ["outside", "talk"]}
    assert story["text"].split("\n") == result["sentences"] == [
        "Bwyd a diod: Rwy’n teimlo’n hapus iawn am hyn.",
        "Gofal: Rwy’n teimlo’n anhapus am hyn.",
        "Staff: Rwy’n teimlo’n hapus am hyn.",
        "Ymweld: Rwy’n teimlo’n iawn am hyn.",
        "Yr adeilad: Rwy’n teimlo’n anhapus iawn am hyn.",
        "Hoffwn fynd allan yn amlach.",
        "Hoffwn i rywun siarad â fi am hyn."]
    assert result["review_rows"][0].startswith("Bwyd a diod: Hapus iawn")
    # What the moderator's terminal shows besides the sentences: the answers, readably, in English.
    lines = picture_answers_lines(story)
    assert lines[0] == "Told with pictures (answers in English):"
    assert "  Food and drink: very happy" in lines and "  The building: very unhappy" in lines
    assert "  Picked: I would like someone to talk to me about this." in lines


def test_steadier_touch_ignores_repeats_and_taps_as_a_screen_appears(ck_env, ck_home, tmp_path):
    result = run_scenario("steady", ck_env, tmp_path)
    assert result["choices_after_double_start"] == [], "the second tap on the way in chose nothing"
    assert result["chosen_after_double_tap"] is True, "a tremor's second tap did not unchoose the answer"
    assert result["after_double_next"] == "how", "a double tap on Next moved one screen, not two"
    assert result["food_after_two_slow_taps"] is False, "a deliberate second tap later still counts"
    assert result["ignored"] >= 1  # the tremor tap (the others landed where no button was)
    assert result["repeat_ignore"] == 0.6 and result["settle"] == 0.35
    assert result["pressed_state"] == "down"
