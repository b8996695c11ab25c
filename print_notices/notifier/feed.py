"""The moderation API as the notifier uses it (``requests``, bearer provider key, timeouts).

Errors never carry response bodies, numbers or story text: a short sentence with the status code.
"""

from __future__ import annotations

from typing import Any, Iterator

import requests

from sync.errors import UserError

TIMEOUT = (5.0, 30.0)  # connect, read
PAGE = 200


class ServiceUnavailable(Exception):
    """No connection, a timeout or a 5xx: try again on the next pass."""


class Api:
    def __init__(self, base_url: str, key: str, *, session: requests.Session | None = None,
                 insecure: bool = False):
        if not base_url:
            raise UserError("The notifier needs the moderation service address: --server URL or [notify] server_url.")
        if not key:
            raise UserError("The notifier needs a provider key: --key, CAREKIOSK_NOTIFY_KEY or [notify] key.")
        from sync.client import check_server_url

        # A provider key reads stories awaiting decision and managers' numbers: never over plain
        # http to another machine (the same rule as `carekiosk enrol`).
        self.base = check_server_url(base_url, insecure=insecure)
        self.session = session or requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {key}", "User-Agent": "carekiosk-notifier"})

    def _call(self, method: str, path: str, **kw) -> dict[str, Any]:
        try:
            r = self.session.request(method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kw)
        except requests.RequestException as exc:
            raise ServiceUnavailable(f"The moderation service could not be reached ({type(exc).__name__}).") from None
        if r.status_code in (401, 403):
            raise UserError(f"The moderation service refused the notifier's key (HTTP {r.status_code}) for "
                            f"{path.split('?')[0]}; check --key / CAREKIOSK_NOTIFY_KEY and the homes it covers.")
        if r.status_code >= 500 or r.status_code == 429:
            raise ServiceUnavailable(f"The moderation service is unavailable (HTTP {r.status_code}).")
        if r.status_code >= 400:
            raise LookupError(f"The moderation service answered HTTP {r.status_code} for {path.split('?')[0]}.")
        try:
            doc = r.json()
        except ValueError:
            raise ServiceUnavailable("The moderation service answered with something that is not JSON.") from None
        if not isinstance(doc, dict) or doc.get("api") != "carekiosk/v1":
            raise ServiceUnavailable("The answer did not come from a carekiosk service (a captive portal?).")
        return doc

    def homes(self) -> list[dict[str, Any]]:
        return self._call("GET", "/v1/homes")["homes"]

    def home(self, home_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/homes/{home_id}")["home"]

    def events(self, home_id: str, after: int) -> Iterator[tuple[list[dict[str, Any]], int]]:
        """Pages of events after ``after``: (events, next_cursor), until a short page."""
        while True:
            doc = self._call("GET", f"/v1/homes/{home_id}/events", params={"after": after, "limit": PAGE})
            events, after = doc["events"], int(doc["next_cursor"])
            yield events, after
            if len(events) < PAGE:
                return

    def devices(self, home_id: str) -> list[dict[str, Any]]:
        try:
            return self._call("GET", f"/v1/homes/{home_id}/devices")["devices"]
        except LookupError:  # a service without this extension
            return []

    def opinions(self, home_id: str) -> list[dict[str, Any]]:
        out, skip = [], 0
        while True:
            doc = self._call("GET", "/v1/public/opinions", params={"home_id": home_id, "skip": skip, "take": 100})
            out += doc["opinions"]
            skip += len(doc["opinions"])
            if not doc["opinions"] or skip >= int(doc["total"]):
                return out

    def opinion(self, story_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/public/opinions/{story_id}")["opinion"]

    def awaiting_count(self, home_id: str) -> int:
        doc = self._call("GET", "/v1/provider/stories", params={"status": "awaiting_provider", "home_id": home_id})
        return len(doc["stories"])

    def level(self, home_id: str) -> dict[str, Any] | None:
        """The home's engagement report for the digest's last page; ``None`` if the service has none."""
        try:
            return self._call("GET", f"/v1/homes/{home_id}/level")["report"]
        except LookupError:
            return None

    def record_share(self, home_id: str, kind: str, ref: str | None) -> str | None:
        try:
            doc = self._call("POST", f"/v1/homes/{home_id}/shares", json={"kind": kind, "ref": ref})
        except LookupError:
            return None
        return doc["share"]["id"]
