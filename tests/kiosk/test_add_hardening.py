"""Issue 11, ``carekiosk add`` as staff run it: unknown fields refused with the line, messages that say
what is wrong, counts in English, and a suggested title that never repeats a detail that was replaced."""

from __future__ import annotations

import json
import subprocess

import pytest

from sync.paths import Paths
from sync.profile import demo_private_key
from sync.seal import unseal
from sync.store import Store


def add(carekiosk_cmd, ck_env, *args, stdin=None):
    return subprocess.run([*carekiosk_cmd, "add", *args], env=ck_env, input=stdin, capture_output=True, text=True,
                          timeout=60)


def sealed_stories(ck_home) -> list[dict]:
    paths = Paths.from_env(ck_home)
    store = Store(paths.database)
    try:
        return [unseal(r["sealed"], demo_private_key(paths))["story"] for r in store.story_rows()]
    finally:
        store.close()


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


GOOD = json.dumps({"text": "The garden is lovely.", "author_role": "resident"})


@pytest.mark.parametrize("field, value", [("route", "kiosk"), ("prompts", {"shown": 99, "accepted": 0, "declined": 0})])
def test_fields_the_tool_sets_are_refused_with_the_line_number(carekiosk_cmd, ck_env, ck_home, tmp_path, field, value):
    forms = tmp_path / "forms.jsonl"
    forms.write_text(GOOD + "\n" + json.dumps({"text": "Hi.", "author_role": "resident", field: value}) + "\n")
    line = one_line_error(add(carekiosk_cmd, ck_env, str(forms)))
    assert "line 2" in line and f"'{field}'" in line
    assert not (Paths.from_env(ck_home).database.exists() and sealed_stories(ck_home))  # nothing added


@pytest.mark.parametrize("payload, expected", [
    ({"author_role": "resident"}, 'no "text"'),
    ({"text": 5, "author_role": "resident"}, '"text" must be words in quotes, not a number'),
    ({"text": ["a"], "author_role": "resident"}, '"text" must be words in quotes, not a list'),
    ({"text": "Hello."}, 'no "author_role"'),
    ({"text": "Hello.", "author_role": ["resident"]}, "Unknown author role"),
])
def test_messages_say_what_is_wrong(carekiosk_cmd, ck_env, payload, expected):
    line = one_line_error(add(carekiosk_cmd, ck_env, "-", stdin=json.dumps(payload)))
    assert expected in line and "empty" not in line


def test_a_file_with_a_byte_order_mark_is_read(carekiosk_cmd, ck_env, ck_home, tmp_path):
    forms = tmp_path / "from-excel.jsonl"
    forms.write_bytes(b"\xef\xbb\xbf" + (GOOD + "\n" + GOOD + "\n").encode())
    result = add(carekiosk_cmd, ck_env, str(forms))
    assert result.returncode == 0, result.stderr
    assert len(sealed_stories(ck_home)) == 2


def test_a_deeply_nested_file_is_one_sentence(carekiosk_cmd, ck_env, tmp_path):
    forms = tmp_path / "deep.json"
    forms.write_text('{"text": "Hi", "author_role": "resident", "contact": ' + "[" * 50_000 + "]" * 50_000 + "}")
    line = one_line_error(add(carekiosk_cmd, ck_env, str(forms)))
    assert "nested" in line and "something went wrong" not in line


def test_counts_are_in_good_english(carekiosk_cmd, ck_env):
    one = add(carekiosk_cmd, ck_env, "-", stdin=json.dumps({"text": "Nurse Bev was kind.", "author_role": "relative"}))
    assert one.returncode == 0, one.stderr
    assert "1 name" in one.stdout and "1 story queued" in one.stdout and "(ies)" not in one.stdout
    text = "Nurse Bev and Nurse Joy and Dr Patel rang 07700 900417 and 07700 900418 for room 14."
    many = add(carekiosk_cmd, ck_env, "-", stdin="\n".join([json.dumps({"text": text, "author_role": "relative"})] * 2))
    assert many.returncode == 0, many.stderr
    assert "3 names" in many.stdout and "2 phone numbers" in many.stdout and "1 room number" in many.stdout
    assert "2 stories queued" in many.stdout and "(ies)" not in many.stdout


def test_the_suggested_title_is_built_after_the_details_are_replaced(carekiosk_cmd, ck_env, ck_home):
    text = "Nurse Bev was rude to me at breakfast and nobody listened."
    result = add(carekiosk_cmd, ck_env, "-", "--accept-suggestions", stdin=json.dumps({"text": text,
                                                                                       "author_role": "resident"}))
    assert result.returncode == 0, result.stderr
    [story] = sealed_stories(ck_home)
    assert "Bev" not in story["text"] and "Bev" not in story["title"]
    assert story["title"].lower().startswith("a nurse was rude")


def test_a_title_the_writer_gave_is_kept(carekiosk_cmd, ck_env, ck_home):
    result = add(carekiosk_cmd, ck_env, "-", "--accept-suggestions",
                 stdin=json.dumps({"text": "Nurse Bev was kind.", "author_role": "resident", "title": "Kindness"}))
    assert result.returncode == 0, result.stderr
    assert sealed_stories(ck_home)[0]["title"] == "Kindness"
