"""The reply code and the rules an author's update must meet (the same on the device and in the service)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import reply_code
from sync.author_update import MAX_UPDATE_CHARS, validate_update
from sync.errors import StoryError
from sync.story import validate_story


def test_new_codes_are_six_digits_that_pass_their_own_check_and_differ():
    codes = {reply_code.new_code() for _ in range(2000)}
    assert len(codes) > 1900  # 10^5 codes: about 20 birthday repeats are expected in 2,000 draws
    assert all(len(c) == 6 and c.isdigit() and reply_code.looks_right(c) for c in codes)


@settings(max_examples=300)
@given(st.integers(0, 99_999), st.integers(0, 5), st.integers(1, 9))
def test_any_single_mistyped_digit_is_caught(body, where, shift):
    from stdnum import damm

    code = f"{body:05d}"
    code += damm.calc_check_digit(code)
    wrong = code[:where] + str((int(code[where]) + shift) % 10) + code[where + 1:]
    assert reply_code.looks_right(code) and not reply_code.looks_right(wrong)


@settings(max_examples=300)
@given(st.integers(0, 99_999), st.integers(0, 4))
def test_two_neighbouring_digits_swapped_are_caught(body, where):
    from stdnum import damm

    code = f"{body:05d}"
    code += damm.calc_check_digit(code)
    swapped = code[:where] + code[where + 1] + code[where] + code[where + 2:]
    assert swapped == code or not reply_code.looks_right(swapped)


def test_grouped_and_same():
    assert reply_code.grouped("381904") == "381 904"
    assert reply_code.same("381904", "381904") and not reply_code.same("381904", "381905")


def test_a_story_may_carry_a_correct_reply_code_only():
    code = reply_code.new_code()
    story = validate_story({"text": "Lovely.", "author_role": "resident", "reply_code": code})
    assert story.reply_code == code and story.to_payload()["reply_code"] == code
    assert "reply_code" not in validate_story({"text": "Lovely.", "author_role": "resident"}).to_payload()
    bad = code[:5] + str((int(code[5]) + 1) % 10)
    for wrong in (bad, 381904, "38190", "abcdef"):
        with pytest.raises(StoryError, match="reply code"):
            validate_story({"text": "Lovely.", "author_role": "resident", "reply_code": wrong})


def _update(**over):
    doc = {"story_uuid": "0b7e6f3a-0000-4000-8000-000000000000", "story_ref": "4821",
           "reply_code": reply_code.new_code(), "text": "Better now.", "language": "cy"}
    doc.update(over)
    return doc


@pytest.mark.parametrize("over, words", [
    ({"text": "  "}, "empty"),
    ({"text": "x" * (MAX_UPDATE_CHARS + 1)}, "limit"),
    ({"story_ref": "48a1"}, "reference"),
    ({"story_uuid": 7}, "story"),
    ({"reply_code": "123456"}, "check digit"),
    ({"language": "fr"}, "language"),
    ({"prompts": {"shown": -1}}, "prompt"),
    ({"colour": "red"}, "Unknown field"),
])
def test_an_update_breaking_a_rule_says_which_and_never_quotes_it(over, words):
    with pytest.raises(StoryError, match=words) as caught:
        validate_update(_update(**over))
    assert "x" * 50 not in str(caught.value)


def test_a_good_update_keeps_its_words_and_language():
    found = validate_update(_update())
    assert found.text == "Better now." and found.language == "cy" and found.prompts["shown"] == 0
    with pytest.raises(StoryError):
        validate_update(["not", "an", "object"])
