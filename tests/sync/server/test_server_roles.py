"""The role matrix: every route of the app × every kind of caller (no key, a wrong key, the home's
device, its provider, another home's provider, its public-interest body, another area's body, the
moderator), each answered as the access rules say (401 / 403 / 404 / success), and no answer to
anyone carrying words they may not read: a provider or the public never gets a restricted story's
text; a public-interest body never a rejected, safeguarding or pending story's; a device never any
story text that is not public, nor a criticality.

The rows are checked against the app's own route table, so a new route without a row fails here.
Each route runs on a fresh copy of one prepared service folder; calls expected to be refused are
made first (and must change nothing), then the ones expected to succeed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from sync.server.app import create_app
from tests.support.service import (add_home, enrol_code, make_submissions, moderator_key, provider_key,
                                   public_interest_key)

# Who may do what does not depend on the database, and the module shares one prepared service
# (module scope), which the per-test PostgreSQL database would not reach: these run on SQLite.
pytestmark = pytest.mark.sqlite_only

NOW = datetime(2025, 2, 3, 9, 0, tzinfo=timezone.utc)
CALLERS = ("none", "bad", "device", "provider", "provider_other", "public_interest", "public_interest_other",
           "moderator")
TEXT = {  # the words of each story, by what became of it
    "published": "The soup was hot and the staff were kind to my dad.",
    "restricted": "The night nurse Ann shouted at my mother on the top floor.",
    "rejected": "This one is about the hospital down the road and names a doctor.",
    "withheld": "My aunt has bruises on her arms that nobody can explain.",
    "awaiting": "The lift has been broken for three weeks and nobody tells us why.",
    "received": "Nobody has read this one yet; it is waiting for the moderator.",
    "other": "A story about Elm House that only Elm House may read before it is public.",
}
#: what each caller must never be given, anywhere in any answer
FORBIDDEN = {
    "none": ("restricted", "rejected", "withheld", "awaiting", "received", "other_awaiting"),
    "bad": ("restricted", "rejected", "withheld", "awaiting", "received", "other_awaiting"),
    "device": ("restricted", "rejected", "withheld", "awaiting", "received", "other_awaiting"),
    "provider": ("restricted", "rejected", "withheld", "received", "other_awaiting"),
    "provider_other": ("restricted", "rejected", "withheld", "awaiting", "received", "published_private"),
    "public_interest": ("rejected", "withheld", "awaiting", "received", "other_awaiting"),
    "public_interest_other": ("restricted", "rejected", "withheld", "awaiting", "received", "other_awaiting"),
    "moderator": (),
}


@dataclass
class Prepared:
    folder: Path
    home: str
    other: str
    device: str
    other_device: str
    keys: dict[str, str | None]
    uuid: dict[str, str]  # published, restricted, rejected, withheld, awaiting, received, other_awaiting
    story_id: dict[str, str]


def _story(text: str) -> dict:
    return {"text": text, "author_role": "relative", "title": "A title", "tags": ["care"], "feelings": ["worried"],
            "rating": 2, "contact": None, "language": "en", "prompts": {"shown": 0, "accepted": 0, "declined": 0},
            "route": "kiosk"}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Prepared:
    folder = tmp_path_factory.mktemp("roles") / "service"
    app = create_app(folder, clock=lambda: NOW)
    client = TestClient(app)
    home, other = add_home(folder, "Rose House"), add_home(folder, "Elm House")
    devices = {}
    for name, home_id in (("dev-rose", home), ("dev-elm", other)):
        r = client.post("/v1/enrol", json={"code": enrol_code(folder, home_id), "device_id": name})
        devices[name] = r.json()
    keys = {"none": None, "bad": "ckp_not-a-key-the-service-knows", "device": devices["dev-rose"]["device_token"],
            "provider": provider_key(folder, home), "provider_other": provider_key(folder, other),
            "public_interest": public_interest_key(folder, "Powys County Council", "commissioner", home),
            "public_interest_other": public_interest_key(folder, "Care Inspectorate Elsewhere", "regulator", other),
            "moderator": moderator_key(folder)}
    mod = {"Authorization": f"Bearer {keys['moderator']}"}
    pub = make_submissions(devices["dev-rose"]["service_public_key"], "dev-rose", 6,
                           stories=[_story(TEXT[k]) for k in ("published", "restricted", "rejected", "withheld",
                                                              "awaiting", "received")])
    assert client.post("/v1/stories", json={"stories": pub},
                       headers={"Authorization": f"Bearer {keys['device']}"}).status_code == 200
    elm = make_submissions(devices["dev-elm"]["service_public_key"], "dev-elm", 1, stories=[_story(TEXT["other"])])
    assert client.post("/v1/stories", json={"stories": elm},
                       headers={"Authorization": f"Bearer {devices['dev-elm']['device_token']}"}).status_code == 200
    uuid = dict(zip(("published", "restricted", "rejected", "withheld", "awaiting", "received"),
                    (s["uuid"] for s in pub)))
    uuid["other_awaiting"] = elm[0]["uuid"]

    def decide(key: str, **body) -> dict:
        r = client.post(f"/v1/moderation/stories/{uuid[key]}/decision", json=body, headers=mod)
        assert r.status_code == 200, r.text
        return r.json()

    decide("published", action="publish", criticality=1)
    r = client.post(f"/v1/provider/stories/{uuid['published']}/decision", json={"decision": "go_ahead"},
                    headers={"Authorization": f"Bearer {keys['provider']}"})
    story_id = {"published": r.json()["story_id"]}
    decide("restricted", action="restrict", criticality=5, reason="It names a member of staff.")
    decide("rejected", action="reject", reason="Not about this home.")
    decide("withheld", action="withhold", level="serious")
    decide("awaiting", action="publish", criticality=4)
    decide("other_awaiting", action="publish", criticality=3)
    client.close()
    app.state.service.db.close()
    return Prepared(folder, home, other, "dev-rose", "dev-elm", keys, uuid, story_id)


# -- the rows: (method, path) -> how to call it and what each caller gets -------------------------

def _all(status: int) -> dict[str, int]:
    return {c: status for c in CALLERS}


def _keyed(*bases: dict[str, int], **by_caller: int) -> dict[str, int]:
    """401 without a (known) key; every other caller as given (later values win)."""
    out = {"none": 401, "bad": 401}
    for base in bases:
        out.update(base)
    out.update(by_caller)
    return out


HOME_READERS = dict(device=403, provider=200, provider_other=403, public_interest=200, public_interest_other=403,
                    moderator=200)
MODERATOR_ONLY = dict(device=403, provider=403, provider_other=403, public_interest=403, public_interest_other=403)
ORG_ONLY = dict(device=403, moderator=403)

ROWS: dict[tuple[str, str], dict] = {
    ("GET", "/v1/health"): {"expect": _all(200)},
    ("GET", "/v1/openapi.json"): {"expect": _all(200)},
    ("POST", "/v1/enrol"): {"body": {"code": "AAAA-BBBB-CCCC", "device_id": "dev-new"}, "expect": _all(403)},
    ("POST", "/v1/stories"): {"body": {"stories": []}, "expect": _keyed(
        device=200, provider=403, provider_other=403, public_interest=403, public_interest_other=403, moderator=403)},
    ("POST", "/v1/devices/{device_id}/heartbeat"): {"body": {
        "software_version": "0.1", "pending": 0, "last_seq": 0, "head_hash": "0" * 64}, "expect": _keyed(
        device=200, provider=403, provider_other=403, public_interest=403, public_interest_other=403, moderator=403)},
    ("GET", "/v1/devices/{device_id}/integrity"): {"expect": _keyed(
        device=200, provider=200, provider_other=403, public_interest=200, public_interest_other=403, moderator=200)},
    ("GET", "/v1/homes"): {"expect": _keyed(HOME_READERS, provider_other=200, public_interest_other=200)},
    ("GET", "/v1/homes/{home_id}"): {"expect": _keyed(HOME_READERS)},
    ("GET", "/v1/homes/{home_id}/devices"): {"expect": _keyed(HOME_READERS)},
    ("GET", "/v1/homes/{home_id}/events"): {"expect": _keyed(HOME_READERS, device=200)},
    ("POST", "/v1/homes/{home_id}/shares"): {"body": {"kind": "notice", "ref": "1234"}, "expect": _keyed(
        device=201, provider=201, provider_other=403, public_interest=403, public_interest_other=403, moderator=403)},
    ("GET", "/v1/homes/{home_id}/shares"): {"expect": _keyed(HOME_READERS)},
    ("GET", "/v1/homes/{home_id}/level"): {"expect": _keyed(HOME_READERS, device=200)},
    ("GET", "/v1/moderation/stories"): {"expect": _keyed(MODERATOR_ONLY, moderator=200)},
    ("GET", "/v1/moderation/stories/{uuid}"): {"story": "restricted", "expect": _keyed(MODERATOR_ONLY, moderator=200)},
    ("POST", "/v1/moderation/stories/{uuid}/decision"): {"story": "received", "body": {
        "action": "publish", "criticality": 2}, "expect": _keyed(MODERATOR_ONLY, moderator=200)},
    ("POST", "/v1/moderation/stories/{uuid}/updates"): {"story": "published", "body": {"body": "Better now."},
                                                        "expect": _keyed(MODERATOR_ONLY, moderator=201)},
    ("GET", "/v1/moderation/replies"): {"expect": _keyed(MODERATOR_ONLY, moderator=200)},
    ("POST", "/v1/moderation/replies/{held_id}"): {"body": {"action": "post"},  # none held: 404 after the role
                                                   "expect": _keyed(MODERATOR_ONLY, moderator=404)},
    ("POST", "/v1/updates"): {"body": {"updates": []}, "expect": _keyed(
        device=200, provider=403, provider_other=403, public_interest=403, public_interest_other=403, moderator=403)},
    ("GET", "/v1/moderation/updates"): {"expect": _keyed(MODERATOR_ONLY, moderator=200)},
    ("POST", "/v1/moderation/updates/{update_id}"): {"body": {"action": "post"},  # none held: 404 after the role
                                                     "expect": _keyed(MODERATOR_ONLY, moderator=404)},
    ("GET", "/v1/organisation/me"): {"expect": _keyed(ORG_ONLY, provider=200, provider_other=200, public_interest=200,
                                                      public_interest_other=200)},
    ("GET", "/v1/organisation/stories"): {"expect": _keyed(ORG_ONLY, provider=200, provider_other=200,
                                                           public_interest=200, public_interest_other=200)},
    ("GET", "/v1/organisation/stories/{uuid}"): {"story": "restricted", "expect": _keyed(
        ORG_ONLY, provider=200, provider_other=404, public_interest=200, public_interest_other=404)},
    ("POST", "/v1/organisation/stories/{uuid}/decision"): {"story": "awaiting", "body": {"decision": "go_ahead"},
                                                           "expect": _keyed(MODERATOR_ONLY, provider=200,
                                                                            provider_other=404, moderator=403)},
    ("POST", "/v1/organisation/stories/{uuid}/responses"): {"story": "published", "body": {
        "body": "Thank you.", "responder_name": "Sam", "responder_role": "Manager"}, "expect": _keyed(
        ORG_ONLY, provider=201, provider_other=404, public_interest=201, public_interest_other=404)},
    ("POST", "/v1/organisation/stories/{uuid}/comments"): {"story": "restricted", "body": {
        "body": "We are looking into this.", "responder_name": "Priya", "responder_role": "Quality officer"},
        "expect": _keyed(ORG_ONLY, provider=403, provider_other=403, public_interest=201, public_interest_other=404)},
    ("GET", "/v1/provider/stories"): {"expect": _keyed(MODERATOR_ONLY, provider=200, provider_other=200,
                                                       moderator=403)},
    ("POST", "/v1/provider/stories/{uuid}/decision"): {"story": "awaiting", "body": {"decision": "request_review"},
                                                       "expect": _keyed(MODERATOR_ONLY, provider=200,
                                                                        provider_other=404, moderator=403)},
    ("POST", "/v1/provider/stories/{uuid}/responses"): {"story": "published", "body": {
        "body": "Thank you.", "responder_name": "Sam", "responder_role": "Manager"}, "expect": _keyed(
        MODERATOR_ONLY, provider=201, provider_other=404, moderator=403)},
    ("GET", "/v1/public/opinions"): {"expect": _all(200)},
    ("GET", "/v1/public/opinions/{opinion_id}"): {"expect": _all(200)},
    ("GET", "/v1/public/homes/{home_id}/transparency"): {"expect": _all(200)},
    ("POST", "/v1/sms/twilio/inbound"): {"form": {"From": "+447700900123", "Body": "GO 1234"}, "expect": _all(503)},
}


def _routes(routes, prefix: str = ""):
    """Every route, through included routers too (FastAPI may keep those as one entry each)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes, prefix + (getattr(route.include_context, "prefix", "") or ""))
        else:
            yield prefix, route


def route_table() -> set[tuple[str, str]]:
    found = set()
    for prefix, route in _routes(create_app(None).routes):
        for method in getattr(route, "methods", None) or ():
            if method not in ("HEAD", "OPTIONS"):
                found.add((method, prefix + route.path))
    return found


def test_every_route_has_a_row_and_every_row_a_route():
    table = route_table()
    assert table == set(ROWS), {"routes without a row": sorted(table - set(ROWS)),
                                "rows without a route": sorted(set(ROWS) - table)}
    assert all(set(row["expect"]) == set(CALLERS) for row in ROWS.values())
    # the app's own API routes are all in the table (not only the one FastAPI adds: openapi.json)
    assert sum(isinstance(r, APIRoute) for _, r in _routes(create_app(None).routes)) == len(ROWS) - 1


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _words(p: Prepared) -> dict[str, str]:
    words = {k: TEXT[k] for k in ("restricted", "rejected", "withheld", "awaiting", "received")}
    words["other_awaiting"] = TEXT["other"]
    words["published_private"] = TEXT["published"]  # another home's key reads it only on the public API
    return words


@pytest.mark.parametrize("method,path", sorted(ROWS))
def test_role_matrix(method, path, prepared, tmp_path):
    row = ROWS[(method, path)]
    folder = tmp_path / "service"
    shutil.copytree(prepared.folder, folder)
    app = create_app(folder, clock=lambda: NOW + timedelta(hours=1))
    client = TestClient(app)
    try:
        url = path.format(home_id=prepared.home, device_id=prepared.device,
                          uuid=prepared.uuid.get(row.get("story", "published")),
                          opinion_id=prepared.story_id["published"], held_id="held_0",
                          update_id="0b7e6f3a-0000-4000-8000-000000000001")
        words = _words(prepared)
        order = sorted(CALLERS, key=lambda c: row["expect"][c] < 300)  # refusals first: they must change nothing
        for caller in order:
            kwargs = {"headers": _headers(prepared.keys[caller])}
            if "body" in row:
                kwargs["json"] = row["body"]
            if "form" in row:
                kwargs["data"] = row["form"]
            r = client.request(method, url, **kwargs)
            assert r.status_code == row["expect"][caller], (caller, method, url, r.status_code, r.text)
            if r.status_code >= 400 and path != "/v1/sms/twilio/inbound":
                assert list(r.json()) == ["error"] and r.json()["error"].endswith("."), r.text
            text = r.text
            for name in FORBIDDEN[caller]:
                if caller == "provider_other" and name == "published_private" and path.startswith("/v1/public"):
                    continue
                assert words[name] not in text, (caller, method, url, name)
            if (caller in ("none", "bad", "device") or path.startswith("/v1/public")) and "openapi" not in path:
                assert "criticality" not in text, (caller, url)
    finally:
        client.close()
        app.state.service.db.close()


@pytest.mark.parametrize("path,story", [
    ("/v1/organisation/stories/{uuid}", "restricted"),
    ("/v1/organisation/stories/{uuid}/decision", "other_awaiting"),
    ("/v1/organisation/stories/{uuid}/responses", "published"),
    ("/v1/provider/stories/{uuid}/decision", "published"),
])
def test_another_homes_story_is_answered_exactly_as_an_unknown_uuid(prepared, tmp_path, path, story):
    folder = tmp_path / "service"
    shutil.copytree(prepared.folder, folder)
    app = create_app(folder, clock=lambda: NOW + timedelta(hours=1))
    client = TestClient(app)
    try:
        body = {"decision": "go_ahead"} if path.endswith("decision") else (
            {"body": "x", "responder_name": "x", "responder_role": "x"} if path.endswith("responses") else None)
        method = "GET" if body is None else "POST"
        who = "provider" if story == "other_awaiting" else "provider_other"
        headers = _headers(prepared.keys[who])
        real = client.request(method, path.format(uuid=prepared.uuid[story]), headers=headers, json=body)
        unknown = client.request(method, path.format(uuid="0b7e6f3a-0000-4000-8000-000000000000"), headers=headers,
                                 json=body)
        assert real.status_code == unknown.status_code == 404
        assert real.json() == unknown.json() and dict(real.headers).get("content-length") == dict(
            unknown.headers).get("content-length")
    finally:
        client.close()
        app.state.service.db.close()


def test_what_each_organisation_reads_of_each_story(prepared, tmp_path):
    """The access table, story by story: the words only where the role may read them."""
    folder = tmp_path / "service"
    shutil.copytree(prepared.folder, folder)
    app = create_app(folder, clock=lambda: NOW + timedelta(hours=1))
    client = TestClient(app)
    try:
        def seen(caller: str, story: str) -> dict | int:
            r = client.get(f"/v1/organisation/stories/{prepared.uuid[story]}", headers=_headers(prepared.keys[caller]))
            return r.json()["story"] if r.status_code == 200 else r.status_code

        expect = {  # story -> (what the provider sees, what its public-interest body sees)
            "published": ("text", "text"), "awaiting": ("text", "notice"), "restricted": ("notice", "text"),
            "rejected": ("notice", "notice"), "withheld": ("notice", "notice"), "received": ("notice", "notice"),
        }
        for story, views in expect.items():
            for caller, view in zip(("provider", "public_interest"), views):
                found = seen(caller, story)
                assert found["view"] == view, (caller, story)
                key = {"published": "published", "awaiting": "awaiting", "restricted": "restricted"}.get(story, story)
                assert (TEXT[key] == found["body"]) == (view == "text"), (caller, story)
                if view == "notice":
                    assert found["body"] is None and found["author_role"] is None and found["tags"] == []
            assert seen("provider_other", story) == 404 and seen("public_interest_other", story) == 404
        pib = seen("public_interest", "restricted")
        assert [h["action"] for h in pib["history"]] == ["received", "opened", "restrict"]
        assert all(":" not in h["actor"] for h in pib["history"])  # roles, not key ids
        assert pib["criticality"] == 5 and pib["criticality_label"] == "severely critical"
        assert pib["readable_by"] == [{"id": pib["readable_by"][0]["id"], "name": "Powys County Council",
                                       "kind": "commissioner"}]
        assert seen("provider", "restricted")["history"] == []
        # the lists agree with the details, and another home's stories never appear
        for caller in ("provider", "public_interest"):
            listed = client.get("/v1/organisation/stories", headers=_headers(prepared.keys[caller])).json()["stories"]
            assert {s["uuid"] for s in listed} == {v for k, v in prepared.uuid.items() if k != "other_awaiting"}
        other = client.get("/v1/organisation/stories", headers=_headers(prepared.keys["public_interest_other"]))
        assert [s["uuid"] for s in other.json()["stories"]] == [prepared.uuid["other_awaiting"]]
        assert other.json()["stories"][0]["body"] is None  # a pending story is not for public-interest bodies
        events = client.get(f"/v1/homes/{prepared.home}/events", headers=_headers(prepared.keys["device"])).json()
        assert "criticality" not in json.dumps(events)
        pib_events = client.get(f"/v1/homes/{prepared.home}/events",
                                headers=_headers(prepared.keys["public_interest"])).json()
        assert any(e["data"].get("criticality") == 4 for e in pib_events["events"])
    finally:
        client.close()
        app.state.service.db.close()
