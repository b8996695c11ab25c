"""The visit as a plain-Python state machine: every path, and reset from every step (no Kivy)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.session import ERR_CHOOSE_ROLE, ERR_EMAIL, ERR_EMPTY_STORY, ERR_MOBILE, ERR_NO_PICTURE, ORDER, \
    PICTURE_ORDER, UPDATE_ORDER, Session, Step
from sync.profile import demo_private_key, open_store
from sync.seal import unseal


@dataclass(frozen=True)
class F:
    start: int
    end: int
    kind: str
    suggestion: str
    reason: str


def fake_finder(text, roster=None):
    """Flags every occurrence of the roster names and the word 'Room 12'."""
    out = []
    for word, kind, suggestion in [(n, "name", "a carer") for n in (roster or [])] + [("Room 12", "room", "my room")]:
        start = text.find(word)
        while start != -1:
            out.append(F(start, start + len(word), kind, suggestion, "This may identify someone."))
            start = text.find(word, start + len(word))
    return sorted(out, key=lambda f: f.start)


def fake_apply(text, f, replacement):
    return text[:f.start] + replacement + text[f.end:]


@pytest.fixture
def store(ck_home):
    s = open_store()
    yield s
    s.close()


@pytest.fixture
def session(store):
    return Session(store, finder=fake_finder, applier=fake_apply, roster=["Sarah"])


def walk_to(session: Session, step: Step, text: str = "Sarah in Room 12 was kind to me") -> None:
    """Drive a fresh session forward to ``step`` the way a visitor would."""
    if step is Step.WELCOME:
        return
    if step.value.startswith("update"):
        from sync import reply_code

        session.start_update("0b7e6f3a-0000-4000-8000-0000000000aa", "4821")
        if step is Step.UPDATE_CODE:
            return
        for ch in reply_code.new_code():
            session.code_key(ch)
        assert session.next()
        if step is Step.UPDATE:
            return
        session.set_text("Better now, thank you.")
        assert session.next() and session.step is Step.UPDATE_SEND
        if step is Step.UPDATE_SEND:
            return
        session.send_update()
        return
    session.start()
    if step is Step.WHO:
        return
    session.choose_role("relative")
    assert session.next()
    if step is Step.HOW:
        return
    if step in (Step.PICTURES, Step.PHRASES, Step.REVIEW):
        session.choose_way("pictures")
        if step is Step.PICTURES:
            return
        session.place("happy")
        while session.step is Step.PICTURES:
            session.skip_tile()
        if step is Step.PHRASES:
            return
        session.toggle_phrase("lonely")
        assert session.next()
        return
    session.choose_way("writing")
    if step is Step.TOPIC:
        return
    session.toggle_topic("staff")
    session.next()
    if step is Step.STORY:
        return
    session.set_text(text)
    session.next()
    if step is Step.CHECK:
        assert session.step is Step.CHECK
        return
    while session.step is Step.CHECK:
        session.accept()
    if step is Step.FEELING:
        return
    session.toggle_feeling("grateful")
    session.next()
    if step is Step.CONTACT:
        return
    session.no_thanks()
    if step is Step.SEND:
        return
    session.send()
    assert step is Step.THANKS


def decrypt_all(store):
    key = demo_private_key()
    return [unseal(row["sealed"], key)["story"] for row in store.story_rows()]


def test_order_is_the_issue_order():
    assert [s.value for s in ORDER] == ["welcome", "who", "how", "topic", "story", "check", "feeling", "contact",
                                        "send", "thanks"]
    assert [s.value for s in PICTURE_ORDER] == ["welcome", "who", "how", "pictures", "phrases", "review",
                                                "contact", "send", "thanks"]
    assert [s.value for s in UPDATE_ORDER] == ["welcome", "update_code", "update", "check", "update_send",
                                               "update_thanks"]
    assert set(ORDER) | set(PICTURE_ORDER) | set(UPDATE_ORDER) == set(Step)


def test_whole_visit_accepting_suggestions(session, store):
    listened = []
    session.bind(lambda s: listened.append(s.step))
    walk_to(session, Step.CHECK)
    assert session.findings_total == 2
    assert session.finding_context() == ("", "Sarah", " in Room 12 was kind to me")
    session.accept()
    assert session.draft.text == "a carer in Room 12 was kind to me"
    before, phrase, after = session.finding_context()
    assert phrase == "Room 12"  # offsets shifted after the first replacement
    session.accept()
    assert session.step is Step.FEELING
    session.toggle_feeling("grateful")
    session.next()
    assert session.step is Step.CONTACT
    ref = session.draft.ref
    assert ref and len(ref) == 4
    session.set_contact("07911 123456")
    assert session.next()
    assert session.step is Step.SEND
    added = session.send()
    assert session.step is Step.THANKS
    assert session.sent_ref == added.ref == ref
    assert not session.has_draft
    [story] = decrypt_all(store)
    assert story["text"] == "a carer in my room was kind to me"
    assert story["author_role"] == "relative"
    assert story["tags"] == ["staff"]
    assert story["feelings"] == ["grateful"]
    assert story["contact"] == {"mobile": "+447911123456"}
    assert story["prompts"] == {"shown": 2, "accepted": 2, "declined": 0}
    assert story["route"] == "kiosk"
    assert story["title"].startswith("a carer in my room")
    session.finish()
    assert session.step is Step.WELCOME and not session.has_draft and session.sent_ref is None
    assert Step.THANKS in listened


def test_keep_as_written_counts_declined_and_is_not_asked_again(session, store):
    walk_to(session, Step.CHECK)
    session.keep()
    assert session.current_finding.kind == "room"
    session.accept()
    assert session.step is Step.FEELING
    session.back()  # to the story
    assert session.step is Step.STORY
    session.next()  # the kept name is not flagged again; the room is already replaced
    assert session.step is Step.FEELING
    session.next(); session.no_thanks(); session.send()
    [story] = decrypt_all(store)
    assert story["text"] == "Sarah in my room was kind to me"
    assert story["prompts"] == {"shown": 2, "accepted": 1, "declined": 1}


def test_edit_goes_back_with_the_phrase_selected(session):
    walk_to(session, Step.CHECK)
    session.edit()
    assert session.step is Step.STORY
    assert session.edit_selection == (0, 5)
    session.set_text("Our nurse in Room 12 was kind to me")
    session.next()
    assert session.step is Step.CHECK
    assert session.current_finding.kind == "room"
    session.next()  # Next on a check = keep
    assert session.step is Step.FEELING
    assert session.draft.prompts == {"shown": 2, "accepted": 0, "declined": 1}


def test_check_is_skipped_when_nothing_is_found(session):
    walk_to(session, Step.FEELING, text="The food was lovely today")
    assert session.step is Step.FEELING
    session.back()
    assert session.step is Step.STORY


def test_who_needs_an_answer(session):
    session.start()
    assert not session.next()
    assert session.error == ERR_CHOOSE_ROLE and session.step is Step.WHO
    session.choose_role("resident")
    assert session.error is None
    with pytest.raises(ValueError):
        session.choose_role("boss")


def test_story_needs_words(session):
    walk_to(session, Step.STORY)
    assert not session.next()
    assert session.error == ERR_EMPTY_STORY
    session.set_text("   ")
    assert not session.next()
    session.set_text("x" * 10_001)
    assert not session.next()


def test_title_is_suggested_until_edited(session):
    walk_to(session, Step.STORY)
    session.set_text("The garden was beautiful in the summer sun today")
    assert session.draft.title == "The garden was beautiful in the…"
    session.set_title("Garden")
    session.set_text("The garden was lovely")
    assert session.draft.title == "Garden"
    session.set_title("")
    assert session.draft.title == "The garden was lovely" and not session.draft.title_edited


@pytest.mark.parametrize("value, error, expected", [
    ("nobody@", ERR_EMAIL, None),
    ("123", ERR_MOBILE, None),
    ("jo@example.org", None, {"email": "jo@example.org"}),
    ("", None, None),
])
def test_contact_validation(session, store, value, error, expected):
    walk_to(session, Step.CONTACT)
    session.set_contact(value)
    ok = session.next()
    assert session.error == error
    assert ok == (error is None)
    if ok:
        session.send()
        assert decrypt_all(store)[0]["contact"] == expected


def test_no_thanks_discards_a_typed_contact(session, store):
    walk_to(session, Step.CONTACT)
    session.set_contact("jo@example.org")
    session.no_thanks()
    session.send()
    assert decrypt_all(store)[0]["contact"] is None


def test_reference_is_shown_before_send_and_kept_when_going_back(session):
    walk_to(session, Step.CONTACT)
    ref = session.draft.ref
    session.back()
    assert session.step is Step.FEELING
    session.next()
    assert session.draft.ref == ref


BACK = {
    Step.WHO: Step.WELCOME, Step.HOW: Step.WHO, Step.TOPIC: Step.HOW, Step.STORY: Step.TOPIC, Step.CHECK: Step.STORY,
    Step.FEELING: Step.STORY, Step.CONTACT: Step.FEELING, Step.SEND: Step.CONTACT,
    Step.PICTURES: Step.HOW, Step.PHRASES: Step.PICTURES, Step.REVIEW: Step.PHRASES,
}


@pytest.mark.parametrize("step", list(BACK))
def test_back_from_every_step(session, step):
    walk_to(session, step)
    session.back()
    assert session.step is BACK[step]


@pytest.mark.parametrize("step", [s for s in Step])
def test_start_again_from_every_step(session, store, step):
    session.toggle_large_text()
    session.set_language("cy")
    walk_to(session, step)
    session.start_again()
    assert session.step is Step.WELCOME
    assert not session.has_draft and session.findings == [] and session.sent_ref is None
    assert session.large_text and session.language == "cy"  # the same person's choices stay


@pytest.mark.parametrize("step", [s for s in Step])
def test_idle_reset_from_every_step(session, store, step):
    session.toggle_high_contrast()
    session.set_language("cy")
    walk_to(session, step)
    session.toggle_read_aloud()
    session.reset()
    assert session.step is Step.WELCOME and not session.has_draft
    assert not session.high_contrast and session.language == "en" and not session.read_aloud
    assert len(store.story_rows()) == (1 if step is Step.THANKS else 0)


def test_back_does_nothing_on_welcome_and_thanks(session):
    session.back()
    assert session.step is Step.WELCOME
    walk_to(session, Step.THANKS)
    session.back()
    assert session.step is Step.THANKS


def test_send_only_from_send_step(session):
    walk_to(session, Step.CONTACT)
    with pytest.raises(RuntimeError):
        session.send()


def test_failed_save_keeps_the_draft_and_says_so(session):
    walk_to(session, Step.SEND)

    def broken(*a, **k):
        raise OSError("disk gone")

    session.store.add_story = broken
    with pytest.raises(OSError):
        session.send()
    assert session.step is Step.SEND and session.has_draft
    assert session.error is not None


def test_draft_never_reaches_the_database_in_plain_text(session, store, ck_home):
    walk_to(session, Step.THANKS, text="Margaret loves the garden parties")
    for path in ck_home.rglob("*"):
        if path.is_file():
            assert b"Margaret" not in path.read_bytes()


def test_unknown_language_and_toggles(session):
    with pytest.raises(ValueError):
        session.set_language("fr")
    session.start()
    with pytest.raises(ValueError):
        session.toggle_topic("weather")
    session.choose_role("staff"); session.next()
    session.toggle_topic("food"); session.toggle_topic("food")
    assert session.draft.topics == []
    with pytest.raises(ValueError):
        session.toggle_feeling("hungry")


def test_welsh_writer_gets_the_suggestion_in_welsh(store):
    welsh = {"a carer": "gofalwr"}
    session = Session(store, finder=fake_finder, applier=fake_apply, roster=["Sarah"],
                      localise=lambda msgid, lang: welsh.get(msgid, msgid) if lang == "cy" else msgid)
    session.set_language("cy")
    walk_to(session, Step.CHECK, text="Roedd Sarah yn garedig")
    session.accept()
    assert session.draft.text == "Roedd gofalwr yn garedig"


def test_the_real_anonymiser_is_used_by_default(store):
    pytest.importorskip("kiosk.anonymise.detect")
    session = Session(store, roster={"home": "Demo House"})
    walk_to(session, Step.CHECK, text="Mum is happy in room 12 here")
    finding = session.current_finding
    assert finding.kind == "ROOM"
    session.accept()
    assert "room 12" not in session.draft.text and "their room" in session.draft.text


# -- the picture route ---------------------------------------------------------------------------------

def test_whole_picture_visit_becomes_sentences_in_the_visit_language(session, store):
    from sync.story import PICTURE_TOPICS

    session.set_language("cy")
    walk_to(session, Step.HOW)
    session.choose_way("pictures")
    assert session.step is Step.PICTURES and session.current_tile == "food"
    session.place("very_happy")
    assert session.current_tile == "care"
    session.place("unhappy")
    session.back()  # one tile at a time, with Back: the care tile again, its answer kept
    assert session.current_tile == "care" and session.draft.faces["care"] == "unhappy"
    session.place("okay")
    session.skip_tile()  # staff: no answer
    for _ in PICTURE_TOPICS[3:]:
        session.place("happy")
    assert session.step is Step.PHRASES
    session.toggle_phrase("talk")
    session.toggle_phrase("lonely")
    assert session.next() and session.step is Step.REVIEW
    session.revisit("visiting")
    assert session.step is Step.PICTURES and session.current_tile == "visiting"
    session.place("very_unhappy")
    assert session.step is Step.REVIEW  # placing a revisited tile goes back to the review
    sentences = session.picture_sentences()
    assert sentences[0] == "Bwyd a diod: Rwy’n teimlo’n hapus iawn am hyn."
    assert session.next() and session.step is Step.CONTACT
    session.no_thanks()
    session.send()
    [story] = decrypt_all(store)
    assert story["route"] == "pictures" and story["language"] == "cy"
    assert story["pictures"] == {
        "answers": [{"topic": "food", "face": "very_happy"}, {"topic": "care", "face": "okay"},
                    {"topic": "activities", "face": "happy"}, {"topic": "visiting", "face": "very_unhappy"},
                    {"topic": "building", "face": "happy"}, {"topic": "other", "face": "happy"}],
        "phrases": ["lonely", "talk"]}
    assert story["text"].split("\n") == sentences and len(sentences) == 8
    assert story["tags"] == ["food", "care", "activities", "visiting", "building", "other"]
    assert story["title"] == "Wedi’i ddweud gyda lluniau"
    assert story["author_role"] == "relative"


def test_pictures_need_one_answer_and_back_goes_through_the_tiles(session):
    walk_to(session, Step.PHRASES)
    session.back()
    assert session.step is Step.PICTURES and session.current_tile == "other"
    while session.step is Step.PICTURES:
        session.skip_tile()
    session.draft.faces.clear()
    assert not session.next() and session.error == ERR_NO_PICTURE
    session.toggle_phrase("happy_here")
    assert session.error is None and session.next()
    session.back()
    session.back()
    assert session.current_tile == "other"
    for _ in range(6):
        session.back()
    assert session.current_tile == "food"
    session.back()
    assert session.step is Step.HOW


def test_contact_back_returns_to_the_review_on_the_picture_route(session):
    walk_to(session, Step.REVIEW)
    session.next()
    assert session.step is Step.CONTACT
    session.back()
    assert session.step is Step.REVIEW


def test_read_back_is_the_writers_words_or_the_pictures_sentences(session):
    walk_to(session, Step.STORY)
    session.set_text("The tea is always cold")
    assert session.story_to_read_back() == "The tea is always cold"
    session.start_again()
    walk_to(session, Step.REVIEW)
    assert session.story_to_read_back() == "Food and drink: I feel happy about this.\nI feel lonely sometimes."


def test_read_aloud_stays_for_start_again_and_goes_at_reset(session):
    session.toggle_read_aloud()
    walk_to(session, Step.WHO)
    session.start_again()
    assert session.read_aloud
    session.reset()
    assert not session.read_aloud


# -- an author's update to their own story ------------------------------------------------------

def _published_uuid() -> tuple[str, str]:
    return "0b7e6f3a-0000-4000-8000-0000000000aa", "4821"


def test_a_story_sent_at_the_kiosk_carries_a_reply_code_shown_once_and_kept_nowhere(session, store):
    walk_to(session, Step.SEND)
    session.send()
    code = session.sent_code
    from sync import reply_code

    assert reply_code.looks_right(code)
    sealed = unseal(store.story_rows()[0]["sealed"], demo_private_key())
    assert sealed["story"]["reply_code"] == code
    session.finish()
    assert session.sent_code is None and session.sent_ref is None


def test_an_update_goes_code_words_check_send_and_is_sealed_in_its_own_queue(session, store):
    from sync import reply_code, update_outbox
    from kiosk.session import ERR_CODE

    story_uuid, ref = _published_uuid()
    session.start_update(story_uuid, ref)
    assert session.step is Step.UPDATE_CODE and session.has_draft
    code = reply_code.new_code()
    wrong = code[:5] + str((int(code[5]) + 1) % 10)
    for ch in wrong:
        session.code_key(ch)
    session.code_key("7")  # a seventh digit is ignored
    assert session.draft.code == wrong
    assert session.next() is False and session.error == ERR_CODE and session.step is Step.UPDATE_CODE
    session.code_key("back")
    session.code_key(code[5])
    assert session.next() and session.step is Step.UPDATE
    assert session.next() is False and session.error == ERR_EMPTY_STORY
    session.set_text("Sarah fixed the door.")
    assert session.next() and session.step is Step.CHECK  # the personal-details check, as for a story
    session.back()
    assert session.step is Step.UPDATE  # Back from the check returns to the update's words
    assert session.next() and session.step is Step.CHECK
    session.accept()
    assert session.step is Step.UPDATE_SEND
    session.back()
    assert session.step is Step.UPDATE
    assert session.next() and session.step is Step.UPDATE_SEND  # "a carer" is no longer flagged
    session.send_update()
    assert session.step is Step.UPDATE_THANKS and session.sent_ref == ref and not session.has_draft
    assert store.story_rows() == []  # an update is not a story
    [row] = update_outbox.sendable(store)
    opened = unseal(row["sealed"], demo_private_key())
    assert opened["kind"] == "update" and opened["uuid"] == row["uuid"]
    assert opened["update"] == {"story_uuid": story_uuid, "story_ref": ref, "reply_code": code,
                                "text": "a carer fixed the door.", "language": "en",
                                "prompts": {"shown": 1, "accepted": 1, "declined": 0}}
    session.finish()
    assert session.step is Step.WELCOME


def test_an_update_draft_is_wiped_by_start_again_and_by_reset(session):
    story_uuid, ref = _published_uuid()
    for leave in (session.start_again, session.reset):
        session.start_update(story_uuid, ref)
        for ch in "12345":
            session.code_key(ch)
        leave()
        assert session.step is Step.WELCOME and not session.has_draft and session.draft.code == ""
    session.start_update(story_uuid, ref)
    session.back()  # Back from the code screen leaves the update
    assert session.step is Step.WELCOME and not session.has_draft
