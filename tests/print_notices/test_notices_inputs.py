"""Bad inputs get one plain sentence, not "something went wrong inside carekiosk"; dates on
notices are UK dates. The real CLI in a child process."""

from __future__ import annotations

import errno
import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from sync.paths import Paths
from sync.profile import open_store
from sync.seal import generate_keypair


def _run(cmd, env, *args):
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("kind", ["poster", "digest", "leaflet"])
@pytest.mark.parametrize("where, reason", [
    ("/etc/passwd/x.pdf", "part of that path is a file, not a folder"),
    ("/proc/nope/x.pdf", "that folder does not exist and cannot be made there"),
])
def test_unwritable_out_path_is_one_sentence(ck_env, carekiosk_cmd, kind, where, reason):
    done = _run(carekiosk_cmd, ck_env, "print", kind, "--out", where)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"carekiosk: The notice could not be saved as {where}: {reason}."


def test_out_below_a_file_leaves_nothing_behind(ck_env, carekiosk_cmd, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me")
    where = blocker / "a" / "b" / "poster.pdf"
    done = _run(carekiosk_cmd, ck_env, "print", "poster", "--out", str(where))
    assert done.returncode == 1 and "part of that path is a file, not a folder" in done.stderr
    assert blocker.read_text() == "keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["ck-home", "notes.txt"]


def test_a_failed_write_removes_its_temp_file_and_the_folders_it_made(ck_home, tmp_path, monkeypatch):
    """Disk full at the last step: no temp file, no PDF, no new empty folders."""
    import os

    from print_notices import pdf as pdf_module
    from print_notices.leaflet import build_leaflet

    out = tmp_path / "new" / "deeper" / "leaflet.pdf"
    real_replace = os.replace

    def full(src, dst):
        if Path(dst) == out:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(pdf_module.os, "replace", full)
    with pytest.raises(pdf_module.PdfWriteError, match="the disk is full") as caught:
        build_leaflet(out)
    assert str(out) in str(caught.value)
    assert not (tmp_path / "new").exists()
    assert sorted(os.listdir(tmp_path)) == ["ck-home"]


@pytest.mark.parametrize("setting, message", [
    ('max_per_hour = "lots"', "[notify] max_per_hour must be a whole number such as 1."),
    ("max_per_hour = 0", "[notify] max_per_hour must be a whole number of at least 1."),
    ('interval = "often"', "[notify] interval must be a number such as 60."),
    ('no_response_days = 2.5', "[notify] no_response_days must be a whole number such as 1."),
    ('timezone = "Mars/Base"', "[notify] timezone must be a time zone name such as Europe/London, not 'Mars/Base'."),
    ('status_listen = "127.0.0.1:port"', "[notify] status_listen must be an address and port such as 127.0.0.1:8471."),
])
def test_bad_notify_settings_are_one_sentence(ck_home, ck_env, carekiosk_cmd, setting, message):
    (ck_home / "carekiosk.toml").write_text(f"[notify]\n{setting}\n")
    done = _run(carekiosk_cmd, ck_env, "notify", "--once", "--server", "http://127.0.0.1:9", "--key", "ckp_x")
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"carekiosk: {message}"


# -- UK dates ---------------------------------------------------------------------------------

JUST_AFTER_MIDNIGHT_BST = "2025-06-30T23:30:00+00:00"  # 00:30 on 1 July, UK time


def _enrol_with_summer_story(paths: Paths) -> None:
    with open_store(paths) as store:
        public, _private = generate_keypair()
        store.enrol(home_id="home-1", home_name="Bryn Awel", public_key=public, server_url="http://127.0.0.1:1",
                    token="t")
        store.conn.execute(
            "INSERT INTO published VALUES ('s9', 'u9', '9090', 'Midsummer garden party', 'Lovely evening.',"
            " 'relative', ?, 'published', NULL, ?, NULL)", (json.dumps([]), JUST_AFTER_MIDNIGHT_BST))


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_digest_since_is_uk_midnight_and_dates_are_uk_dates(ck_home, ck_env, carekiosk_cmd, tmp_path):
    _enrol_with_summer_story(Paths.from_env())
    out = tmp_path / "digest.pdf"
    done = _run(carekiosk_cmd, ck_env, "print", "digest", "--since", "2025-07-01", "--out", str(out))
    assert done.returncode == 0, done.stderr
    got = _text(out)
    assert "From 1 July 2025" in got
    assert "Stories published: 1" in got and "Midsummer garden party" in got
    assert "Published 1 July 2025" in got and "30 June" not in got
    done = _run(carekiosk_cmd, ck_env, "print", "digest", "--since", "2025-07-02", "--out", str(out))
    assert "Stories published: 0" in _text(out)


def test_story_notice_shows_the_uk_date(ck_home, ck_env, carekiosk_cmd, tmp_path):
    _enrol_with_summer_story(Paths.from_env())
    out = tmp_path / "notice.pdf"
    done = _run(carekiosk_cmd, ck_env, "print", "notice", "9090", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Published 1 July 2025" in _text(out)


def test_format_date_is_uk_local():
    from datetime import date

    from sync.i18n import format_date

    assert format_date(datetime(2025, 6, 30, 23, 30, tzinfo=timezone.utc)) == "1 July 2025"
    assert format_date(datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc), "cy") == "31 Rhagfyr 2025"  # GMT
    assert format_date(datetime(2025, 6, 30, 23, 30)) == "1 July 2025"  # naive = UTC, like stored times
    assert format_date(date(2025, 6, 30)) == "30 June 2025"
