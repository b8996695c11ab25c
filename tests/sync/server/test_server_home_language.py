"""Each home's language (``en`` or ``cy``) for its manager's texts and notices: set by
``carekiosk admin``, stored with the home, and returned in the home objects of ``GET /v1/homes``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sync.errors import UserError
from tests.support.service import add_home, set_language

CLI = [sys.executable, "-m", "kiosk.cli"]


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=60)


def test_homes_carry_their_language_over_the_api(world):
    listed = world.client.get("/v1/homes", headers=world.mod).json()["homes"]
    assert {h["id"]: h["language"] for h in listed} == {world.home_id: "en", world.other_home_id: "en"}
    set_language(world.data_dir, world.home_id, "cy")
    mine = world.client.get(f"/v1/homes/{world.home_id}", headers=world.prov).json()["home"]
    assert mine["language"] == "cy" and mine["name"] == "Rose House"
    assert [h["language"] for h in world.client.get("/v1/homes", headers=world.prov).json()["homes"]] == ["cy"]
    # what a device learns at enrolment is unchanged
    welsh = add_home(world.data_dir, "Tŷ Rhosyn", language="cy")
    from tests.support.service import enrol_code

    home = world.client.post("/v1/enrol", json={"code": enrol_code(world.data_dir, welsh),
                                                "device_id": "dev-ty-1"}).json()["home"]
    assert set(home) == {"id", "name", "roster"}


def test_a_language_outside_en_and_cy_is_refused(world):
    with pytest.raises(UserError, match="en, cy"):
        add_home(world.data_dir, "Somewhere", language="fr")
    with pytest.raises(UserError, match="en, cy"):
        set_language(world.data_dir, world.home_id, "EN")


def test_admin_sets_a_homes_language(ck_env):
    made = cli("admin", "add-home", "Tŷ Gwyn", "--manager-phone", "07700 900321", "--language", "cy", "--json",
               env=ck_env)
    assert made.returncode == 0, made.stderr
    home = json.loads(made.stdout)["home_id"]
    plain = json.loads(cli("admin", "add-home", "Oak Lodge", "--manager-phone", "07700 900322", "--json",
                           env=ck_env).stdout)["home_id"]
    listed = {h["home_id"]: h["language"] for h in json.loads(cli("admin", "list-homes", "--json", env=ck_env).stdout)}
    assert listed == {home: "cy", plain: "en"}

    changed = cli("admin", "set-language", home, "en", env=ck_env)
    assert changed.returncode == 0 and "English" in changed.stdout
    assert {h["home_id"]: h["language"] for h in json.loads(cli("admin", "list-homes", "--json",
                                                                env=ck_env).stdout)}[home] == "en"
    bad = cli("admin", "set-language", home, "fr", env=ck_env)
    assert bad.returncode == 2 and "'en', 'cy'" in bad.stderr
    missing = cli("admin", "set-language", "home_nope", "cy", env=ck_env)
    assert missing.returncode != 0 and "no home" in missing.stderr and "Traceback" not in missing.stderr
