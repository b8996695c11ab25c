"""Enrolled devices print the public record from the store; pending text never reaches a notice."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from print_notices import content, digest, story_notice
from sync.errors import UserError
from sync.paths import Paths
from sync.profile import open_store
from sync.seal import generate_keypair

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)


def enrol_with_record(paths: Paths) -> None:
    with open_store(paths) as store:
        public, _private = generate_keypair()
        store.enrol(home_id="home-1", home_name="Bryn Awel", public_key=public, server_url="http://127.0.0.1:1",
                    token="t")
        c = store.conn
        c.execute("INSERT INTO published VALUES ('s1', 'u1', '4821', 'Kind night staff', 'The night staff were kind.',"
                  " 'relative', ?, 'published', NULL, '2025-03-08T09:00:00+00:00', 'https://example.org/op/s1')",
                  (json.dumps(["night"]),))
        c.execute("INSERT INTO published VALUES ('s2', 'u2', '5150', 'Cold tea', 'The tea is always cold.',"
                  " 'resident', '[]', 'published', NULL, '2025-03-09T09:00:00+00:00', NULL)")
        c.execute("INSERT INTO published VALUES ('s3', 'u3', '6006', 'Restricted one', 'hidden words', 'visitor',"
                  " '[]', 'restricted', 'It identifies a resident.', '2025-03-09T10:00:00+00:00', NULL)")
        c.execute("INSERT INTO responses (response_id, story_id, body, responder_name, responder_role, change_made,"
                  " posted_at) VALUES ('r1', 's1', 'Thank you, we passed it on.', 'Sam', 'Manager',"
                  " 'Night staff thanked at the team meeting', '2025-03-09T12:00:00+00:00')")
        c.execute("INSERT INTO outcomes VALUES ('u4', '7007', 'awaiting_provider', NULL, '2025-03-09T00:00:00+00:00')")
        c.execute("INSERT INTO outcomes VALUES ('u5', '7008', 'awaiting_provider', NULL, '2025-03-09T00:00:00+00:00')")
        c.execute("INSERT INTO outcomes VALUES ('u6', '7009', 'restricted', 'It names a visitor.', "
                  "'2025-03-09T00:00:00+00:00')")


def text(pdf) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_enrolled_digest_uses_the_store(ck_home, tmp_path):
    paths = Paths.from_env()
    enrol_with_record(paths)
    data = content.load(paths, now=NOW)
    assert not data.is_sample and data.home_name == "Bryn Awel" and data.awaiting_count == 2
    got = text(digest.render_digest(data, tmp_path / "d.pdf"))
    assert "SAMPLE" not in got
    assert "Kind night staff" in got and "Night staff thanked" in got
    assert "Stories waiting for the home's decision: 2" in got
    assert "Reference 6006: It identifies a resident." in got and "Reference 7009: It names a visitor." in got
    assert "hidden words" not in got  # a restricted story's text is never printed
    assert "Reference 5150" in got  # no reply yet


def test_enrolled_story_notice(ck_home, tmp_path):
    paths = Paths.from_env()
    enrol_with_record(paths)
    data = content.load(paths, now=NOW)
    got = text(story_notice.render_story_notice(data, "4821", tmp_path / "n.pdf"))
    assert "Kind night staff" in got and "https://example.org/op/s1" in got and "Thank you, we passed it on." in got
    with pytest.raises(UserError, match="not published in full"):
        data.story("6006")
    with pytest.raises(UserError, match="No published story"):
        data.story("7007")  # awaiting decision: no text anywhere


def test_cli_prints_enrolled_notice_to_file(ck_home, ck_env, carekiosk_cmd, tmp_path):
    enrol_with_record(Paths.from_env())
    out = tmp_path / "n.pdf"
    done = subprocess.run(carekiosk_cmd + ["print", "notice", "4821", "--out", str(out), "--lang", "cy"],
                          env=ck_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Cyfeirnod 4821" in text(out) and "SAMPL" not in text(out)
    done = subprocess.run(carekiosk_cmd + ["print", "notice", "6006", "--out", str(out)], env=ck_env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not published in full" in done.stderr
