"""A private PostgreSQL cluster for the tests and the load benchmark: Debian's own binaries, run as
an unprivileged user in a fresh folder under /tmp, listening on a loopback port only. A system
cluster is never touched.

    from tests.support.postgres import private_cluster

    with private_cluster() as pg:
        url = pg.create_database("ck_test")          # postgresql+psycopg://…@127.0.0.1:PORT/ck_test
        pg.restart()                                 # the real thing: fast shutdown, start again

``initdb`` refuses to run as root, and CI runs as root: then every PostgreSQL program runs as
``nobody`` (``runuser``) in a folder made by :func:`tempfile.mkdtemp` and handed to that user.
Nothing that user needs lies inside the checkout (a fresh clone may sit in a 0700 folder).
``scripts/setup-machine test`` installs PostgreSQL from Debian's packages when it is missing.

Tests run with ``fsync`` off (they measure behaviour, not the disk); the benchmark asks for a
``durable`` cluster, configured as a real one would be.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import Iterator

from .service import free_port

USER = "carekiosk"
UNPRIVILEGED = "nobody"
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class NoPostgreSQL(RuntimeError):
    """PostgreSQL's server programs are not installed (``scripts/setup-machine test`` installs them)."""


def find_bindir() -> Path:
    """The newest installed PostgreSQL's ``bin`` folder (Debian keeps it off PATH)."""
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(re.sub(r"\D", "", p.split("/")[4]) or 0))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(os.path.realpath(initdb)).parent
    raise NoPostgreSQL("PostgreSQL is not installed; run scripts/setup-machine test (it installs Debian's postgresql).")


def available() -> bool:
    try:
        find_bindir()
    except NoPostgreSQL:
        return False
    return True


@dataclass
class Cluster:
    root: Path
    port: int
    password: str
    bindir: Path
    as_user: str | None  # run the server programs as this user (when we are root)
    settings: dict[str, str] = field(default_factory=dict)
    _counter: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    # -- the server process ------------------------------------------------------------------

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}\n"
                               f"{self.log_tail()}")
        return proc

    def init(self) -> "Cluster":
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        self._own(pwfile, 0o600)
        try:
            self._run("initdb", "-D", str(self.data), "-U", USER, "--pwfile", str(pwfile), "--auth", "scram-sha-256",
                      "-E", "UTF8", "--locale", "C", "--no-instructions")
        finally:
            pwfile.unlink(missing_ok=True)
        return self

    def start(self) -> "Cluster":
        options = {"listen_addresses": "127.0.0.1", "port": str(self.port), "unix_socket_directories": str(self.root),
                   **self.settings}
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, down_for: float = 0.0) -> None:
        """Stop the server (every connection is cut), stay down ``down_for`` seconds, start again."""
        self.stop()
        time.sleep(down_for)
        self.start()

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _own(self, path: Path, mode: int) -> None:
        os.chmod(path, mode)
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # -- databases ---------------------------------------------------------------------------

    def connect(self, database: str = "postgres"):
        """A psycopg connection in autocommit mode (for CREATE/DROP DATABASE and checks)."""
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=self.password,
                               dbname=database, autocommit=True, connect_timeout=10)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        self._counter += 1
        name = name or f"ck_{os.getpid()}_{self._counter}"
        assert NAME.match(name) and (template is None or NAME.match(template)), (name, template)
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        assert NAME.match(name), name
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _private_folder(as_user: str | None) -> Path:
    base = "/tmp" if os.path.isdir("/tmp") else None
    root = Path(tempfile.mkdtemp(prefix="ck-pg-", dir=base))
    if as_user:
        entry = pwd.getpwnam(as_user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    os.chmod(root, 0o700)
    return root


TEST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
                 "shared_buffers": "64MB"}
DURABLE_SETTINGS = {"max_connections": "300", "shared_buffers": "256MB"}


@contextmanager
def private_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    """Start a throwaway cluster; stop it and delete its folder on exit."""
    bindir = find_bindir()
    as_user = UNPRIVILEGED if os.geteuid() == 0 else None
    root = _private_folder(as_user)
    cluster = Cluster(root=root, port=free_port(), password=secrets.token_urlsafe(16), bindir=bindir, as_user=as_user,
                      settings=dict(DURABLE_SETTINGS if durable else TEST_SETTINGS))
    try:
        cluster.init().start()
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except Exception:  # noqa: BLE001 - best effort: the folder goes anyway
            pass
        shutil.rmtree(root, ignore_errors=True)
