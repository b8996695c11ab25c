"""The moderation API as an organisation's key sees it (a provider, a commissioner, a regulator,
Healthwatch): the endpoints the notifier and the organisation commands (``carekiosk stories``)
call, one method each, on the one
:class:`sync.client.ApiClient` - so they get its timeouts, verified TLS, reply-size cap, captive-portal
check and error taxonomy (:class:`TransientError` try later, :class:`AuthError` the key is refused,
:class:`RequestRefused` another 4xx). Add an endpoint as one more short method here.
"""

from __future__ import annotations

from typing import Any, Iterator

from .client import ApiClient, AuthError, RequestRefused, TransientError

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
        """How many of the home's stories wait for the provider's go-ahead (a public-interest body's or
        the moderator's key asks the home's public transparency figures instead)."""
        try:
            return len(self.stories(status="awaiting_provider", home_id=home_id))
        except AuthError as exc:
            if exc.status != 403:
                raise
        found = self.transparency(home_id)
        return int((found or {}).get("awaiting_provider") or 0)

    # -- any organisation's key: carekiosk stories ... ---------------------------------------------
    def me(self) -> dict[str, Any]:
        """The key's role, organisation and homes."""
        return self.request("GET", "/v1/organisation/me", expect=(200,))

    def org_stories(self, *, status: str | None = None, home_id: str | None = None,
                    match: str | None = None) -> list[dict[str, Any]]:
        """The stories of the key's homes it may see; ``match`` is a reference or the start of a uuid."""
        params = {k: v for k, v in (("status", status), ("home_id", home_id), ("q", match)) if v is not None}
        return _field(self.request("GET", "/v1/organisation/stories", params=params, expect=(200,)), "stories", list)

    def org_story(self, uuid: str) -> dict[str, Any]:
        return _field(self.request("GET", f"/v1/organisation/stories/{uuid}", expect=(200,)), "story", dict)

    def decide(self, uuid: str, decision: str) -> dict[str, Any]:
        """The provider's ``go_ahead`` or ``request_review``."""
        return self.request("POST", f"/v1/organisation/stories/{uuid}/decision", body={"decision": decision},
                            expect=(200,))

    def _speak(self, uuid: str, what: str, text: str, name: str, role: str, change: str | None,
               change_description: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"body": text, "responder_name": name, "responder_role": role}
        if change:
            body.update(change=change, change_description=change_description)
        return _field(self.request("POST", f"/v1/organisation/stories/{uuid}/{what}", body=body, expect=(201,)),
                      "response", dict)

    def respond(self, uuid: str, text: str, *, name: str, role: str, change: str | None = None,
                change_description: str | None = None) -> dict[str, Any]:
        """A response to a published story, as the key's organisation."""
        return self._speak(uuid, "responses", text, name, role, change, change_description)

    def comment(self, uuid: str, text: str, *, name: str, role: str, change: str | None = None,
                change_description: str | None = None) -> dict[str, Any]:
        """A public-interest body's public comment on a restricted story."""
        return self._speak(uuid, "comments", text, name, role, change, change_description)

    # -- public --------------------------------------------------------------------------------------
    def transparency(self, home_id: str, *, since: str | None = None) -> dict[str, Any] | None:
        """The home's public transparency figures (``since`` YYYY-MM-DD; default a year); ``None`` from
        a service without them."""
        params = {"since": since} if since else None
        try:
            doc = self.request("GET", f"/v1/public/homes/{home_id}/transparency", params=params, expect=(200,))
        except RequestRefused as exc:
            if exc.status == 404 and "care home" in str(exc):
                raise
            return None
        return _field(doc, "transparency", dict)

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
