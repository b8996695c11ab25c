"""Run the real moderation service for tests and tools: a uvicorn subprocess on 127.0.0.1.

    from tests.support.service import running_service

    with running_service(tmp_path / "service") as svc:
        home = svc.add_home("Rose House")            # -> "home_…"
        code = svc.enrol_code(home)                  # -> "ABCD-EFGH-JKLM"
        mod = svc.moderator_key()                    # -> "ckm_…"
        prov = svc.provider_key(home)                # -> "ckp_…"
        pib = svc.public_interest_key("Care Inspectorate", "regulator", home)   # -> "cki_…"
        device = svc.enrol(code, device_id)          # POST /v1/enrol -> its JSON (device_token, ...)
        httpx.get(svc.url + "/v1/health")
        svc.kill(); svc.start()                      # SIGKILL and start again on the same port

The setup helpers write straight into the service's database (its SQLite file, safe while the server
runs: WAL + busy timeout; or the PostgreSQL database ``CAREKIOSK_DATABASE_URL`` names, which the
server child process inherits too), so they need no HTTP and no key. The same helpers exist as plain functions
taking ``data_dir`` for use without a running server.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import select

from sync.server.clock import utcnow
from sync.server.db import DATABASE_URL_ENV, Database, database_target
from sync.server.domain import auth, homes, lifecycle
from sync.server.schema import stories

DEFAULT_PHONE = "+447700900123"  # an Ofcom drama number: never a real person


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- setup straight into the data folder ----------------------------------------------------

def add_home(data_dir: str | os.PathLike, name: str = "Test House", *, manager_phone: str = DEFAULT_PHONE,
             public_interest_phone: str | None = None, roster: dict[str, Any] | None = None,
             language: str = "en", database_url: str | None = None) -> str:
    """Create a home; returns its id."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return homes.add_home(conn, name, manager_phone, public_interest_phone=public_interest_phone,
                              roster=roster, now=utcnow(), language=language)


def enrol_code(data_dir: str | os.PathLike, home_id: str, *, database_url: str | None = None) -> str:
    """A one-time enrolment code for the home."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return auth.new_enrol_code(conn, home_id, now=utcnow())


def provider_key(data_dir: str | os.PathLike, *home_ids: str, database_url: str | None = None) -> str:
    """A provider bearer token for these homes."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return auth.provider_key(conn, list(home_ids), now=utcnow()).key


def public_interest_key(data_dir: str | os.PathLike, name: str, kind: str, *home_ids: str,
                        phone: str | None = None, database_url: str | None = None) -> str:
    """A public-interest body's bearer token (``kind`` commissioner, regulator or healthwatch) for these homes."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return auth.public_interest_key(conn, name, kind, list(home_ids), now=utcnow(), phone=phone).key


def moderator_key(data_dir: str | os.PathLike, *, database_url: str | None = None) -> str:
    """A moderator bearer token."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return auth.moderator_key(conn, now=utcnow()).key


def set_roster(data_dir: str | os.PathLike, home_id: str, roster: dict[str, Any], *,
               database_url: str | None = None) -> None:
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        homes.set_roster(conn, home_id, roster)


def set_language(data_dir: str | os.PathLike, home_id: str, language: str, *,
                 database_url: str | None = None) -> None:
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        homes.set_language(conn, home_id, language)


def apply_lapses(data_dir: str | os.PathLike, now: datetime, *, database_url: str | None = None) -> list[str]:
    """Pretend it is ``now``: publish stories whose 72-hour provider window ended by then (with
    their ``published`` events). Returns their uuids. Safe while the server runs."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.transaction() as conn:
        return lifecycle.apply_lapses(conn, now)


def story_rows(data_dir: str | os.PathLike, *, database_url: str | None = None) -> list[dict[str, Any]]:
    """Every story the service holds (metadata only, no sealed bytes), oldest first."""
    with Database(database_target(Path(data_dir), database_url)) as db, db.read() as conn:
        return [dict(r) for r in conn.execute(
            select(stories.c.uuid, stories.c.device_id, stories.c.home_id, stories.c.seq, stories.c.ref,
                   stories.c.payload_sha256, stories.c.chain_hash, stories.c.status, stories.c.received_at)
            .order_by(stories.c.received_at, stories.c.device_id, stories.c.seq)).mappings()]


# -- building submissions like a device does -------------------------------------------------

def make_submissions(public_key: str, device_id: str, count: int = 1, *, start_seq: int = 1,
                     prev_hash: str | None = None, stories: list[dict[str, Any]] | None = None,
                     created_hour: str = "2025-01-06T10:00:00+00:00", route: str = "kiosk",
                     ref_slot: int | None = None, uuids: list[str] | None = None) -> list[dict[str, Any]]:
    """``count`` chained, sealed submissions (``POST /v1/stories`` items) for ``device_id``,
    numbered from ``start_seq`` and chained from ``prev_hash`` (default: the genesis hash); with
    ``ref_slot``, references drawn in that slot as a kiosk does (``sync.refs``)."""
    import base64
    import uuid as uuidlib

    from sync import chain, refs, seal

    prev = prev_hash or chain.GENESIS
    out = []
    for i in range(count):
        seq = start_seq + i
        story = (stories[i] if stories else None) or {
            "text": f"Test story number {seq}.", "author_role": "relative", "title": f"Story {seq}",
            "tags": ["food"], "feelings": ["happy"], "rating": 4, "contact": None, "language": "en",
            "prompts": {"shown": 0, "accepted": 0, "declined": 0}, "route": route}
        story_uuid = uuids[i] if uuids else str(uuidlib.uuid4())
        while not uuids and ref_slot is not None and not refs.in_slot(chain.reference_code(story_uuid), ref_slot):
            story_uuid = str(uuidlib.uuid4())
        sealed = seal.seal(seal.envelope(story, uuid=story_uuid, device_id=device_id, seq=seq), public_key)
        digest = chain.payload_digest(sealed)
        link = chain.link(prev, uuid=story_uuid, seq=seq, device_id=device_id, created_hour=created_hour,
                          route=route, size=len(sealed), payload_sha256=digest)
        out.append({"uuid": story_uuid, "device_id": device_id, "seq": seq,
                    "ref": chain.reference_code(story_uuid), "created_hour": created_hour, "route": route,
                    "size": len(sealed), "payload_sha256": digest, "prev_hash": prev, "chain_hash": link,
                    "sealed": base64.b64encode(sealed).decode("ascii")})
        prev = link
    return out


# -- the server process ---------------------------------------------------------------------

@dataclass
class ServiceHandle:
    """A ``carekiosk serve`` child process. ``url`` is ``http://127.0.0.1:<port>`` (no trailing slash)."""
    data_dir: Path
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    startup_timeout: float = 20.0
    log_level: str = "warning"  # "info" adds uvicorn's access log (paths only) to log_path
    database_url: str | None = None  # None: CAREKIOSK_DATABASE_URL if set, else the SQLite file in data_dir

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def public_key(self) -> str:
        """The service's base64 public key (what devices seal to)."""
        from sync.server.keys import PUBLIC_FILE
        return (self.data_dir / PUBLIC_FILE).read_text().strip()

    # process control
    def start(self) -> "ServiceHandle":
        """Start the server (again) on the same port and wait until /v1/health answers."""
        if self.process is not None and self.process.poll() is None:
            return self
        cmd = [sys.executable, "-m", "kiosk.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--data-dir", str(self.data_dir), "--log-level", self.log_level]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        if self.database_url:
            env[DATABASE_URL_ENV] = self.database_url
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=env, start_new_session=True)
        finally:
            log.close()
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"The service exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                r = httpx.get(self.url + "/v1/health", timeout=1.0)
                if r.status_code == 200 and r.json().get("api") == "carekiosk/v1":
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"The service did not answer within {self.startup_timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM (graceful), then SIGKILL if it has not gone within ``timeout``."""
        p = self.process
        if p is None or p.poll() is not None:
            return
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL now (for crash tests); ``start()`` brings it back on the same port and data."""
        p = self.process
        if p is None or p.poll() is not None:
            return
        p.kill()
        p.wait(10)

    @property
    def database_args(self) -> list[str]:
        """What to give a ``carekiosk admin``/``moderate`` child process to reach this service's database."""
        return ["--data-dir", str(self.data_dir), *(["--database-url", self.database_url] if self.database_url else [])]

    def restart(self) -> "ServiceHandle":
        self.stop()
        return self.start()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # setup helpers (direct to the database; no token needed)
    def add_home(self, name: str = "Test House", *, manager_phone: str = DEFAULT_PHONE,
                 public_interest_phone: str | None = None, roster: dict[str, Any] | None = None,
                 language: str = "en") -> str:
        return add_home(self.data_dir, name, manager_phone=manager_phone,
                        public_interest_phone=public_interest_phone, roster=roster, language=language,
                        database_url=self.database_url)

    def enrol_code(self, home_id: str) -> str:
        return enrol_code(self.data_dir, home_id, database_url=self.database_url)

    def provider_key(self, *home_ids: str) -> str:
        return provider_key(self.data_dir, *home_ids, database_url=self.database_url)

    def moderator_key(self) -> str:
        return moderator_key(self.data_dir, database_url=self.database_url)

    def public_interest_key(self, name: str, kind: str, *home_ids: str, phone: str | None = None) -> str:
        return public_interest_key(self.data_dir, name, kind, *home_ids, phone=phone, database_url=self.database_url)

    def set_roster(self, home_id: str, roster: dict[str, Any]) -> None:
        set_roster(self.data_dir, home_id, roster, database_url=self.database_url)

    def set_language(self, home_id: str, language: str) -> None:
        set_language(self.data_dir, home_id, language, database_url=self.database_url)

    def apply_lapses(self, now: datetime) -> list[str]:
        return apply_lapses(self.data_dir, now, database_url=self.database_url)

    def story_rows(self) -> list[dict[str, Any]]:
        return story_rows(self.data_dir, database_url=self.database_url)

    def enrol(self, code: str, device_id: str, label: str | None = None, *,
              ref_slots: bool = False) -> dict[str, Any]:
        """POST /v1/enrol over HTTP; returns the JSON (device_token, home, service_public_key, ref_slot...)."""
        import httpx

        body = {"code": code, "device_id": device_id, "label": label, **({"ref_slots": True} if ref_slots else {})}
        r = httpx.post(self.url + "/v1/enrol", json=body, timeout=10)
        if r.status_code != 201:
            raise RuntimeError(f"enrolment failed: {r.status_code} {r.text}")
        return r.json()

    def enrolled_device(self, device_id: str, home_name: str = "Test House") -> dict[str, Any]:
        """Shortcut: a new home, a code, and an enrolment for ``device_id``. Returns the enrol JSON
        plus ``home_id`` and ``code``."""
        home_id = self.add_home(home_name)
        code = self.enrol_code(home_id)
        return {**self.enrol(code, device_id), "home_id": home_id, "code": code}


@contextmanager
def running_service(data_dir: str | os.PathLike, *, port: int | None = None, env: dict[str, str] | None = None,
                    startup_timeout: float = 20.0, log_level: str = "warning",
                    log_name: str = "service.log", database_url: str | None = None) -> Iterator[ServiceHandle]:
    """Start ``carekiosk serve`` on 127.0.0.1 (a free port unless ``port``) over ``data_dir``; yield a
    :class:`ServiceHandle` once ``/v1/health`` answers; stop it (SIGTERM, then SIGKILL) on exit.
    The server's output goes to ``<data_dir>/service.log`` (``log_name``: another instance's).
    ``database_url``: its database (default: ``CAREKIOSK_DATABASE_URL``, else the folder's SQLite file)."""
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = ServiceHandle(data_dir=data_dir, port=port or free_port(), log_path=data_dir / log_name,
                           env=dict(env or {}), startup_timeout=startup_timeout, log_level=log_level,
                           database_url=database_url)
    handle.start()
    try:
        yield handle
    finally:
        handle.stop()


def main() -> None:  # pragma: no cover - manual use: python -m tests.support.service DATA_DIR
    """Start a throwaway service, print its URL and keys as JSON, and run until Ctrl-C."""
    import tempfile

    def _terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)  # so the server is stopped, not orphaned
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ck-service-"))
    with running_service(data_dir) as svc:
        home = svc.add_home()
        print(json.dumps({"url": svc.url, "data_dir": str(data_dir), "home_id": home,
                          "enrol_code": svc.enrol_code(home), "moderator_key": svc.moderator_key(),
                          "provider_key": svc.provider_key(home)}, indent=2), flush=True)
        try:
            while svc.process and svc.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
