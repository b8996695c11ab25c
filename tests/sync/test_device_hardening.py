"""Issue 11, the device's commands: a damaged database or a hostile file gets one sentence and the
documented exit code; ``verify`` counts what it checks; the field worker can find the device token and
is told plainly when a bundle predates re-enrolment; the data folder is private."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from sync.paths import Paths
from sync.profile import open_store
from sync.story import Story


def run(cmd, env, *args, stdin=None):
    return subprocess.run([*cmd, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_sentence(result, codes) -> str:
    assert result.returncode in codes, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("carekiosk: "), result.stderr
    assert "something went wrong" not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


def three_stories(ck_home) -> Paths:
    store = open_store()
    store.add_stories([Story(text=f"Story number {i}: the tea was cold.", author_role="resident") for i in range(3)])
    store.close()
    paths = Paths.from_env(ck_home)
    db = sqlite3.connect(paths.database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, where we damage it
    db.close()
    return paths


def stories_page(paths: Paths) -> tuple[int, int]:
    db = sqlite3.connect(paths.database)
    try:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stories'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    finally:
        db.close()
    return (root - 1) * size, size


# -- verify on a damaged database ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["page header", "cell contents", "whole page"])
def test_verify_on_bytes_overwritten_in_the_stories_table_is_one_sentence(carekiosk_cmd, ck_env, ck_home, where):
    paths = three_stories(ck_home)
    start, size = stories_page(paths)
    offset, length = {"page header": (0, 96), "cell contents": (size - 196, 96), "whole page": (0, size)}[where]
    with open(paths.database, "r+b") as fh:
        fh.seek(start + offset)
        fh.write(b"\xff" * length)
    line = one_sentence(run(carekiosk_cmd, ck_env, "verify"), (1, 3))
    assert "damaged" in line or "altered" in line


def test_verify_on_a_sealed_story_turned_into_text_is_one_sentence(carekiosk_cmd, ck_env, ck_home):
    paths = three_stories(ck_home)
    db = sqlite3.connect(paths.database)
    db.execute("UPDATE stories SET sealed = 'just some text' WHERE seq = 2")
    db.commit()
    db.close()
    result = run(carekiosk_cmd, ck_env, "verify")
    line = one_sentence(result, (1,))
    assert "story number 2" in line and "altered" in line


def test_verify_on_a_file_that_is_not_a_database_is_one_sentence(carekiosk_cmd, ck_env, ck_home):
    Paths.from_env(ck_home).database.write_bytes(b"this is not a database at all " * 200)
    line = one_sentence(run(carekiosk_cmd, ck_env, "verify"), (3,))
    assert "damaged" in line


# -- verify counts what it checks ---------------------------------------------------------------------

def test_verify_after_enrolling_counts_the_demo_chain_it_checks(ck_home):
    store = open_store()
    store.add_stories([Story(text="A demo story.", author_role="visitor")] * 3)
    store.enrol(home_id="home-1", home_name="Rose House", public_key=store.device().public_key,
                server_url="http://127.0.0.1:9", token="t", device_id="enrolled-id", may_set_aside=3)
    store.close()
    result = cli("verify")
    assert result.exit_code == 0, result.output
    assert "OK: 3 stories checked" in result.output and "demo" in result.output
    assert "0 stor" not in result.output and "(ies)" not in result.output


def test_verify_counts_in_good_english(ck_home):
    store = open_store()
    store.add_story(Story(text="Just one.", author_role="visitor"))
    store.close()
    result = cli("verify")
    assert result.exit_code == 0 and "OK: 1 story checked" in result.output


# -- import of a hostile file ----------------------------------------------------------------------------

def test_import_of_a_deeply_nested_file_is_one_sentence(carekiosk_cmd, ck_env, tmp_path):
    bundle = tmp_path / "deep.ckb"
    bundle.write_text("[" * 100_000 + "]" * 100_000)
    result = run(carekiosk_cmd, ck_env, "import", str(bundle), "--server", "http://127.0.0.1:9", "--token", "t")
    line = one_sentence(result, (9,))
    assert "nothing was imported" in line


# -- the field worker's path to the device token ----------------------------------------------------------

def test_status_shows_the_device_token_only_when_asked(enrolled_store):
    plain = cli("status", "--json")
    assert "good-token" not in plain.output
    shown = cli("status", "--json", "--show-token")
    assert json.loads(shown.output)["device_token"] == "good-token"
    table = cli("status", "--show-token")
    assert "good-token" in table.output


def test_enrol_says_where_the_device_token_is(ck_home, fake_service):
    result = cli("enrol", "--server", fake_service.url, "--code", "CODE-1")
    assert result.exit_code == 0, result.output
    assert "good-token" not in result.output and "carekiosk status --show-token" in result.output


def test_a_bundle_from_before_re_enrolment_is_not_called_tampered(enrolled_store, fake_service, stories, tmp_path):
    stories(enrolled_store, 2)
    bundle = tmp_path / "b.ckb"
    assert cli("export", str(bundle)).exit_code == 0
    enrolled_store.enrol(home_id=fake_service.home_id, home_name="Rose House", public_key=fake_service.public_key,
                         server_url=fake_service.url, token="the-new-token")  # enrol --force gives a new token
    result = cli("import", str(bundle), "--server", fake_service.url, "--token", "the-new-token")
    assert result.exit_code == 9
    assert "altered" not in result.output and "enrolled again" in result.output
    assert "export" in result.output and "nothing was imported" in result.output
    assert fake_service.story_requests() == 0


# -- the data folder ----------------------------------------------------------------------------------------

def test_an_existing_carekiosk_home_open_to_others_is_made_private(carekiosk_cmd, ck_env, ck_home):
    os.chmod(ck_home, 0o755)
    result = run(carekiosk_cmd, ck_env, "status")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(ck_home.stat().st_mode) == 0o700


def test_verify_problems_count_in_good_english(carekiosk_cmd, ck_env, ck_home):
    paths = three_stories(ck_home)
    db = sqlite3.connect(paths.database)
    db.execute("DELETE FROM outbox WHERE uuid = (SELECT uuid FROM stories WHERE seq = 3)")
    db.commit()
    db.close()
    line = one_sentence(run(carekiosk_cmd, ck_env, "verify"), (1,))
    assert "1 story has no outbox record" in line and "(ies)" not in line
