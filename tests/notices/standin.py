"""A local stand-in for the Twilio and GOV.UK Notify HTTP APIs, on 127.0.0.1.

The real SDKs talk to it (through their base-URL settings), so tests exercise the SDK code itself.
It records every request and answers from a script: by default a provider's normal success, or
whatever :meth:`StandIn.answer_next` queued (a Twilio error code, 429 with Retry-After, a 5xx...).
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from dataclasses import dataclass, field
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


@dataclass
class Scripted:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class StandIn:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.script: list[Scripted] = []
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

    # -- answering ---------------------------------------------------------------------------
    def handle(self, recorded: Recorded) -> Scripted:
        with self.lock:
            self.requests.append(recorded)
            if self.script:
                return self.script.pop(0)
        if "/Messages.json" in recorded.path:
            return Scripted(201, {
                "sid": "SM" + uuid.uuid4().hex, "status": "queued", "num_segments": "1",
                "to": recorded.form.get("To"), "from": recorded.form.get("From"), "body": recorded.form.get("Body"),
                "account_sid": recorded.path.split("/")[3], "direction": "outbound-api", "error_code": None,
            })
        if recorded.path == "/v2/notifications/sms":
            payload = recorded.json or {}
            return Scripted(201, {
                "id": str(uuid.uuid4()), "reference": payload.get("reference"),
                "content": {"body": (payload.get("personalisation") or {}).get("body"), "from_number": "GOVUK"},
                "uri": "https://api.notifications.service.gov.uk/v2/notifications/x",
                "template": {"id": payload.get("template_id"), "version": 1, "uri": "https://example/t"},
            })
        return Scripted(404, {"error": "not found"})


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn

    def log_message(self, *args) -> None:  # quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        recorded = Recorded(self.command, parts.path, {k: v for k, v in self.headers.items()})
        ctype = self.headers.get("Content-Type", "")
        if "json" in ctype and raw:
            recorded.json = json.loads(raw)
        elif raw:
            recorded.form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        answer = self.standin.handle(recorded)
        body = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in answer.headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


def basic_auth(recorded: Recorded) -> tuple[str, str]:
    scheme, _, token = recorded.headers.get("Authorization", "").partition(" ")
    assert scheme == "Basic"
    user, _, password = base64.b64decode(token).decode().partition(":")
    return user, password
