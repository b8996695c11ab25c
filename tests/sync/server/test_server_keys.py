"""Keys of every kind through ``carekiosk admin``: a public-interest body's key and organisation, the
list of keys (never the keys), and revocation - any key, refused (401) from the very next request,
with the service running."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import httpx
from click.testing import CliRunner

from kiosk.cli import main
from tests.support.service import running_service

CLI = [sys.executable, "-m", "kiosk.cli"]


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def admin(folder, *args, check=True) -> Done:
    """``carekiosk admin ...`` in this process (the real command, through the composition root)."""
    result = CliRunner().invoke(main, ["admin", *args, "--data-dir", str(folder)])
    done = Done(result.exit_code, result.stdout, result.stderr)
    if check:
        assert done.returncode == 0, (done.stderr, result.exception)
    return done


def test_public_interest_key_list_and_revoke_every_kind_at_once(tmp_path):
    with running_service(tmp_path / "service") as svc:
        rose, elm = svc.add_home("Rose House"), svc.add_home("Elm House")
        dev = svc.enrol(svc.enrol_code(rose), "dev-rose")
        made = json.loads(admin(svc.data_dir, "public-interest-key", "Powys County Council", "--kind", "commissioner",
                                "--home", rose, "--phone", "07700 900301", "--json").stdout)
        assert set(made) == {"key", "key_id", "org_id", "home_ids"} and made["key"].startswith("cki_")
        assert made["home_ids"] == [rose]
        again = json.loads(admin(svc.data_dir, "public-interest-key", "powys county council", "--kind", "commissioner",
                                 "--home", elm, "--json").stdout)
        assert again["org_id"] == made["org_id"]  # the same body: its area now has both homes
        provider = json.loads(admin(svc.data_dir, "provider-key", rose, "--name", "Rose House Care Ltd",
                                    "--json").stdout)
        moderator = json.loads(admin(svc.data_dir, "moderator-key", "--label", "Moderation desk", "--json").stdout)

        def me(key: str) -> httpx.Response:
            return httpx.get(f"{svc.url}/v1/organisation/me", headers={"Authorization": f"Bearer {key}"}, timeout=10)

        who = me(made["key"]).json()
        assert who["role"] == "public_interest" and who["organisation"] == {
            "id": made["org_id"], "name": "Powys County Council", "kind": "commissioner"}
        assert [h["id"] for h in who["homes"]] == [rose]
        home = httpx.get(f"{svc.url}/v1/homes/{rose}", headers={"Authorization": f"Bearer {provider['key']}"},
                         timeout=10).json()["home"]
        assert [(b["name"], b["phone"]) for b in home["public_interest_bodies"]] == [
            ("Powys County Council", "+447700900301")]

        keys = json.loads(admin(svc.data_dir, "list-keys", "--json").stdout)
        assert {k["role"] for k in keys} == {"device", "provider", "public_interest", "moderator"}
        listed = json.dumps(keys) + admin(svc.data_dir, "list-keys").stdout
        for secret in (made["key"], again["key"], provider["key"], moderator["key"], dev["device_token"]):
            assert secret not in listed  # ids only, never a key
        by_id = {k["key_id"]: k for k in keys}
        assert by_id[provider["key_id"]]["organisation"]["name"] == "Rose House Care Ltd"
        assert by_id[made["key_id"]]["home_ids"] == [rose] and by_id[again["key_id"]]["home_ids"] == [elm]
        device_id = next(k["key_id"] for k in keys if k["role"] == "device")
        assert by_id[device_id]["home_ids"] == [rose]

        checks = {
            made["key_id"]: lambda: me(made["key"]),
            provider["key_id"]: lambda: me(provider["key"]),
            moderator["key_id"]: lambda: httpx.get(f"{svc.url}/v1/moderation/stories", timeout=10,
                                                   headers={"Authorization": f"Bearer {moderator['key']}"}),
            device_id: lambda: httpx.get(f"{svc.url}/v1/homes/{rose}/events", timeout=10,
                                         headers={"Authorization": f"Bearer {dev['device_token']}"}),
        }
        for key_id, call in checks.items():
            assert call().status_code == 200, key_id
            out = json.loads(admin(svc.data_dir, "revoke-key", key_id, "--json").stdout)
            assert out["key_id"] == key_id and out["already"] is False
            refused = call()
            assert refused.status_code == 401 and "revoked" in refused.json()["error"], key_id
        assert me(again["key"]).status_code == 200  # the body's other key still works
        twice = admin(svc.data_dir, "revoke-key", provider["key_id"])
        assert "already revoked" in twice.stdout
        assert json.loads(admin(svc.data_dir, "list-keys", "--active", "--json").stdout) == [by_id[again["key_id"]]]
        unknown = subprocess.run([*CLI, "admin", "revoke-key", "k_nope", "--data-dir", str(svc.data_dir)],
                                 capture_output=True, text=True, timeout=60)  # the installed command, once
        assert unknown.returncode == 1 and "no key with id" in unknown.stderr and "Traceback" not in unknown.stderr


def test_bad_public_interest_keys_are_refused_with_one_sentence(tmp_path):
    folder = tmp_path / "service"
    home = json.loads(admin(folder, "add-home", "Rose House", "--manager-phone", "07700900123", "--json").stdout)
    for args, words in ((["--kind", "provider", "--home", home["home_id"]], "is not one of"),
                        (["--kind", "regulator"], "Missing option"),
                        (["--kind", "regulator", "--home", "home_nope"], "no home with id"),
                        (["--kind", "regulator", "--home", home["home_id"], "--phone", "12"], "phone number")):
        done = admin(folder, "public-interest-key", "Care Inspectorate Wales", *args, check=False)
        assert done.returncode != 0 and words in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert json.loads(admin(folder, "list-keys", "--json").stdout) == []  # nothing half-made


def test_a_homes_public_interest_phone_becomes_an_organisation_that_can_be_renamed(tmp_path):
    folder = tmp_path / "service"
    rose = json.loads(admin(folder, "add-home", "Rose House", "--manager-phone", "07700900123",
                            "--public-interest-phone", "07700900456", "--json").stdout)["home_id"]
    elm = json.loads(admin(folder, "add-home", "Elm House", "--manager-phone", "07700900124",
                           "--public-interest-phone", "07700900456", "--json").stdout)["home_id"]
    listed = json.loads(admin(folder, "list-homes", "--json").stdout)
    assert [h["public_interest_bodies"] for h in listed] == [["Public-interest contact"]] * 2
    from sync.server.db import Database, database_target
    from sync.server.queries.conversation import public_interest_bodies

    with Database(database_target(folder)) as db, db.read() as conn:
        [body] = public_interest_bodies(conn, rose)
        assert public_interest_bodies(conn, elm) == [body]  # one contact, both homes
    renamed = json.loads(admin(folder, "set-organisation", body["id"], "--name", "Powys Adult Safeguarding",
                               "--json").stdout)
    assert renamed["name"] == "Powys Adult Safeguarding" and renamed["phone"] == "+447700900456"
    made = json.loads(admin(folder, "public-interest-key", "Powys Adult Safeguarding", "--kind", "commissioner",
                            "--home", rose, "--json").stdout)
    assert made["org_id"] == body["id"]  # its key belongs to the body the number became
