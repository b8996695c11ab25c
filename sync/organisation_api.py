"""The moderation API as an organisation's key sees it (a provider, a commissioner, a regulator):
the endpoints the notifier and the organisation commands call, one method each, on the one
:class:`sync.client.ApiClient` - so they get its timeouts, verified TLS, reply-size cap, captive-portal
check and error taxonomy (:class:`TransientError` try later, :class:`AuthError` the key is refused,
:class:`RequestRefused` another 4xx). Add an endpoint as one more short method here.
"""

from __future__ import annotations

from typing import Any, Iterator

from .client import ApiClient, RequestRefused, TransientError

#: events asked for per page of a home's feed
EVENTS_PAGE = 200
#: opinions asked for per page of the public list
OPINIONS_PAGE = 100


def _field(doc: dict[str, Any], key: str, kind: type) -> Any:
    value = doc.get(key)
    if not isinstance(value, kind):
        raise TransientError(f"The service's answer has no {key!r}.")
    return value


class OrganisationApi(ApiClient):
    """One moderation service, one organisation key (``Bearer``)."""

    def homes(self) -> list[dict[str, Any]]:
        return _field(self.request("GET", "/v1/homes", expect=(200,)), "homes", list)

    def home(self, home_id: str) -> dict[str, Any]:
        return _field(self.request("GET", f"/v1/homes/{home_id}", expect=(200,)), "home", dict)

    def event_pages(self, home_id: str, after: int) -> Iterator[tuple[list[dict[str, Any]], int]]:
        """Pages of the home's events after cursor ``after``: (events, next cursor), until a short page."""
        while True:
            doc = self.events(home_id, after=str(after), limit=EVENTS_PAGE)
            events = doc["events"]
            after = int(doc["next_cursor"]) if doc.get("next_cursor") is not None else after
            yield events, after
            if len(events) < EVENTS_PAGE:
                return

    def devices(self, home_id: str) -> list[dict[str, Any]]:
        """The home's kiosks and when each was last heard from (``[]`` from a service without this)."""
        try:
            doc = self.request("GET", f"/v1/homes/{home_id}/devices", expect=(200,))
        except RequestRefused:
            return []
        return _field(doc, "devices", list)

    def opinions(self, home_id: str) -> list[dict[str, Any]]:
        """Every public opinion about the home (all pages)."""
        out: list[dict[str, Any]] = []
        while True:
            doc = self.request("GET", "/v1/public/opinions", expect=(200,),
                               params={"home_id": home_id, "skip": len(out), "take": OPINIONS_PAGE})
            page = _field(doc, "opinions", list)
            out += page
            if not page or len(out) >= int(doc.get("total") or 0):
                return out

    def opinion(self, story_id: str) -> dict[str, Any]:
        return _field(self.request("GET", f"/v1/public/opinions/{story_id}", expect=(200,)), "opinion", dict)

    def stories(self, *, status: str | None = None, home_id: str | None = None) -> list[dict[str, Any]]:
        """The stories this key may act on (``/v1/provider/stories``), optionally by status and home."""
        params = {k: v for k, v in (("status", status), ("home_id", home_id)) if v is not None}
        return _field(self.request("GET", "/v1/provider/stories", params=params, expect=(200,)), "stories", list)

    def awaiting_count(self, home_id: str) -> int:
        """How many of the home's stories wait for the provider's go-ahead."""
        return len(self.stories(status="awaiting_provider", home_id=home_id))

    def level(self, home_id: str) -> dict[str, Any] | None:
        """The home's engagement report; ``None`` if the service has none for it."""
        try:
            doc = self.request("GET", f"/v1/homes/{home_id}/level", expect=(200,))
        except RequestRefused:
            return None
        return _field(doc, "report", dict)

    def record_share(self, home_id: str, kind: str, ref: str | None) -> str | None:
        """Tell the service a notice or digest was put up (its transparency count); the share's id,
        or ``None`` from a service without this."""
        try:
            doc = self.request("POST", f"/v1/homes/{home_id}/shares", body={"kind": kind, "ref": ref},
                               expect=(200, 201))
        except RequestRefused:
            return None
        return str(_field(doc, "share", dict).get("id") or "") or None
