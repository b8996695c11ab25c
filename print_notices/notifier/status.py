"""Delivery status callbacks for the texts the notifier sent.

The notifier sent the texts and holds the ledger and the suppression list, so the callbacks come
here, not to the moderation service. :func:`receive` checks a Twilio callback's
``X-Twilio-Signature`` with Twilio's ``RequestValidator`` (the account's auth token, over the exact
public URL Twilio posted to) and records it with
:func:`print_notices.sms.suppressions.record_status_callback`: a failed delivery marks the ledger row
(``status``/``error``), flags the number when the code blames it (30003/30005/30006, 21610), and
queues the printable twin so the notice still reaches the home. Unsigned or forged: 403, nothing
recorded.

:func:`serve` runs it on a small HTTP server (``[notify] status_listen = "127.0.0.1:8471"``) inside
``carekiosk notify``; put it behind the same TLS proxy as the service and set ``[sms]
status_callback`` (what Twilio is told) and ``[notify] status_url`` (what it signs) to its public address.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Mapping
from urllib.parse import parse_qsl

from twilio.request_validator import RequestValidator

from print_notices.sms import suppressions

from .ledger import Intent, Ledger, parse, utc_now_iso

log = logging.getLogger("carekiosk.notifier.status")


def receive(ledger: Ledger, params: Mapping[str, str], *, url: str, signature: str | None,
            auth_token: str | None) -> tuple[int, dict[str, Any] | None]:
    """(HTTP status, what was recorded). 403 unless the signature is Twilio's for ``url`` + ``params``."""
    params = dict(params)
    if not auth_token or not signature or not RequestValidator(auth_token).validate(url, params, signature):
        log.warning("status callback refused: bad or missing signature")
        return 403, None
    try:
        recorded = suppressions.record_status_callback(ledger, params)
    except ValueError:
        return 400, None
    if recorded.get("status") in suppressions.FAILED and not recorded.get("ignored"):
        row = ledger.conn.execute("SELECT * FROM notices_log WHERE provider_ref = ? AND channel = 'sms'",
                                  (recorded["provider_ref"],)).fetchone()
        if row is not None:
            import json

            ledger.record([Intent(row["key"] + "|print", "print", row["kind"], row["home_id"], row["ref"],
                                  "noticeboard", twin=json.loads(row["twin_json"] or "{}"))],
                          now=parse(utc_now_iso()))
            log.info("delivery of %s failed: its printout is queued", row["key"])
    return 200, recorded


MAX_CALLBACK_BYTES = 64 * 1024  # a Twilio status callback is well under 2 KB


def serve(ledger_path, host: str, port: int, *, auth_token: str | None, public_url: str | None) -> ThreadingHTTPServer:
    """Start a background HTTP server taking ``POST`` status callbacks; returns it (``.shutdown()``)."""
    ledger = Ledger(ledger_path)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # no numbers in logs
            pass

        def do_POST(self) -> None:  # noqa: N802
            # Reached from the internet before any signature check: read nothing unbounded.
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_CALLBACK_BYTES:
                self._answer(413 if length > MAX_CALLBACK_BYTES else 400, b"refused")
                return
            raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            params = dict(parse_qsl(raw, keep_blank_values=True))
            url = public_url or f"http://{self.headers.get('Host')}{self.path}"
            code, _ = receive(ledger, params, url=url, signature=self.headers.get("X-Twilio-Signature"),
                              auth_token=auth_token)
            self._answer(code, b"" if code == 200 else b"refused")

        def _answer(self, code: int, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            if code != 200:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="sms-status").start()
    return server
