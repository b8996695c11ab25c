"""The service database's migrations (Alembic): an empty database reaches the newest revision, a
database written by carekiosk before Alembic (tests/data/service-v2.sql, schema 2) is adopted and
upgraded with every record intact, and one from a newer carekiosk is refused with one sentence."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient

from sync.errors import UserError
from sync.server import migrations
from sync.server.app import create_app
from sync.server.db import DB_FILE, Database
from sync.server.keys import PRIVATE_FILE
from sync.server.schema import metadata
from tests.support.service import make_submissions, running_service

# The SQLite file itself (PostgreSQL: test_server_instances.py). Alembic cannot compare indexes on
# expressions on SQLite and says so; they are checked by name and by the query plan below.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.filterwarnings("ignore:autogenerate skipping"),
              pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")]

DUMP = Path(__file__).resolve().parents[2] / "data" / "service-v2.sql"
CLI = [sys.executable, "-m", "kiosk.cli"]
LEGACY_TABLES = ["homes", "enrol_codes", "tokens", "token_homes", "devices", "stories", "history", "responses",
                 "updates", "events", "integrity_flags", "counters", "shares"]


def _header(name: str) -> str:
    match = re.search(rf"^-- {name}: (.+)$", DUMP.read_text(), re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def legacy_folder(folder: Path) -> Path:
    """A service data folder holding the schema-2 database and its (demo) private key."""
    folder.mkdir(mode=0o700)
    fd = os.open(folder / PRIVATE_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, (_header("private key") + "\n").encode())
    os.close(fd)
    os.close(os.open(folder / DB_FILE, os.O_WRONLY | os.O_CREAT, 0o600))
    conn = sqlite3.connect(folder / DB_FILE)
    conn.executescript(DUMP.read_text())
    conn.close()
    return folder


def rows(path: Path, table: str) -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
    finally:
        conn.close()


def revision_and_user_version(path: Path) -> tuple[list[str], int]:
    conn = sqlite3.connect(path)
    try:
        revs = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        return revs, conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def schema_differences(db: Database, *, legacy: bool = False) -> list:
    with db.read() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diffs = compare_metadata(context, metadata)
    if legacy:
        # SQLite lets a non-integer PRIMARY KEY column hold NULL unless it says NOT NULL, and schema 2 did
        # not say it; carekiosk always supplies those ids, so the old files keep their table definitions.
        pk = {(t.name, c.name) for t in metadata.sorted_tables for c in t.primary_key.columns}
        diffs = [d for d in diffs if not (isinstance(d, list) and d[0][0] == "modify_nullable"
                                          and (d[0][2], d[0][3]) in pk)]
    return diffs


# -- the revisions themselves ---------------------------------------------------------------

def test_revisions_are_one_numbered_chain_named_by_their_ids():
    script = migrations.scripts()
    chain = [s.revision for s in reversed(list(script.walk_revisions()))]
    assert chain == list(migrations.revisions()) and chain[0] == migrations.BASELINE
    assert [migrations.schema_number(r) for r in chain] == list(range(2, 2 + len(chain)))
    for rev in chain:
        found = script.get_revision(rev)
        assert Path(found.path).stem == rev
        with pytest.raises(NotImplementedError, match="forward only"):
            found.module.downgrade()
    assert migrations.head() == script.get_current_head()


# -- from empty -----------------------------------------------------------------------------

def test_empty_database_migrates_to_head_and_matches_the_schema(tmp_path):
    db = Database(tmp_path)
    try:
        revs, user_version = revision_and_user_version(db.path)
        assert revs == [migrations.head()]
        assert user_version == migrations.schema_number(migrations.head())  # carekiosk before Alembic refuses it
        assert schema_differences(db) == []
        reopened = Database(tmp_path)  # nothing left to do the second time
        reopened.close()
        assert revision_and_user_version(db.path) == (revs, user_version)
    finally:
        db.close()


# -- from schema 2 (carekiosk before Alembic) -------------------------------------------------

def test_schema_2_database_is_adopted_and_upgraded_with_its_records_intact(tmp_path):
    folder = legacy_folder(tmp_path / "service")
    path = folder / DB_FILE
    before = {table: rows(path, table) for table in LEGACY_TABLES}
    assert all(before[t] for t in ("homes", "stories", "events", "shares", "responses", "integrity_flags"))

    db = Database(folder)
    try:
        assert revision_and_user_version(path) == ([migrations.head()], migrations.schema_number(migrations.head()))
        assert schema_differences(db, legacy=True) == []
    finally:
        db.close()
    after = {table: rows(path, table) for table in LEGACY_TABLES if table != "updates"}

    def legacy_columns(table: str, found: list[dict], *, leave_out: tuple[str, ...] = ()) -> list[dict]:
        keep = [k for k in before[table][0] if k not in leave_out]
        return [{k: r[k] for k in keep} for r in found]

    # 0003: a language for every home; 0006: the public-interest number moved to an organisation
    assert legacy_columns("homes", after["homes"], leave_out=("public_interest_phone",)) == legacy_columns(
        "homes", before["homes"], leave_out=("public_interest_phone",))
    assert {r["language"] for r in after["homes"]} == {"en"} and "public_interest_phone" not in after["homes"][0]
    orgs = {r["id"]: r for r in rows(path, "organisations")}
    covers = rows(path, "organisation_homes")
    numbered = [h for h in before["homes"] if h["public_interest_phone"]]
    [contact] = [o for o in orgs.values() if o["kind"] == "commissioner"]
    assert contact["phone"] == numbered[0]["public_interest_phone"] and contact["name"] == "Public-interest contact"
    assert {c["home_id"] for c in covers if c["org_id"] == contact["id"]} == {numbered[0]["id"]}
    # 0006: every key kept, the provider's now its own organisation, covering the key's homes
    assert legacy_columns("tokens", after["tokens"]) == before["tokens"]
    [provider] = [t for t in after["tokens"] if t["role"] == "provider"]
    assert orgs[provider["org_id"]]["kind"] == "provider"
    assert orgs[provider["org_id"]]["name"] == "Provider of Rose House"
    assert ({c["home_id"] for c in covers if c["org_id"] == provider["org_id"]}
            == {h["home_id"] for h in before["token_homes"]})
    assert all(t["org_id"] is None for t in after["tokens"] if t["role"] != "provider")
    # 0007: the provider's response is its organisation's, its change "made"; the author's update is
    # the author's response, same id, words and date
    old_response = before["responses"][0]
    kept = next(r for r in after["responses"] if r["id"] == old_response["id"])
    assert {k: kept[k] for k in old_response} == old_response
    assert kept["org_id"] == provider["org_id"] and kept["responder_kind"] == "provider" and kept["change"] == "made"
    [update] = before["updates"]
    author = next(r for r in after["responses"] if r["id"] == update["id"])
    assert (author["story_uuid"], author["body"], author["posted_at"], author["responder_kind"]) == (
        update["story_uuid"], update["body"], update["posted_at"], "author")
    assert author["org_id"] is None and author["change"] is None
    # 0008: feelings out of the tags, no criticality for stories decided before it existed
    assert legacy_columns("stories", after["stories"], leave_out=("tags_json",)) == legacy_columns(
        "stories", before["stories"], leave_out=("tags_json",))
    for old, new in zip(before["stories"], after["stories"]):
        words = json.loads(old["tags_json"])
        assert json.loads(new["tags_json"]) == [w for w in words if w != "happy"]
        assert json.loads(new["feelings_json"]) == [w for w in words if w == "happy"]
        assert new["criticality"] is None
    # 0007: the responses numbered in the order they were posted, and the counter carries on from there
    assert sorted(r["seq"] for r in after["responses"]) == [1, 2]  # both were posted in the same second
    assert [r for r in after["counters"] if r["name"] != "response_seq"] == before["counters"]
    assert [r["value"] for r in after["counters"] if r["name"] == "response_seq"] == [2]
    for table in LEGACY_TABLES[1:]:  # columns added by later revisions are left out (and empty)
        if table not in ("tokens", "responses", "updates", "stories", "counters"):
            old_columns = set(before[table][0]) if before[table] else set()
            assert [{k: v for k, v in r.items() if k in old_columns} for r in after[table]] == before[table], table
            assert all(v is None for r in after[table] for k, v in r.items() if k not in old_columns), table


def test_an_upgraded_database_carries_on_where_it_left_off(tmp_path):
    """The old keys still work, the old story still opens with the old key, cursors, counters and
    integrity flags continue rather than restart."""
    folder = legacy_folder(tmp_path / "service")
    app = create_app(folder)
    client = TestClient(app)
    try:
        mod = {"Authorization": f"Bearer {_header('moderator key')}"}
        prov = {"Authorization": f"Bearer {_header('provider key')}"}
        dev = {"Authorization": f"Bearer {_header('device token')}"}
        rose = _header("homes").split()[0]
        uuids = dict(item.split("=") for item in _header(r"stories of dev-rose-1 \(number 4 never arrived\)").split(", "))

        home = client.get(f"/v1/homes/{rose}", headers=prov).json()["home"]
        assert home["name"] == "Rose House" and home["language"] == "en" and home["roster"]["staff"] == ["Ann Lee"]
        story = client.get(f"/v1/moderation/stories/{uuids['1']}", headers=mod).json()["story"]
        assert story["content"]["text"] == "Test story number 1." and story["status"] == "published"
        # both were posted in the same second
        assert {r["responder_kind"]: r["change_made"] for r in story["responses"]} == {
            "provider": "Tea at three.", "author": None}
        assert [u["body"] for u in story["updates"]] == ["The author says thanks."]
        assert home["public_interest_phone"] == "+447700900456"
        assert [(b["name"], b["kind"]) for b in home["public_interest_bodies"]] == [
            ("Public-interest contact", "commissioner")]
        # story 3's 72 hours ended long ago (the fixture's clock was 2025): it went ahead on the first request
        lapsed = client.get(f"/v1/moderation/stories/{uuids['3']}", headers=mod).json()["story"]
        assert lapsed["status"] == "published" and lapsed["history"][-1]["action"] == "lapsed"
        assert lapsed["published_at"] == "2025-03-06T12:00:00+00:00" and lapsed["story_id"] == "1003"
        public = client.get("/v1/public/opinions").json()
        assert public["total"] == 3 and sorted(o["status"] for o in public["opinions"]) == [
            "published", "published", "restricted"]
        feed = client.get(f"/v1/homes/{rose}/events", headers=dev).json()
        assert [e["cursor"] for e in feed["events"]] == list(range(1, 13))  # 11 old ones, then the lapse
        assert feed["events"][-1]["type"] == "published" and feed["events"][-1]["story_uuid"] == uuids["3"]

        # a new story from the same device: chained on from number 5, no second alarm about number 4
        public_key = client.get("/v1/health").json()["service_public_key"]
        last = next(r for r in rows(folder / DB_FILE, "stories") if r["seq"] == 5)
        [sub] = make_submissions(public_key, "dev-rose-1", 1, start_seq=6, prev_hash=last["chain_hash"])
        assert client.post("/v1/stories", json={"stories": [sub]}, headers=dev).json()["results"][0]["result"] == "accepted"
        new = client.get(f"/v1/homes/{rose}/events", params={"after": 12}, headers=dev).json()["events"]
        assert [(e["cursor"], e["type"]) for e in new] == [(13, "story_received")]
        assert client.get("/v1/devices/dev-rose-1/integrity", headers=dev).json()["missing"] == [4]

        assert client.post(f"/v1/moderation/stories/{sub['uuid']}/decision", json={"action": "restrict", "criticality": 3,
                           "reason": "Names a resident."}, headers=mod).json()["story_id"] == "1004"
        share = client.post(f"/v1/homes/{rose}/shares", json={"kind": "poster"}, headers=prov).json()["share"]
        listed = client.get(f"/v1/homes/{rose}/shares", headers=prov).json()["shares"]
        assert sorted(s["kind"] for s in listed[:2]) == ["digest", "notice"] and listed[2] == share
    finally:
        client.close()
        app.state.service.db.close()


def test_schema_1_database_gets_the_step_it_lacked(tmp_path):
    folder = legacy_folder(tmp_path / "service")
    conn = sqlite3.connect(folder / DB_FILE)
    conn.executescript("DROP TABLE shares; ALTER TABLE devices DROP COLUMN last_seen_at; PRAGMA user_version = 1;")
    conn.close()
    Database(folder).close()
    assert revision_and_user_version(folder / DB_FILE)[0] == [migrations.head()]
    devices = rows(folder / DB_FILE, "devices")
    assert [d["device_id"] for d in devices] == ["dev-rose-1"] and devices[0]["last_seen_at"] is None
    assert rows(folder / DB_FILE, "shares") == []


def test_two_processes_opening_an_old_database_at_once_both_succeed(tmp_path):
    folder = legacy_folder(tmp_path / "service")
    code = "from sync.server.db import Database; Database(%r).close(); print('ok')" % str(folder)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "ok", err
    assert revision_and_user_version(folder / DB_FILE)[0] == [migrations.head()]
    assert len(rows(folder / DB_FILE, "stories")) == 4


def test_serve_starts_on_an_upgraded_folder_and_admin_works_beside_it(tmp_path):
    folder = legacy_folder(tmp_path / "service")
    with running_service(folder) as svc:
        mod = {"Authorization": f"Bearer {_header('moderator key')}"}
        homes = httpx.get(svc.url + "/v1/homes", headers=mod, timeout=10).json()["homes"]
        assert sorted(h["name"] for h in homes) == ["Elm House", "Rose House"]
        rose = next(h["id"] for h in homes if h["name"] == "Rose House")
        done = subprocess.run([*CLI, "admin", "set-language", rose, "cy", "--json", "--data-dir", str(folder)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"home_id": rose, "language": "cy"}
        assert httpx.get(f"{svc.url}/v1/homes/{rose}", headers=mod, timeout=10).json()["home"]["language"] == "cy"


# -- refused ------------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["unknown revision", "newer user_version"])
def test_a_database_from_a_newer_carekiosk_is_refused_and_left_alone(tmp_path, how):
    Database(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_FILE)
    if how == "unknown revision":
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    else:
        conn.execute("DROP TABLE alembic_version")
        conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = (tmp_path / DB_FILE).read_bytes()
    with pytest.raises(UserError) as caught:
        Database(tmp_path)
    message = str(caught.value)
    assert "newer carekiosk" in message and "update carekiosk first" in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    assert (tmp_path / DB_FILE).read_bytes() == before
    proc = subprocess.run([*CLI, "admin", "list-homes", "--data-dir", str(tmp_path)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0 and "newer carekiosk" in proc.stderr and "Traceback" not in proc.stderr


def test_a_file_carekiosk_did_not_make_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="tables carekiosk did not make"):
        Database(tmp_path)
    (tmp_path / DB_FILE).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / (DB_FILE + suffix)).unlink(missing_ok=True)
    with pytest.raises(UserError, match="damaged or not a database"):
        Database(tmp_path)


def test_the_public_page_is_read_off_its_index(tmp_path):
    """The public list's order is an index's order, so a page is not a sort of every public story."""
    from sync.server.queries.public import _PAGES

    db = Database(tmp_path)
    try:
        with db.read() as conn:
            for by_home, index in ((False, "stories_public"), (True, "stories_public_home")):
                sql = str(_PAGES["sqlite"][by_home])
                plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + sql, {"home_id": "h", "take": 20, "skip": 0}))
                assert f"INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        db.close()
