"""What the kiosk shows of the home's conversation (``kiosk.lobby``), from a real device store filled
by its own event handling with events the real service produced: the "you said, we did" board
holds only published stories the home answered, never restricted words; a reference finds its story
with every voice, or says why not; the board turns one item at a time on a steady clock."""

from __future__ import annotations

from kiosk import lobby
from sync.profile import open_store
from sync.story import Story
from tests.support.lobby import REPLIES, TEXTS, published_conversation


def test_the_board_holds_answered_published_stories_only(ck_home, tmp_path):
    with open_store() as store:
        refs = published_conversation(tmp_path / "service", store)
        items = lobby.board(store)
    assert [s.ref for s in items] == [refs["replied"], refs["changed"]]  # the latest answer first
    changed = next(s for s in items if s.ref == refs["changed"])
    assert changed.title == TEXTS["changed"][0] and changed.body == TEXTS["changed"][1]
    assert changed.change is not None and changed.change.change_words == "Tea comes in flasks"
    assert changed.home_reply.body == REPLIES["changed"]["body"]
    assert changed.home_reply.organisation == refs["organisation"]
    replied = next(s for s in items if s.ref == refs["replied"])
    assert replied.change is None and replied.home_reply.body == REPLIES["replied"]["body"]
    everything = repr(items)
    assert "RESTRICTED WORDS" not in everything and TEXTS["unanswered"][1] not in everything


def test_a_reference_finds_its_story_with_every_voice_or_says_why_not(ck_home, tmp_path):
    with open_store() as store:
        refs = published_conversation(tmp_path / "service", store)
        found = lobby.find(store, f" {refs['changed']} ")
        assert found.state == "public" and found.story.title == TEXTS["changed"][0]
        assert [(v.organisation, v.change, v.change_words) for v in found.story.voices] == [
            (refs["organisation"], "made", "Tea comes in flasks")]
        unanswered = lobby.find(store, refs["unanswered"])
        assert unanswered.state == "public" and unanswered.story.voices == ()
        assert lobby.find(store, refs["restricted"]).story is None
        assert lobby.find(store, "0000000").state == "unknown" and lobby.find(store, "").state == "unknown"
        mine = store.add_story(Story(text="The lift is broken again.", author_role="resident"))
        assert lobby.find(store, mine.ref).state == "waiting"


def test_excerpts_cut_at_a_word():
    text = "word " * 100
    cut = lobby.excerpt(text, 42)
    assert cut.endswith("…") and len(cut) <= 43 and not cut[:-1].endswith(" ")
    assert lobby.excerpt("  short   text ") == "short text"


def test_the_rotation_moves_on_every_interval_without_skipping():
    now = [100.0]
    rotation = lobby.Rotation(seconds=20, clock=lambda: now[0])
    assert rotation.current() is None
    rotation.restart(["a", "b", "c"])
    seen = []
    for _ in range(7):
        seen.append(rotation.current())
        now[0] += 20
    assert seen == ["a", "b", "c", "a", "b", "c", "a"]
    now[0] += 5
    assert rotation.current() == "b" and rotation.current() == "b"
