"""The picture route's story rules: answers checked, sentences in the visit's language, text and
answers agreeing, stories told in words unchanged."""

from __future__ import annotations

import pytest

from sync.errors import StoryError
from sync.story import FACE_IDS, PICTURE_TOPICS, ROUTES, picture_sentences, picture_text, validate_story

ANSWERS = {"answers": [{"topic": "food", "face": "very_happy"}, {"topic": "staff", "face": "unhappy"}],
           "phrases": ["lonely"]}


def story(pictures=ANSWERS, lang="en", **extra):
    data = {"text": picture_text(pictures, lang) if isinstance(pictures, dict) else "x", "author_role": "resident",
            "route": "pictures", "language": lang, "pictures": pictures}
    data.update(extra)
    return data


def test_pictures_is_a_route_with_five_faces_and_seven_topics():
    assert "pictures" in ROUTES
    assert FACE_IDS == ("very_happy", "happy", "okay", "unhappy", "very_unhappy")
    assert len(PICTURE_TOPICS) == 7 and PICTURE_TOPICS[0] == "food"


def test_sentences_in_english_and_welsh():
    assert picture_sentences(ANSWERS, "en") == ["Food and drink: I feel very happy about this.",
                                                "Staff: I feel unhappy about this.", "I feel lonely sometimes."]
    assert picture_sentences(ANSWERS, "cy") == ["Bwyd a diod: Rwy’n teimlo’n hapus iawn am hyn.",
                                                "Staff: Rwy’n teimlo’n anhapus am hyn.", "Rwy’n teimlo’n unig weithiau."]


def test_a_valid_picture_story_keeps_its_answers_in_the_payload():
    s = validate_story(story(lang="cy"))
    assert s.route == "pictures" and s.pictures == ANSWERS
    assert s.to_payload()["pictures"] == ANSWERS


def test_a_story_told_in_words_has_no_pictures_field():
    s = validate_story({"text": "The tea was cold", "author_role": "visitor"})
    assert s.pictures is None and "pictures" not in s.to_payload()
    with pytest.raises(StoryError, match="Only a story told with pictures"):
        validate_story({"text": "x", "author_role": "visitor", "pictures": ANSWERS})


@pytest.mark.parametrize("pictures, message", [
    (None, "must be an object"),
    ({"answers": "food"}, "must be a list"),
    ({"answers": [{"topic": "food"}]}, "exactly a 'topic' and a 'face'"),
    ({"answers": [{"topic": "garden", "face": "happy"}]}, "Unknown picture topic"),
    ({"answers": [{"topic": "food", "face": "ecstatic"}]}, "Unknown face"),
    ({"answers": [{"topic": "food", "face": "happy"}, {"topic": "food", "face": "okay"}]}, "answered twice"),
    ({"answers": [], "phrases": ["sing"]}, "Unknown phrases"),
    ({"answers": [], "phrases": []}, "at least one answer"),
    ({"answers": [], "colour": "blue"}, "must be an object"),
])
def test_bad_picture_answers_are_refused_with_one_sentence(pictures, message):
    data = {"text": "Some words.", "author_role": "resident", "route": "pictures", "pictures": pictures}
    with pytest.raises(StoryError, match=message):
        validate_story(data)


def test_the_text_must_say_what_the_answers_say():
    with pytest.raises(StoryError, match="must say what its answers say"):
        validate_story(story(text="Everything was wonderful."))
    with pytest.raises(StoryError, match="must say what its answers say"):
        validate_story(story(text=picture_text(ANSWERS, "en"), language="cy"))
