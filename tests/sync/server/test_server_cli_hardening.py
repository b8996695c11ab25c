"""Issue 11, the service's commands: ``moderate list``/``show`` a moderator can read at 80 columns and
find a story with, and ``admin add-home`` that notices a landline or a second home of the same name."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from tests.support.service import make_submissions

from .test_server_hardening import MALFORMED, store_raw


def run(world, *args: str, columns: int = 80):
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, [*args, "--data-dir", str(world.data_dir)])
    return result


def test_moderate_list_shows_whole_uuids_at_80_columns(world):
    subs = world.accepted(3, created_hour="2025-01-06T08:00:00+00:00")
    world.decide(subs[0]["uuid"], "publish")
    out = run(world, "moderate", "list")
    assert out.exit_code == 0, out.output
    assert max(len(line) for line in out.output.splitlines()) <= 80
    for sub in subs:
        assert sub["uuid"] in out.output  # on one line, never cut or folded
        assert sub["ref"] in out.output


def test_moderate_show_takes_a_reference_or_a_uuid_prefix(world):
    [sub] = world.accepted(1, created_hour="2025-01-06T08:00:00+00:00")
    by_ref = run(world, "moderate", "show", sub["ref"])
    assert by_ref.exit_code == 0, by_ref.output
    assert sub["uuid"] in by_ref.output and "Test story number 1." in by_ref.output
    by_prefix = run(world, "moderate", "show", sub["uuid"][:8])
    assert by_prefix.exit_code == 0 and sub["uuid"] in by_prefix.output


def test_moderate_show_lists_the_stories_an_ambiguous_prefix_could_mean(world):
    subs = world.accepted(40, created_hour="2025-01-06T08:00:00+00:00")
    first = {}
    for sub in subs:
        first.setdefault(sub["uuid"][0], []).append(sub)
    prefix, same = max(first.items(), key=lambda kv: len(kv[1]))
    assert len(same) > 1
    out = run(world, "moderate", "show", prefix)
    assert out.exit_code == 1
    assert "more than one story" in out.output.lower()
    for sub in same:
        assert sub["uuid"] in out.output
    missing = run(world, "moderate", "show", "zzzzzzzz")
    assert missing.exit_code == 1 and "no story" in missing.output.lower() and "Traceback" not in missing.output


def test_moderate_show_reads_like_words_not_python(world):
    story = {"text": "Lovely garden.", "author_role": "relative", "title": "Garden", "tags": ["activities"],
             "feelings": ["happy"], "rating": None, "contact": {"email": "sam@example.org"}, "language": "cy",
             "prompts": {"shown": 2, "accepted": 1, "declined": 1}, "route": "kiosk"}
    [sub] = make_submissions(world.public_key, world.device_id, 1, stories=[story],
                             created_hour="2025-01-06T08:00:00+00:00")
    assert world.submit([sub]).json()["results"][0]["result"] == "accepted"
    out = run(world, "moderate", "show", sub["uuid"])
    assert out.exit_code == 0, out.output
    assert "None" not in out.output and "{" not in out.output and "'" not in out.output.replace("'s", "")
    assert "2 shown, 1 accepted, 1 declined" in out.output
    assert "sam@example.org" in out.output and "Welsh" in out.output and "not given" in out.output


@pytest.mark.parametrize("what", ["a list", "a role that is a list", "60,000 characters"])
def test_moderate_show_and_list_say_a_stored_story_is_malformed(world, what):
    story_uuid = store_raw(world, MALFORMED[what])
    shown = run(world, "moderate", "show", story_uuid)
    assert shown.exit_code == 0, shown.output
    assert "MALFORMED" in shown.output and "reject" in shown.output
    listed = run(world, "moderate", "list")
    [line] = [line for line in listed.output.splitlines() if story_uuid in line]
    assert "malformed" in line.lower()
    as_json = json.loads(run(world, "moderate", "list", "--json").output)
    assert [s["malformed"] for s in as_json if s["uuid"] == story_uuid][0]


# -- admin add-home ---------------------------------------------------------------------------------------

def test_add_home_refuses_a_landline_unless_told(world):
    refused = run(world, "admin", "add-home", "Oak Lodge", "--manager-phone", "020 7946 0000")
    assert refused.exit_code == 1 and "landline" in refused.output and "--allow-landline" in refused.output
    allowed = run(world, "admin", "add-home", "Oak Lodge", "--manager-phone", "020 7946 0000", "--allow-landline",
                  "--json")
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)["home_id"].startswith("home_")
    mobile = run(world, "admin", "add-home", "Ash Lodge", "--manager-phone", "07400 123456")
    assert mobile.exit_code == 0 and "landline" not in mobile.output


def test_add_home_warns_about_a_second_home_with_the_same_name(world):
    again = CliRunner().invoke(main, ["admin", "add-home", " rose house ", "--manager-phone", "07400 123456", "--json",
                                      "--data-dir", str(world.data_dir)])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["home_id"].startswith("home_")  # stdout stays JSON
    assert world.home_id in again.stderr and "already" in again.stderr
    other = CliRunner().invoke(main, ["admin", "add-home", "Birch House", "--manager-phone", "07400 123456",
                                      "--data-dir", str(world.data_dir)])
    assert other.exit_code == 0 and "already" not in other.stderr


def test_a_public_interest_line_that_is_not_a_mobile_is_kept_with_a_note(world):
    made = CliRunner().invoke(main, ["admin", "add-home", "Yew House", "--manager-phone", "07400 123456",
                                     "--public-interest-phone", "0300 123 4567", "--data-dir", str(world.data_dir)])
    assert made.exit_code == 0, made.output
    assert "not a mobile" in made.stderr and "printed" in made.stderr
