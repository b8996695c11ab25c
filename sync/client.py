"""The moderation API client (``docs/api.md``, version 1), over ``requests``.

Rules this module keeps, whatever the network does:
- every request has a timeout (connect and read) and verifies TLS;
- redirects are not followed (a captive portal's redirect is not the service);
- a reply counts only if it is the API's own JSON: a JSON object carrying ``"api": "carekiosk/v1"``.
  An HTML 200 page, an empty body or truncated JSON is a :class:`TransientError`, never success;
- errors are sorted into what the caller should do next: try again later
  (:class:`TransientError`, with ``retry_after`` when the service said so), stop and re-enrol
  (:class:`AuthError`, 401/403), or give up on this request (:class:`RequestRefused`, other 4xx).
"""

from __future__ import annotations

import ipaddress
import json
import time
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import urlsplit

import requests
import urllib3

from .errors import UserError
from .retry import parse_retry_after

API_VERSION = "carekiosk/v1"
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
MAX_BATCH = 100  # the contract's limit for POST /v1/stories
#: authors' updates per request (each at most 4,000 characters: a batch stays well under the body limit)
MAX_UPDATE_BATCH = 50
MAX_BATCH_BYTES = 1_800_000  # the reference service refuses bodies over 2 MB (413); stay under it
MAX_REPLY_BYTES = 32 * 1024 * 1024  # no API answer is near this; a hostile portal could send forever
RESULTS = ("accepted", "duplicate", "conflict", "invalid")
SUCCESS_RESULTS = ("accepted", "duplicate")
USER_AGENT = "carekiosk-sync/1"


class ApiError(UserError):
    """Talking to the moderation service went wrong; the message is one plain sentence. ``path`` is
    the endpoint that answered (no query), for callers that word their own message."""

    exit_code = 5
    path: str | None = None


class TransientError(ApiError):
    """Worth trying again later: no connection, timeout, 5xx, 429, or a reply that is not the API's."""

    exit_code = 5

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class AuthError(ApiError):
    """401/403: the service does not accept this device's credentials. Retrying will not help."""

    exit_code = 6

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


class RequestRefused(ApiError):
    """Another 4xx: the service understood the request and will not do it (bad request, too large...)."""

    exit_code = 8

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


class InsecureServerError(UserError):
    exit_code = 1


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, insecure: bool = False) -> str:
    """The service's base URL, normalised; refuses plain http:// to anything but loopback unless
    ``insecure`` (stories are sealed, but tokens and enrolment codes are not)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServerError(f"The server address {url!r} is not a web address like https://moderation.example.org.")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InsecureServerError("The server address must not contain a user name, password, query or fragment.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname) and not insecure:
        raise InsecureServerError(
            f"Refusing plain http:// to {parts.hostname}: use https://, or add --insecure only on a network you trust."
        )
    return url.rstrip("/")


@dataclass
class Counters:
    requests: int = 0
    failures: int = 0


def _results(doc: dict[str, Any], sent: list[dict[str, Any]], known: tuple[str, ...],
             what: str) -> dict[str, dict[str, Any]]:
    """``{uuid: {"result", "reason"}}`` from a batch answer, for the uuids sent and the results known;
    anything else in the answer is ignored (such a uuid stays where it was, unanswered)."""
    results = doc.get("results")
    if not isinstance(results, list):
        raise TransientError(f"The service's answer to the {what} has no list of results.")
    asked = {item["uuid"] for item in sent}
    out: dict[str, dict[str, Any]] = {}
    for item in results:
        if not isinstance(item, dict):
            continue
        uuid, result = item.get("uuid"), item.get("result")
        if isinstance(uuid, str) and uuid in asked and result in known:
            out[uuid] = {"result": result, "reason": item.get("reason")}
    return out


class ApiClient:
    """One moderation service, one bearer token (or none, for enrolment)."""

    def __init__(self, base_url: str, token: str | None = None, *,
                 connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, read_timeout: float = DEFAULT_READ_TIMEOUT,
                 verify: bool | str = True, session: requests.Session | None = None,
                 user_agent: str = USER_AGENT):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.user_agent = user_agent
        self.timeout = (float(connect_timeout), float(read_timeout))
        self.verify = verify if verify is not False else True  # TLS verification is never switched off
        self.session = session or requests.Session()
        self.session.trust_env = True
        self.counters = Counters()

    # -- plumbing ----------------------------------------------------------------------------
    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def requests_made(self) -> int:
        return self.counters.requests

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def request(self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None,
                expect: Iterable[int] = (200, 201)) -> dict[str, Any]:
        """One request; returns the API's JSON object or raises an :class:`ApiError` subclass."""
        url = f"{self.base_url}{path}"
        headers = self._headers()
        data = None
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        self.counters.requests += 1
        # requests' read timeout is per socket read; a reply trickled byte by byte also has to end
        # within this overall deadline.
        deadline = time.monotonic() + self.timeout[0] + 2 * self.timeout[1]
        try:
            resp = self.session.request(method, url, data=data, params=params, headers=headers,
                                        timeout=self.timeout, verify=self.verify, allow_redirects=False,
                                        stream=True)
            try:
                chunks, size = [], 0
                for chunk in _chunks(resp):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > MAX_REPLY_BYTES:
                        raise TransientError("The reply was far too large to be the moderation service's.")
                    if time.monotonic() > deadline:
                        raise requests.exceptions.ReadTimeout()
                raw = b"".join(chunks)
            finally:
                resp.close()
        except requests.exceptions.SSLError:
            self.counters.failures += 1
            raise TransientError("The service's TLS certificate could not be verified, so nothing was sent "
                                 "(is this the right address, or is a Wi-Fi login page in the way?).") from None
        except requests.exceptions.Timeout:
            self.counters.failures += 1
            raise TransientError("The service did not answer in time.") from None
        except requests.exceptions.ConnectionError:
            self.counters.failures += 1
            raise TransientError("The service could not be reached (no connection, or the connection was cut).") from None
        except TransientError:
            self.counters.failures += 1
            raise
        except urllib3.exceptions.TimeoutError:
            self.counters.failures += 1
            raise TransientError("The service did not answer in time.") from None
        except urllib3.exceptions.HTTPError:
            self.counters.failures += 1
            raise TransientError("The connection to the service was cut mid-answer.") from None
        except requests.exceptions.RequestException as exc:
            self.counters.failures += 1
            raise TransientError(f"The request to the service failed ({type(exc).__name__}).") from None
        try:
            return self._interpret(resp.status_code, resp.headers, raw, expect)
        except ApiError as exc:
            self.counters.failures += 1
            exc.path = path
            raise

    @staticmethod
    def _json_object(raw: bytes) -> dict[str, Any] | None:
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        return doc if isinstance(doc, dict) else None

    def _interpret(self, status: int, headers: Any, raw: bytes, expect: Iterable[int]) -> dict[str, Any]:
        doc = self._json_object(raw)
        error = doc.get("error") if doc is not None and isinstance(doc.get("error"), str) else None
        if status in expect:
            if doc is None or doc.get("api") != API_VERSION:
                raise TransientError(
                    "The reply was not the moderation service's (a Wi-Fi login page, a proxy, or a cut-off answer).",
                    status=status)
            return doc
        retry_after = parse_retry_after(headers.get("Retry-After"))
        if 300 <= status < 400:
            raise TransientError("The service's address redirected elsewhere (a Wi-Fi login page?).", status=status)
        if status in (401, 403) and error is not None:
            what = "does not recognise this device's token" if status == 401 else "refused this device"
            raise AuthError(f"The moderation service {what} ({error.rstrip('.')}); enrol again or ask the service's "
                            "administrator.", status=status)
        if status == 429:
            raise TransientError("The service asked us to slow down.", retry_after=retry_after, status=status)
        if status >= 500 or error is None:
            # Not the API's own error body, or the service failed: try again later.
            detail = f" ({error.rstrip('.')})" if error else ""
            raise TransientError(f"The service failed with HTTP {status}{detail}.", retry_after=retry_after,
                                 status=status)
        raise RequestRefused(f"The service refused the request (HTTP {status}: {error.rstrip('.')}).", status=status)

    # -- endpoints ---------------------------------------------------------------------------
    def enrol(self, code: str, device_id: str, label: str | None = None) -> dict[str, Any]:
        # ``ref_slots``: this device draws its references in the slot the service gives it (sync.refs)
        body: dict[str, Any] = {"code": code, "device_id": device_id, "ref_slots": True}
        if label:
            body["label"] = label
        doc = self.request("POST", "/v1/enrol", body=body, expect=(200, 201))
        for key in ("device_token", "device_id", "home", "service_public_key"):
            if key not in doc:
                raise TransientError(f"The service's enrolment answer has no '{key}'.")
        home = doc["home"]
        if not isinstance(home, dict) or not home.get("id"):
            raise TransientError("The service's enrolment answer has no home id.")
        return doc

    def submit(self, submissions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """POST a batch (≤ 100); returns ``{uuid: {"result": ..., "reason": ...}}`` for the uuids asked
        about. A uuid the service did not answer for is simply absent (it stays in the outbox)."""
        if len(submissions) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} stories per request")
        doc = self.request("POST", "/v1/stories", body={"stories": submissions}, expect=(200,))
        return _results(doc, submissions, RESULTS, "stories")

    def submit_updates(self, updates: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """POST authors' updates (≤ 50, ``sync.update_outbox``); ``{uuid: {"result", "reason"}}`` like
        :meth:`submit`. A service without the endpoint answers 404 (:class:`RequestRefused`)."""
        from .update_outbox import RESULTS as UPDATE_RESULTS

        if len(updates) > MAX_UPDATE_BATCH:
            raise ValueError(f"at most {MAX_UPDATE_BATCH} updates per request")
        doc = self.request("POST", "/v1/updates", body={"updates": updates}, expect=(200,))
        return _results(doc, updates, UPDATE_RESULTS, "updates")

    def events(self, home_id: str, after: str | None = None, limit: int = 500) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = after
        doc = self.request("GET", f"/v1/homes/{home_id}/events", params=params, expect=(200,))
        if not isinstance(doc.get("events"), list):
            raise TransientError("The service's event feed answer has no list of events.")
        return doc

    def heartbeat(self, device_id: str, health: dict[str, Any]) -> dict[str, Any]:
        """Report the device's health (:mod:`sync.health`); the answer has ``highest_seq`` and ``problems``."""
        return self.request("POST", f"/v1/devices/{device_id}/heartbeat", body=health, expect=(200,))

    def integrity(self, device_id: str) -> dict[str, Any]:
        return self.request("GET", f"/v1/devices/{device_id}/integrity", expect=(200,))

    def level(self, home_id: str) -> dict[str, Any]:
        """The home's engagement report (for the weekly digest's last page)."""
        return self.request("GET", f"/v1/homes/{home_id}/level", expect=(200,))["report"]


def _chunks(resp: requests.Response):
    """The body as it arrives (not in fixed-size blocks, so a trickled reply meets the deadline check)."""
    raw = resp.raw
    if hasattr(raw, "read1"):  # urllib3 2
        while True:
            chunk = raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                return
            yield chunk
    else:  # pragma: no cover - urllib3 1.26
        yield from resp.iter_content(1024)


def fit_batch(submissions: list[dict[str, Any]], max_bytes: int = MAX_BATCH_BYTES) -> int:
    """How many of ``submissions`` (from the front, at least one) fit in one request body."""
    total = 0
    for i, sub in enumerate(submissions):
        total += len(sub["sealed"]) + 400  # the other fields and JSON punctuation
        if i and total > max_bytes:
            return i
    return len(submissions)


def submission(row: dict[str, Any]) -> dict[str, Any]:
    """A store outbox row as the contract's Submission (sealed bytes as base64)."""
    import base64

    return {
        "uuid": row["uuid"],
        "device_id": row["device_id"],
        "seq": row["seq"],
        "ref": row["ref"],
        "created_hour": row["created_hour"],
        "route": row["route"],
        "size": row["size"],
        "payload_sha256": row["payload_sha256"],
        "prev_hash": row["prev_hash"],
        "chain_hash": row["chain_hash"],
        "sealed": base64.b64encode(row["sealed"]).decode("ascii"),
    }
