"""``carekiosk add``, ``status`` and ``verify`` run as a care worker would run them (a real process)."""

from __future__ import annotations

import json
import sqlite3
import subprocess

from sync.paths import Paths


def run(cmd, env, *args, stdin=None):
    return subprocess.run([*cmd, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


def test_add_jsonl_then_status_and_verify(carekiosk_cmd, ck_env, tmp_path):
    forms = tmp_path / "forms.jsonl"
    forms.write_text(
        json.dumps({"text": "The new menu is much better, thank you.", "author_role": "resident"}) + "\n\n"
        + json.dumps({"text": "Visiting hours were explained clearly.", "author_role": "visitor",
                      "tags": ["visiting"], "rating": 5}) + "\n"
    )
    result = run(carekiosk_cmd, ck_env, "add", str(forms), "--json")
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [i["seq"] for i in items] == [1, 2]
    assert all(len(i["ref"]) == 4 and len(i["uuid"]) == 36 for i in items)

    status = json.loads(run(carekiosk_cmd, ck_env, "status", "--json").stdout)
    assert status["pending"] == 2 and status["acknowledged"] == 0 and status["last_seq"] == 2
    assert status["profile"] == "demo" and status["last_sync"] is None and len(status["head_hash"]) == 64

    ok = run(carekiosk_cmd, ck_env, "verify")
    assert ok.returncode == 0 and "2 stories checked" in ok.stdout


def test_add_from_stdin_single_object(carekiosk_cmd, ck_env):
    result = run(carekiosk_cmd, ck_env, "add", "-",
                 stdin=json.dumps({"text": "Lovely garden party.", "author_role": "relative"}))
    assert result.returncode == 0, result.stderr
    assert "reference" in result.stdout


def test_bad_line_adds_nothing_and_names_the_line(carekiosk_cmd, ck_env, tmp_path):
    forms = tmp_path / "forms.jsonl"
    good = json.dumps({"text": "Fine.", "author_role": "resident"})
    cases = {
        json.dumps({"text": "", "author_role": "resident"}): "line 2: The story is empty",
        json.dumps({"text": "x" * 10_001, "author_role": "resident"}): "line 2: The story is 10,001 characters",
        json.dumps({"text": "Hi", "author_role": "landlord"}): "line 2: Unknown author role",
        json.dumps({"text": "Hi", "author_role": "resident", "contact": {"mobile": "12"}}):
            "line 2: The mobile number does not look right",
        '{"text": "unterminated': "line 2 is not valid JSON",
    }
    for bad, expected in cases.items():
        forms.write_text(good + "\n" + bad + "\n" + good + "\n")
        result = run(carekiosk_cmd, ck_env, "add", str(forms))
        assert result.returncode != 0
        assert expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, "one clear sentence, no traceback"
        assert "Traceback" not in result.stderr
    status = json.loads(run(carekiosk_cmd, ck_env, "status", "--json").stdout)
    assert status["last_seq"] == 0 and status["pending"] == 0


def test_verify_exits_non_zero_naming_the_first_problem(carekiosk_cmd, ck_env, ck_home):
    lines = "\n".join(json.dumps({"text": f"Story {i}", "author_role": "visitor"}) for i in range(3))
    assert run(carekiosk_cmd, ck_env, "add", "-", stdin=lines).returncode == 0
    db = sqlite3.connect(Paths.from_env(ck_home).database)
    db.execute("DELETE FROM outbox WHERE uuid = (SELECT uuid FROM stories WHERE seq = 2)")
    db.execute("DELETE FROM stories WHERE seq = 2")
    db.commit()
    db.close()
    result = run(carekiosk_cmd, ck_env, "verify")
    assert result.returncode == 1
    assert "story number 2 is missing" in result.stderr


def test_every_command_has_help_a_care_worker_can_follow(carekiosk_cmd, ck_env):
    top = run(carekiosk_cmd, ck_env, "--help")
    assert top.returncode == 0
    for name in ("add", "status", "verify"):
        assert name in top.stdout
        sub = run(carekiosk_cmd, ck_env, name, "--help")
        assert sub.returncode == 0 and "Example:" in sub.stdout


def test_add_reports_personal_details_and_seals_the_prompt_counts(carekiosk_cmd, ck_env, ck_home):
    from sync.profile import demo_private_key
    from sync.seal import unseal
    from sync.store import Store

    text = "Nurse Bev looked after mum in room 14 and rang me on 07700 900417."
    kept = run(carekiosk_cmd, ck_env, "add", "-", stdin=json.dumps({"text": text, "author_role": "relative"}))
    assert kept.returncode == 0, kept.stderr
    assert "1 name, 1 room number, 1 phone number" in kept.stdout
    assert "Bev" not in kept.stdout and "900417" not in kept.stdout
    replaced = run(carekiosk_cmd, ck_env, "add", "-", "--accept-suggestions", "--json",
                   stdin=json.dumps({"text": text, "author_role": "relative"}))
    assert json.loads(replaced.stdout)["kinds"] == ["NAME", "PHONE", "ROOM"]

    paths = Paths.from_env(ck_home)
    store = Store(paths.database)
    first, second = (unseal(r["sealed"], demo_private_key(paths))["story"] for r in store.story_rows())
    store.close()
    assert first["text"] == text
    assert first["prompts"] == {"shown": 3, "accepted": 0, "declined": 3}
    assert second["prompts"] == {"shown": 3, "accepted": 3, "declined": 0}
    assert "Bev" not in second["text"] and "room 14" not in second["text"] and "900417" not in second["text"]
    assert "a nurse" in second["text"].lower() and "their room" in second["text"]
