"""Fixtures for the device-side sync tests: a fault-injecting stand-in for the moderation service
(a real HTTP server on 127.0.0.1 that follows docs/api.md for enrolment, story submission and the
event feed, and can be told to misbehave), and enrolled device stores with stories waiting."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import struct
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sync.profile import open_store
from sync.seal import generate_keypair
from sync.story import Story

API = "carekiosk/v1"


class FakeService:
    """Records every request; answers per the contract unless a fault is queued.

    Faults (queued with :meth:`fail`, consumed one per matching request, in order):
    ``500``/``503`` · ``("429", seconds)`` with Retry-After · ``slow`` (stores the batch, then answers
    after ``slow_seconds``, past the client's timeout) · ``reset`` (stores the batch, then resets the
    connection) · ``reset_before`` (resets without storing) · ``html`` (a captive portal's 200 page) ·
    ``truncated`` (stores the batch, answers with cut-off JSON) · ``401`` / ``403`` · ``redirect``.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stories: dict[str, dict[str, Any]] = {}
        self.accept_log: list[str] = []  # every uuid at the moment it was accepted (a repeat = a duplicate story)
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, fault)
        self.faults: deque[Any] = deque()
        self.fault_paths: str = "/v1/stories"
        self.tokens = {"good-token"}
        self.codes = {"CODE-1"}
        self.home_id = "home-1"
        self.public_key, self.private_key = generate_keypair()
        self.events: list[dict[str, Any]] = []
        self.answers: dict[str, tuple[str, str | None]] = {}  # uuid -> forced (result, reason)
        self.omit: set[str] = set()  # uuids to leave out of the results
        self.refuse: set[str] = set()  # a batch containing any of these gets a 422
        self.slow_seconds = 1.5
        self.max_body = 2 * 1024 * 1024
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> "FakeService":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, *faults: Any) -> None:
        self.faults.extend(faults)

    def story_requests(self) -> int:
        return sum(1 for m, p, _ in self.requests if p == "/v1/stories")

    def add_event(self, type_: str, story_uuid: str | None = None, ref: str | None = None, **data: Any) -> None:
        with self.lock:
            n = len(self.events) + 1
            self.events.append({"id": n, "cursor": f"c{n}", "type": type_, "at": "2025-01-01T00:00:00+00:00",
                                "home_id": self.home_id, "story_uuid": story_uuid, "ref": ref, "data": data})

    # -- contract ----------------------------------------------------------------------------
    def _submit(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("stories"), list) or len(body["stories"]) > 100:
            return 422, {"error": "The request body is not a list of at most 100 stories."}
        if any(s.get("uuid") in self.refuse for s in body["stories"]):
            return 422, {"error": "A story in the batch is malformed."}
        results = []
        with self.lock:
            for s in body["stories"]:
                u = s.get("uuid")
                if u in self.omit:
                    continue
                if u in self.answers:
                    result, reason = self.answers[u]
                    results.append({"uuid": u, "result": result, "reason": reason})
                    continue
                sealed = base64.b64decode(s["sealed"])
                if hashlib.sha256(sealed).hexdigest() != s["payload_sha256"]:
                    results.append({"uuid": u, "result": "invalid", "reason": "payload hash mismatch"})
                elif u in self.stories:
                    same = self.stories[u]["payload_sha256"] == s["payload_sha256"]
                    results.append({"uuid": u, "result": "duplicate" if same else "conflict"})
                else:
                    self.stories[u] = s
                    self.accept_log.append(u)
                    results.append({"uuid": u, "result": "accepted"})
        return 200, {"api": API, "results": results}

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def finish(self) -> None:
                try:
                    super().finish()
                except OSError:
                    pass

            def _send(self, status: int, doc: Any = None, *, raw: bytes | None = None,
                      ctype: str = "application/json", headers: dict[str, str] | None = None) -> None:
                data = raw if raw is not None else json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                    self.wfile.flush()
                except OSError:
                    pass

            def _reset(self) -> None:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self.connection.close()

            def _body(self) -> Any:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    return json.loads(raw or b"null")
                except ValueError:
                    return None

            def do_GET(self) -> None:
                self._dispatch("GET")

            def do_POST(self) -> None:
                self._dispatch("POST")

            def _dispatch(self, method: str) -> None:
                parts = urlsplit(self.path)
                if int(self.headers.get("Content-Length") or 0) > service.max_body:
                    self.rfile.read(int(self.headers["Content-Length"]))
                    service.requests.append((method, parts.path, "413"))
                    return self._send(413, {"error": "The request is larger than 2 MB."})
                body = self._body() if method == "POST" else None
                fault = None
                with service.lock:
                    if service.faults and re.fullmatch(service.fault_paths, parts.path):
                        fault = service.faults.popleft()
                    service.requests.append((method, parts.path, fault if isinstance(fault, str) else str(fault)))
                kind = fault[0] if isinstance(fault, tuple) else fault
                if kind in ("500", "503"):
                    return self._send(int(kind), {"error": "The service is having a problem."})
                if kind == "429":
                    return self._send(429, {"error": "Too many requests."}, headers={"Retry-After": str(fault[1])})
                if kind == "html":
                    return self._send(200, raw=b"<html><body>Welcome to CareHome WiFi. Log in.</body></html>",
                                      ctype="text/html")
                if kind == "redirect":
                    return self._send(302, raw=b"", headers={"Location": "http://portal.example/"})
                if kind in ("401", "403"):
                    return self._send(int(kind), {"error": "That token is not allowed here."})
                if kind == "reset_before":
                    return self._reset()
                if method == "POST" and parts.path == "/v1/enrol":
                    return self._enrol(body)
                auth = self.headers.get("Authorization", "")
                if auth.removeprefix("Bearer ") not in service.tokens:
                    return self._send(401, {"error": "Unknown token."})
                if method == "POST" and parts.path == "/v1/stories":
                    status, doc = service._submit(body)
                elif method == "GET" and parts.path == f"/v1/homes/{service.home_id}/events":
                    status, doc = self._events(parse_qs(parts.query))
                else:
                    status, doc = 404, {"error": "Not found."}
                if kind == "slow":
                    time.sleep(service.slow_seconds)
                if kind == "reset":
                    return self._reset()
                if kind == "trickle":  # a valid answer, one byte at a time, too slowly to ever finish
                    data = json.dumps(doc).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    try:
                        for i in range(len(data)):
                            self.wfile.write(data[i:i + 1])
                            self.wfile.flush()
                            time.sleep(0.1)
                    except OSError:
                        pass
                    return
                if kind == "truncated":
                    data = json.dumps(doc).encode()
                    return self._send(200, raw=data[: len(data) // 2])
                self._send(status, doc)

            def _enrol(self, body: Any) -> None:
                code = (body or {}).get("code")
                if code not in service.codes:
                    return self._send(403, {"error": "That enrolment code is used or unknown."})
                service.codes.discard(code)
                self._send(201, {"api": API, "device_token": "good-token", "device_id": body["device_id"],
                                 "home": {"id": service.home_id, "name": "Rose House", "roster": {}},
                                 "service_public_key": service.public_key})

            def _events(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
                after = (query.get("after") or [None])[0]
                limit = int((query.get("limit") or ["100"])[0])
                start = 0
                if after:
                    start = next((i + 1 for i, e in enumerate(service.events) if e["cursor"] == after), 0)
                page = service.events[start:start + limit]
                cursor = page[-1]["cursor"] if page else after
                return 200, {"api": API, "events": page, "next_cursor": cursor}

        return Handler


@pytest.fixture
def fake_service():
    service = FakeService().start()
    yield service
    service.stop()


def make_stories(store, n: int) -> list:
    stories = [Story(text=f"Story number {i}: the tea was lovely.", author_role="relative") for i in range(n)]
    out = []
    for start in range(0, n, 500):
        out.extend(store.add_stories(stories[start:start + 500]))
    return out


@pytest.fixture
def stories():
    """``stories(store, n)`` adds n stories and returns what the store says it added."""
    return make_stories


@pytest.fixture
def enrolled_store(ck_home, fake_service):
    """A device store enrolled with the fake service (no stories yet)."""
    store = open_store()
    store.enrol(home_id=fake_service.home_id, home_name="Rose House", public_key=fake_service.public_key,
                server_url=fake_service.url, token="good-token")
    (ck_home / "carekiosk.toml").write_text(
        "[sync]\nread_timeout = 0.5\nconnect_timeout = 0.5\nbackoff_base = 0.01\nbackoff_cap = 0.05\n")
    yield store
    store.close()


class RecordingSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def no_sleep() -> RecordingSleep:
    return RecordingSleep()
