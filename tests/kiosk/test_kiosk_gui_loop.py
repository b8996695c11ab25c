"""The author comes back, and the lobby shows what changed: the real kiosk under a display, its store
filled with the home's conversation from the real service through the device's own event handling."""

from __future__ import annotations

import os
import shutil

import pytest

from sync.config import Config
from sync.profile import open_store
from tests.kiosk.test_kiosk_gui import run_scenario
from tests.support.lobby import REPLIES, TEXTS, published_conversation

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not os.environ.get("DISPLAY"),
                       reason="GUI tests need a display: run the suite under `xvfb-run -a pytest ...`"),
]


def conversation(ck_home, tmp_path):
    with open_store() as store:
        return published_conversation(tmp_path / "service", store)


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_an_idle_welcome_shows_answered_stories_one_at_a_time_and_a_touch_starts(ck_env, ck_home, tmp_path):
    refs = conversation(ck_home, tmp_path)
    config = Config.load()
    config.set("kiosk", "speech_player", f"python3 -m kiosk.speech.recorder {tmp_path / 'heard'}")
    config.save()
    result = run_scenario("board", ck_env, tmp_path)
    assert result["board_refs"][:2] == [refs["replied"], refs["changed"]]
    first, second = result["board_texts"][:2]
    assert TEXTS["replied"][0] in first and any(REPLIES["replied"]["body"] in t for t in first)
    assert any("Tea comes in flasks" in t for t in second) and "What changed:" in second
    assert all("touch here to start" in " ".join(texts).lower() for texts in result["board_texts"])
    for texts in result["board_texts"]:
        joined = " ".join(texts)
        assert "RESTRICTED WORDS" not in joined and TEXTS["unanswered"][1] not in joined
    assert result["said_before_board"] >= 1  # Read aloud was on and said Welcome ...
    assert result["said_after_board"] == []  # ... but the board is never said
    assert result["after_touch"] == "who"


def test_an_author_reads_the_reply_by_reference(ck_env, ck_home, tmp_path):
    refs = conversation(ck_home, tmp_path)
    result = run_scenario("reader", {**ck_env, "LOOP_REF": refs["changed"]}, tmp_path)
    assert "9999" in result["unknown_message"] and "no public story" in result["unknown_message"]
    assert result["typed"] == " ".join(refs["changed"])
    texts = result["reply_texts"]
    joined = " ".join(texts)
    for needle in (f"Your story {refs['changed']}", TEXTS["changed"][0], TEXTS["changed"][1],
                   f"From {refs['organisation']}", REPLIES["changed"]["body"], "Change made: Tea comes in flasks"):
        assert needle in joined, needle
    assert "RESTRICTED WORDS" not in joined
    assert result["reply_after_done"] == []
    assert result["final_screen"] == "welcome"
