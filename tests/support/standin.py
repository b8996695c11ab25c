"""A local stand-in for the Twilio and GOV.UK Notify HTTP APIs, on 127.0.0.1.

The real SDKs talk to it (through their base-URL settings), so tests exercise the SDK code itself.
It records every request and answers from a script: by default a provider's normal success, or
whatever :meth:`StandIn.answer_next` queued (a Twilio error code, 429 with Retry-After, a 5xx...).

Like the providers, it keeps the texts it *accepted* (``accepted``) and answers the look-ups the
senders use to find out whether a text went: Twilio's list of Messages (``GET .../Messages.json``,
filtered by ``To``/``From``, newest first) and Notify's ``GET /v2/notifications?reference=``.
:meth:`StandIn.accept_then_slow` and :meth:`StandIn.accept_then_reset` accept a text and then answer
too late, or cut the connection, so the sender never hears that it went.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TWILIO_ERRORS = {
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21211: (400, "Invalid 'To' Phone Number"),
    21614: (400, "'To' number is not a valid mobile number"),
    20003: (401, "Authenticate"),
    20429: (429, "Too Many Requests"),
}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)
    json: Any = None
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class Scripted:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    accept: bool = False  # take the text as a success would (it is kept), then ...
    delay: float = 0.0  # ... wait this long before answering, and/or
    reset: bool = False  # ... cut the connection (TCP RST) instead of answering


class StandIn:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: list[Scripted] = []
        self.accepted: list[dict[str, Any]] = []  # texts the "provider" took, oldest first
        self.lookups_lag = False  # True: look-ups do not show accepted texts yet (a provider's lag)
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"standin": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "StandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- scripting ---------------------------------------------------------------------------
    def answer_next(self, status: int, body: Any = None, headers: dict[str, str] | None = None,
                    times: int = 1) -> None:
        with self.lock:
            self.script += [Scripted(status, body, dict(headers or {})) for _ in range(times)]

    def twilio_error(self, code: int, times: int = 1, headers: dict[str, str] | None = None) -> None:
        status, message = TWILIO_ERRORS.get(code, (400, "Error"))
        self.answer_next(status, {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                                  "status": status}, headers, times)

    def notify_error(self, status: int, error: str, message: str, times: int = 1,
                     headers: dict[str, str] | None = None) -> None:
        self.answer_next(status, {"status_code": status, "errors": [{"error": error, "message": message}]},
                         headers, times)

    def accept_then_slow(self, seconds: float, times: int = 1) -> None:
        """Take the next text(s) (kept, listed by look-ups) but answer only after ``seconds``."""
        with self.lock:
            self.script += [Scripted(0, None, accept=True, delay=seconds) for _ in range(times)]

    def accept_then_reset(self, times: int = 1) -> None:
        """Take the next text(s), then reset the connection instead of answering."""
        with self.lock:
            self.script += [Scripted(0, None, accept=True, reset=True) for _ in range(times)]

    def reset_without_accepting(self, times: int = 1) -> None:
        """Read the next request, keep nothing, and reset the connection (the text did NOT go)."""
        with self.lock:
            self.script += [Scripted(0, None, reset=True) for _ in range(times)]

    # -- what was sent ------------------------------------------------------------------------
    def sends(self) -> list[Recorded]:
        """The send requests (not look-ups), whatever was answered."""
        return [r for r in self.requests if r.method == "POST"
                and (r.path.endswith("/Messages.json") or r.path == "/v2/notifications/sms")]

    def lookups(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "GET"
                and (r.path.endswith("/Messages.json") or r.path == "/v2/notifications")]

    # -- answering ---------------------------------------------------------------------------
    def handle(self, recorded: Recorded) -> Scripted:
        sending = recorded.method == "POST" and (recorded.path.endswith("/Messages.json")
                                                 or recorded.path == "/v2/notifications/sms")
        with self.lock:
            self.requests.append(recorded)
            scripted = self.script.pop(0) if self.script and sending else None
        if scripted is not None and not scripted.accept:
            return scripted
        if sending:
            answer = self._accept(recorded)
            if scripted is not None:
                answer.delay, answer.reset = scripted.delay, scripted.reset
            return answer
        if recorded.method == "GET" and recorded.path.endswith("/Messages.json"):
            return self._twilio_list(recorded)
        if recorded.method == "GET" and recorded.path == "/v2/notifications":
            return self._notify_list(recorded)
        return Scripted(404, {"error": "not found"})

    def _accept(self, recorded: Recorded) -> Scripted:
        now = datetime.now(timezone.utc)
        if recorded.path.endswith("/Messages.json"):
            message = {
                "sid": "SM" + uuid.uuid4().hex, "status": "queued", "num_segments": "1",
                "to": recorded.form.get("To"), "from": recorded.form.get("From"), "body": recorded.form.get("Body"),
                "account_sid": recorded.path.split("/")[-2], "direction": "outbound-api", "error_code": None,
                "date_created": format_datetime(now, usegmt=True), "date_updated": format_datetime(now, usegmt=True),
                "date_sent": None,
            }
            with self.lock:
                self.accepted.append({"provider": "twilio", **message})
            return Scripted(201, message)
        payload = recorded.json or {}
        body = (payload.get("personalisation") or {}).get("body")
        notification = {
            "id": str(uuid.uuid4()), "reference": payload.get("reference"),
            "content": {"body": body, "from_number": "GOVUK"},
            "uri": "https://api.notifications.service.gov.uk/v2/notifications/x",
            "template": {"id": payload.get("template_id"), "version": 1, "uri": "https://example/t"},
        }
        with self.lock:
            self.accepted.append({"provider": "notify", "id": notification["id"], "reference": payload.get("reference"),
                                  "phone_number": payload.get("phone_number"), "type": "sms", "status": "created",
                                  "body": body, "created_at": now.isoformat()})
        return Scripted(201, notification)

    def _twilio_list(self, recorded: Recorded) -> Scripted:
        q = recorded.query
        with self.lock:
            found = [] if self.lookups_lag else [{k: v for k, v in m.items() if k != "provider"} for m in reversed(self.accepted)
                     if m["provider"] == "twilio" and (not q.get("To") or m["to"] == q["To"])
                     and (not q.get("From") or m["from"] == q["From"])]
        size = int(q.get("PageSize") or 50)
        return Scripted(200, {"messages": found[:size], "next_page_uri": None, "previous_page_uri": None,
                              "first_page_uri": recorded.path, "uri": recorded.path, "page": 0, "page_size": size,
                              "start": 0, "end": max(0, min(size, len(found)) - 1)})

    def _notify_list(self, recorded: Recorded) -> Scripted:
        ref = recorded.query.get("reference")
        with self.lock:
            found = [] if self.lookups_lag else [{k: v for k, v in m.items() if k != "provider"}
                                                 for m in reversed(self.accepted) if m["provider"] == "notify" and (ref is None or m["reference"] == ref)]
        return Scripted(200, {"notifications": found, "links": {"current": "/v2/notifications", "next": None}})


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn

    def log_message(self, *args) -> None:  # quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        recorded = Recorded(self.command, parts.path, {k: v for k, v in self.headers.items()},
                            query={k: v[0] for k, v in parse_qs(parts.query).items()})
        ctype = self.headers.get("Content-Type", "")
        if "json" in ctype and raw:
            recorded.json = json.loads(raw)
        elif raw:
            recorded.form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        answer = self.standin.handle(recorded)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.reset:  # RST: the client sees "connection reset" with no answer
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        body = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in answer.headers.items():
            self.send_header(k, v)
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a slow answer)
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _serve


def basic_auth(recorded: Recorded) -> tuple[str, str]:
    scheme, _, token = recorded.headers.get("Authorization", "").partition(" ")
    assert scheme == "Basic"
    user, _, password = base64.b64decode(token).decode().partition(":")
    return user, password
