"""Choosing the service's database: ``--database-url`` on ``serve``, ``admin``, ``moderate`` and
``level`` (else ``CAREKIOSK_DATABASE_URL``, else the SQLite file in the data folder); a URL that
cannot work is one plain sentence, not a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from sync.server.db import DATABASE_URL_ENV
from tests.support.service import ServiceHandle, free_port

CLI = [sys.executable, "-m", "kiosk.cli"]


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=90)


@pytest.mark.postgresql_only
def test_every_command_takes_database_url_and_they_share_one_database(tmp_path, backend):
    env = {k: v for k, v in os.environ.items() if k != DATABASE_URL_ENV}  # only the option says where
    url, data = backend.url, tmp_path / "service"
    where = ["--data-dir", str(data), "--database-url", url]
    home = json.loads(run("admin", "add-home", "Oak Lodge", "--manager-phone", "07700 900456", "--json", *where,
                          env=env).stdout)["home_id"]
    assert not (data / "service.sqlite3").exists()  # the records went to PostgreSQL
    listed = json.loads(run("admin", "--database-url", url, "list-homes", "--json", "--data-dir", str(data),
                            env=env).stdout)
    assert [h["home_id"] for h in listed] == [home]
    assert json.loads(run("moderate", "list", "--json", *where, env=env).stdout) == []
    devices = run("admin", "devices", home, "--json", *where, env=env)
    assert devices.returncode == 0, devices.stderr
    level = run("level", "show", home, "--json", *where, env=env)
    assert level.returncode == 0, level.stderr
    assert json.loads(level.stdout)["home_id"] == home
    # serve --database-url, and the SQLite default untouched beside it
    handle = ServiceHandle(data_dir=data, port=free_port(), log_path=tmp_path / "serve.log", startup_timeout=60)
    with open(handle.log_path, "wb") as log:
        handle.process = subprocess.Popen([*CLI, "serve", "--port", str(handle.port), *where], env=env,
                                          stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        handle.wait_ready()
        mod = json.loads(run("admin", "moderator-key", "--json", *where, env=env).stdout)["key"]
        homes = httpx.get(handle.url + "/v1/homes", headers={"Authorization": f"Bearer {mod}"}, timeout=10).json()
        assert [h["id"] for h in homes["homes"]] == [home]
    finally:
        handle.stop()
    said = handle.log_path.read_text()
    assert "database postgresql+psycopg://carekiosk:***@127.0.0.1" in said  # where, without the password
    assert backend.cluster.password not in said
    assert (data / "service-private.key").exists()  # the key pair stays in the data folder
    empty = run("admin", "list-homes", "--json", "--data-dir", str(data), env=env)  # no URL: the SQLite file
    assert json.loads(empty.stdout) == [] and (data / "service.sqlite3").exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("url, words", [
    ("mysql://u:p@127.0.0.1/x", "must be SQLite or PostgreSQL"),
    ("postgresql://nobody:secret@127.0.0.1:1/none", "cannot be reached"),
    ("://no-scheme", "not in the form"),
])
def test_a_database_url_that_cannot_work_is_one_sentence(tmp_path, url, words):
    env = {k: v for k, v in os.environ.items() if k != DATABASE_URL_ENV}
    proc = run("admin", "list-homes", "--data-dir", str(tmp_path), "--database-url", url, env=env)
    assert proc.returncode != 0 and words in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "secret" not in proc.stderr
    via_env = run("moderate", "list", "--data-dir", str(tmp_path), env={**env, DATABASE_URL_ENV: url})
    assert via_env.returncode != 0 and words in via_env.stderr and "Traceback" not in via_env.stderr


@pytest.mark.sqlite_only
def test_every_admin_and_moderate_command_takes_database_url():
    """The option and a handler that takes it: a command added later without either fails only when
    someone runs it (click passes every option to the handler)."""
    import inspect

    from sync.server.commands import admin, moderate

    missing = [f"{group.name} {name}" for group in (admin, moderate) for name, cmd in group.commands.items()
               if "database_url" not in {p.name for p in cmd.params}
               or "database_url" not in inspect.signature(cmd.callback).parameters]
    assert missing == []
