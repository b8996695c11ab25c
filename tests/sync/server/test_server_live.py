"""The real service: ``carekiosk serve`` in a subprocess on 127.0.0.1, real HTTP, real SQLite files,
driven by the real ``carekiosk admin`` / ``moderate`` commands and a real device store."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys

import httpx
import pytest

from sync.server.keys import PRIVATE_FILE, load_or_create
from tests.support.service import make_submissions, running_service
from sync.errors import UserError
from sync.store import Store
from sync.story import validate_story

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "kiosk.cli"]
PHONE = "07700 900456"
STORY_TEXT = "The carrot soup at Brambles was cold on Tuesday and Nurse Quinlan apologised."


def cli(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def device_submissions(tmp_path, public_key: str, device_id_hint: str = "") -> tuple[Store, list[dict]]:
    """Stories written by the real device store (sealed and chained exactly as on a kiosk)."""
    store = Store(tmp_path / "device.sqlite3")
    store.set_public_key(public_key)
    store.add_story(validate_story({"text": STORY_TEXT, "author_role": "relative", "tags": ["food"],
                                    "contact": {"email": "writer@example.org"}}))
    store.add_story(validate_story({"text": "Second story from the lobby.", "author_role": "resident"}))
    rows = store.pending()
    subs = [{k: r[k] for k in ("uuid", "device_id", "seq", "ref", "created_hour", "route", "size", "payload_sha256",
                                "prev_hash", "chain_hash")} | {"sealed": base64.b64encode(r["sealed"]).decode()}
            for r in rows]
    return store, subs


def test_live_service_end_to_end_with_cli_and_restart(tmp_path):
    data = tmp_path / "service"
    with running_service(data, log_level="info") as svc:
        dd = ["--data-dir", str(data)]
        home = json.loads(cli("admin", "add-home", "Brambles", "--manager-phone", PHONE, "--json", *dd).stdout)["home_id"]
        code = json.loads(cli("admin", "enrol-code", home, "--json", *dd).stdout)["code"]
        mod = json.loads(cli("admin", "moderator-key", "--json", *dd).stdout)["key"]
        prov = json.loads(cli("admin", "provider-key", home, "--json", *dd).stdout)["key"]
        roster = tmp_path / "roster.json"
        roster.write_text(json.dumps({"staff": ["Quinlan"]}))
        cli("admin", "set-roster", home, str(roster), *dd)
        listed = json.loads(cli("admin", "list-homes", "--json", *dd).stdout)
        assert listed[0]["home_id"] == home and listed[0]["manager_phone"] == "+447700900456"

        store, subs = device_submissions(tmp_path, svc.public_key)
        device_id = subs[0]["device_id"]
        r = httpx.post(svc.url + "/v1/enrol", json={"code": code, "device_id": device_id})
        assert r.status_code == 201 and r.json()["home"]["roster"] == {"staff": ["Quinlan"]}
        token = {"Authorization": "Bearer " + r.json()["device_token"]}
        r = httpx.post(svc.url + "/v1/stories", json={"stories": subs}, headers=token)
        assert [x["result"] for x in r.json()["results"]] == ["accepted", "accepted"]

        # killed without warning and started again: deduplication is permanent
        svc.kill()
        svc.start()
        r = httpx.post(svc.url + "/v1/stories", json={"stories": subs}, headers=token)
        assert [x["result"] for x in r.json()["results"]] == ["duplicate", "duplicate"]

        stories = json.loads(cli("moderate", "list", "--json", *dd).stdout)
        assert sorted(s["uuid"] for s in stories) == sorted(s["uuid"] for s in subs)
        assert {s["status"] for s in stories} == {"received"}
        shown = cli("moderate", "show", subs[0]["uuid"], *dd).stdout
        assert STORY_TEXT in shown and "writer@example.org" in shown
        unsaid = cli("moderate", "decide", subs[0]["uuid"], "publish", *dd, check=False)
        assert unsaid.returncode == 1 and "--criticality" in unsaid.stderr
        out = cli("moderate", "decide", subs[0]["uuid"], "publish", "--criticality", "1", "--json", *dd).stdout
        assert json.loads(out)["status"] == "awaiting_provider"
        bad = cli("moderate", "decide", subs[1]["uuid"], "restrict", "--criticality", "3", *dd, check=False)
        assert bad.returncode != 0 and "reason is required" in bad.stderr
        cli("moderate", "decide", subs[1]["uuid"], "withhold", "--level", "low", *dd)

        pheaders = {"Authorization": "Bearer " + prov}
        waiting = httpx.get(svc.url + "/v1/provider/stories", headers=pheaders).json()["stories"]
        assert [w["uuid"] for w in waiting] == [subs[0]["uuid"]]
        assert httpx.post(svc.url + f"/v1/provider/stories/{subs[0]['uuid']}/decision", headers=pheaders,
                          json={"decision": "go_ahead"}).json()["status"] == "published"
        r = httpx.post(svc.url + f"/v1/provider/stories/{subs[0]['uuid']}/responses", headers=pheaders, json={
            "body": "Sorry, we have fixed the soup kettle.", "responder_name": "Dana Whitfield",
            "responder_role": "Manager", "change_made": "New kettle"})
        assert r.status_code == 201
        evs = httpx.get(svc.url + f"/v1/homes/{home}/events", headers=token).json()["events"]
        assert [e["type"] for e in evs] == ["story_received", "story_received", "awaiting_provider", "withheld",
                                            "published", "response_posted"]
        assert httpx.get(svc.url + "/v1/moderation/stories", headers={"Authorization": "Bearer " + mod}).status_code == 200
        opinions = httpx.get(svc.url + "/v1/public/opinions").json()["opinions"]
        assert [o["body"] for o in opinions] == [STORY_TEXT]

        # an oversized body is refused over real HTTP
        r = httpx.post(svc.url + "/v1/stories", content=b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}",
                       headers={**token, "Content-Type": "application/json"})
        assert r.status_code == 413 and "error" in r.json()
        store.close()
    log = svc.log_path.read_text()
    assert "POST /v1/stories" in log  # the access log is on ...
    for secret in ("carrot", "Quinlan", "7700900456", "writer@", "Dana", "kettle", code):
        assert secret not in log  # ... and carries no text, names, numbers or codes


def test_cli_uses_carekiosk_home_and_scripts_shapes(ck_env, ck_home, backend):
    home = json.loads(cli("admin", "add-home", "Oak Lodge", "--manager-phone", "+447400123456",
                          "--public-interest-phone", "0300 123 4567", "--json", env=ck_env).stdout)
    assert set(home) == {"home_id"}
    code = json.loads(cli("admin", "enrol-code", home["home_id"], "--json", env=ck_env).stdout)
    assert len(code["code"].replace("-", "")) == 12
    assert (ck_home / "service.sqlite3").exists() is (not backend.postgresql)  # the database is where it was told
    assert json.loads(cli("moderate", "list", "--json", env=ck_env).stdout) == []
    bad = cli("admin", "add-home", "X", "--manager-phone", "12", env=ck_env, check=False)
    assert bad.returncode != 0 and "phone number" in bad.stderr and "Traceback" not in bad.stderr
    missing = cli("admin", "enrol-code", "home_nope", env=ck_env, check=False)
    assert missing.returncode != 0 and "no home" in missing.stderr


def test_private_key_is_owner_only_and_wider_permissions_refuse_to_start(tmp_path):
    data = tmp_path / "svc"
    keys = load_or_create(data)
    key_file = data / PRIVATE_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create(data) == keys  # stable across starts
    os.chmod(key_file, 0o644)
    with pytest.raises(UserError, match="chmod 600"):
        load_or_create(data)
    proc = cli("serve", "--data-dir", str(data), "--port", "0", check=False)
    assert proc.returncode != 0 and "can be read by other users" in proc.stderr


def test_submissions_helper_matches_service_over_http(tmp_path):
    """The helper other engineers use builds submissions the live service accepts."""
    with running_service(tmp_path / "svc") as svc:
        dev = svc.enrolled_device("helper-dev")
        subs = make_submissions(dev["service_public_key"], "helper-dev", 3)
        r = httpx.post(svc.url + "/v1/stories", json={"stories": subs},
                       headers={"Authorization": "Bearer " + dev["device_token"]})
        assert [x["result"] for x in r.json()["results"]] == ["accepted"] * 3
        assert [row["seq"] for row in svc.story_rows()] == [1, 2, 3]
