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


def test_walking_away_half_way_through_an_update_wipes_the_code_and_the_words(ck_env, ck_home, tmp_path):
    refs = conversation(ck_home, tmp_path)
    result = run_scenario("update_idle", {**ck_env, "LOOP_REF": refs["changed"]}, tmp_path)
    assert result["code_before"].split()[:3] == ["3", "8", "1"]
    assert result["warned"] is True
    assert result["final_screen"] == "welcome" and result["has_draft"] is False
    assert all(v == "" for v in result["widget_texts"].values()), result["widget_texts"]


WORDS = "Since I wrote, Sarah on the night shift fixed the garden door and mum goes out every day."


def test_an_author_adds_an_update_that_reaches_the_service_sealed_and_is_published_under_the_story(
        ck_env, ck_home, tmp_path):
    """The whole loop with the real kiosk and the real service (``carekiosk serve`` on 127.0.0.1): a story
    with its reply code is published; the author types the reference and the code at the kiosk and
    writes an update; it is sealed, synced, held for the moderator, posted, and the kiosk's reader
    then shows it under the story as "Your update"."""
    import httpx
    from click.testing import CliRunner

    from kiosk.cli import main
    from sync import reply_code
    from sync.runner import EXIT_OK, run_sync
    from sync.story import Story
    from tests.support.service import running_service

    with running_service(tmp_path / "service") as service:
        home = service.add_home("Rose House")
        enrolled = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", service.enrol_code(home)])
        assert enrolled.exit_code == 0, enrolled.output
        (ck_home / "carekiosk.toml").write_text("[sync]\nbackoff_base = 0.02\nbackoff_cap = 0.2\n")
        code = reply_code.new_code()
        with open_store() as store:
            story = store.add_story(Story(text="The garden door is always locked.", author_role="relative",
                                          reply_code=code))
            assert run_sync(store).exit_code == EXIT_OK
        mod = {"Authorization": f"Bearer {service.moderator_key()}"}
        r = httpx.post(f"{service.url}/v1/moderation/stories/{story.uuid}/decision", headers=mod, timeout=10,
                       json={"action": "publish", "criticality": 2})
        assert r.status_code == 200, r.text
        r = httpx.post(f"{service.url}/v1/provider/stories/{story.uuid}/decision", json={"decision": "go_ahead"},
                       headers={"Authorization": f"Bearer {service.provider_key(home)}"}, timeout=10)
        assert r.json()["status"] == "published", r.text
        with open_store() as store:
            assert run_sync(store).exit_code == EXIT_OK

        result = run_scenario("update", {**ck_env, "LOOP_REF": story.ref, "LOOP_CODE": code, "LOOP_WORDS": WORDS},
                              tmp_path)
        assert result["code_heading"] == f"Add to your story {story.ref}"
        assert "does not look right" in result["wrong_code_message"]
        assert result["code_typed"].split() == [" ".join(code[:3]), " ".join(code[3:])] or \
            result["code_typed"].replace(" ", "") == code
        assert "Sarah" in result["checks"]  # the personal-details check ran on the update's words
        assert "Sarah" not in result["sent_words"]
        assert any(f"story [b]{story.ref}[/b]" in t for t in result["send_texts"])
        assert any(story.ref in t for t in result["thanks_texts"])
        assert result["final_screen"] == "welcome" and result["has_draft"] is False
        assert all(v == "" for v in result["widget_texts"].values()), result["widget_texts"]
        for path in ck_home.rglob("*"):  # sealed on the device: the words never touch the disk
            if path.is_file():
                assert b"garden door and mum" not in path.read_bytes(), path

        with open_store() as store:
            report = run_sync(store)
            assert report.exit_code == EXIT_OK and report.updates_sent == 1, report.summary()
        held = httpx.get(service.url + "/v1/moderation/updates", headers=mod, timeout=10).json()["updates"]
        assert [h["body"] for h in held] == [result["sent_words"]] and held[0]["ref"] == story.ref
        posted = httpx.post(f"{service.url}/v1/moderation/updates/{held[0]['id']}", json={"action": "post"},
                            headers=mod, timeout=10)
        assert posted.status_code == 200, posted.text
        with open_store() as store:
            assert run_sync(store).exit_code == EXIT_OK

    (tmp_path / "again").mkdir()
    shown = run_scenario("reader", {**ck_env, "LOOP_REF": story.ref}, tmp_path / "again")
    joined = " ".join(shown["reply_texts"])
    assert "Your update" in joined and result["sent_words"] in joined
