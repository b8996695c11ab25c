"""The moderation API in-process (FastAPI TestClient over a real SQLite folder, injected clock)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from sync.chain import GENESIS, link
from sync.server.domain import lifecycle

from tests.support.service import enrol_code, make_submissions

API = "carekiosk/v1"


# -- enrolment ------------------------------------------------------------------------------

def test_enrol_returns_home_roster_and_key_and_code_is_one_time(world):
    code = enrol_code(world.data_dir, world.home_id)
    r = world.client.post("/v1/enrol", json={"code": code.lower(), "device_id": "dev-2", "label": "lobby"})
    assert r.status_code == 201
    doc = r.json()
    assert doc["api"] == API and doc["device_id"] == "dev-2"
    assert doc["home"] == {"id": world.home_id, "name": "Rose House", "roster": {"staff": ["Ann"]}}
    assert doc["service_public_key"] == world.public_key and doc["device_token"].startswith("ckd_")
    again = world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-3"})
    assert again.status_code == 403 and again.json()["error"].endswith(".")
    unknown = world.client.post("/v1/enrol", json={"code": "AAAA-BBBB-CCCC", "device_id": "dev-3"})
    assert unknown.status_code == 403


def test_enrol_code_expires(world):
    code = enrol_code(world.data_dir, world.home_id)
    world.clock.now = datetime.now(timezone.utc) + timedelta(days=15)  # the helper used the real clock
    r = world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-late"})
    assert r.status_code == 403 and "expired" in r.json()["error"]


def test_reenrol_same_device_revokes_old_token_and_other_home_is_refused(world):
    # a fresh code alone cannot take over an enrolled device id (ids are not secret) ...
    hijack = world.client.post("/v1/enrol", json={"code": enrol_code(world.data_dir, world.home_id),
                                                  "device_id": world.device_id})
    assert hijack.status_code == 409 and "already enrolled" in hijack.json()["error"]
    provider = world.client.post("/v1/enrol", headers=world.prov, json={
        "code": enrol_code(world.data_dir, world.home_id), "device_id": world.device_id})
    assert provider.status_code == 409
    assert world.client.get(f"/v1/homes/{world.home_id}/events", headers=world.dev).status_code == 200
    # ... the device itself, proving it with its current token, can
    r = world.client.post("/v1/enrol", headers=world.dev, json={"code": enrol_code(world.data_dir, world.home_id),
                                                                "device_id": world.device_id})
    assert r.status_code == 201
    assert world.events(token=r.json()["device_token"])["api"] == API
    old = world.client.get(f"/v1/homes/{world.home_id}/events", headers=world.dev)
    assert old.status_code == 401
    other = world.client.post("/v1/enrol", json={"code": enrol_code(world.data_dir, world.other_home_id),
                                                 "device_id": world.device_id})
    assert other.status_code == 409


# -- submission -----------------------------------------------------------------------------

def test_submission_results_accepted_duplicate_conflict(world):
    subs = world.stories(3)
    r = world.submit(subs)
    assert r.status_code == 200
    doc = r.json()
    assert doc["api"] == API
    assert [(x["uuid"], x["result"]) for x in doc["results"]] == [(s["uuid"], "accepted") for s in subs]
    assert all("reason" not in x for x in doc["results"])
    # the same batch again: all duplicates (success)
    assert [x["result"] for x in world.submit(subs).json()["results"]] == ["duplicate"] * 3
    # same uuid, different payload -> conflict
    other = world.stories(1, start_seq=1)[0]
    other["uuid"] = subs[0]["uuid"]
    res = world.submit([other]).json()["results"][0]
    assert res["result"] == "conflict" and res["reason"]


def test_one_bad_story_does_not_spoil_the_batch(world):
    subs = world.stories(4)
    subs[1] = dict(subs[1], chain_hash="f" * 64)  # tampered chain
    subs[2] = dict(subs[2], sealed=base64.b64encode(b"x" + base64.b64decode(subs[2]["sealed"])[1:]).decode())
    results = world.submit(subs).json()["results"]
    assert [x["result"] for x in results] == ["accepted", "invalid", "invalid", "accepted"]
    assert "chain hash" in results[1]["reason"]
    assert "payload hash" in results[2]["reason"]
    rows = world.client.get("/v1/moderation/stories", headers=world.mod).json()["stories"]
    assert sorted(r["seq"] for r in rows) == [1, 4]


def test_invalid_reasons(world, tmp_path):
    good = world.stories(1)[0]
    cases = {
        "not valid base64": dict(good, sealed="***not base64***"),
        "size": dict(good, size=good["size"] + 1),
        "another device": dict(good, device_id="someone-else"),
        "route": dict(good, route="carrier-pigeon"),
        "reference": dict(good, ref=str((int(good["ref"]) + 1) % 10000).zfill(4)),
    }
    # sealed to the wrong key but otherwise consistent (hashes and chain recomputed)
    from nacl.public import PrivateKey

    from sync.seal import b64
    wrong = make_submissions(b64(bytes(PrivateKey.generate().public_key)), world.device_id, 1)[0]
    cases["not sealed to this service"] = wrong
    # the envelope says seq 1 but the metadata says seq 2 (chain recomputed so only the envelope is wrong)
    moved = dict(good, seq=2)
    moved["chain_hash"] = link(moved["prev_hash"], uuid=moved["uuid"], seq=2, device_id=moved["device_id"],
                               created_hour=moved["created_hour"], route=moved["route"], size=moved["size"],
                               payload_sha256=moved["payload_sha256"])
    cases["does not match"] = moved
    for needle, sub in cases.items():
        res = world.submit([sub]).json()["results"][0]
        assert res["result"] == "invalid", needle
        assert needle in res["reason"], (needle, res["reason"])
    assert world.submit([good]).json()["results"][0]["result"] == "accepted"


def test_reused_seq_with_new_uuid_is_invalid(world):
    world.accepted(1)
    again = world.stories(1)[0]  # a different story also numbered 1
    res = world.submit([again]).json()["results"][0]
    assert res["result"] == "invalid" and "already received" in res["reason"]


def test_structural_limits(world):
    r = world.submit(world.stories(1) * 101)
    assert r.status_code == 422 and "at most 100" in r.json()["error"]
    r = world.client.post("/v1/stories", content=b"{not json", headers={**world.dev, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "The request body is not valid JSON."
    r = world.submit([dict(world.stories(1)[0], extra="x")])
    assert r.status_code == 422 and "extra" in r.json()["error"]


def test_oversized_body_is_413(world):
    body = json.dumps({"stories": [], "pad": "x" * (2 * 1024 * 1024)})
    r = world.client.post("/v1/stories", content=body, headers={**world.dev, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json() == {"error": r.json()["error"]} and "2 MB" in r.json()["error"]


# -- roles ----------------------------------------------------------------------------------

def test_auth_401_and_403(world):
    c = world.client
    assert c.post("/v1/stories", json={"stories": []}).status_code == 401
    r = c.post("/v1/stories", json={"stories": []}, headers=world.h("ckd_nonsense"))
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["error"]
    assert c.post("/v1/stories", json={"stories": []}, headers=world.mod).status_code == 403
    subs = world.accepted(1)
    uuid = subs[0]["uuid"]
    # a device never reads story text
    assert c.get(f"/v1/moderation/stories/{uuid}", headers=world.dev).status_code == 403
    assert c.get("/v1/moderation/stories", headers=world.dev).status_code == 403
    assert c.get("/v1/provider/stories", headers=world.dev).status_code == 403
    assert c.get(f"/v1/homes/{world.home_id}", headers=world.dev).status_code == 403
    # a provider only for its own homes
    assert c.get(f"/v1/homes/{world.home_id}/events", headers=world.h(world.other_provider)).status_code == 403
    assert c.get(f"/v1/homes/{world.other_home_id}/events", headers=world.dev).status_code == 403
    assert c.get(f"/v1/devices/{world.device_id}/integrity", headers=world.h(world.other_provider)).status_code == 403
    assert c.get(f"/v1/moderation/stories/{uuid}", headers=world.prov).status_code == 403
    assert world.decide(uuid, "publish").status_code == 200
    r = c.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
               headers=world.h(world.other_provider))
    # another home's story is answered exactly as an unknown one: no way to tell that it exists
    unknown = c.post("/v1/provider/stories/no-such-uuid/decision", json={"decision": "go_ahead"},
                     headers=world.h(world.other_provider))
    assert r.status_code == unknown.status_code == 404 and r.json() == unknown.json()
    assert c.get("/v1/provider/stories", params={"home_id": world.home_id},
                 headers=world.h(world.other_provider)).status_code == 403
    assert c.get("/v1/provider/stories", headers=world.h(world.other_provider)).json()["stories"] == []
    assert c.get(f"/v1/homes/{world.home_id}", headers=world.prov).json()["home"]["manager_phone"].startswith("+44")


def test_device_integrity_only_for_itself(world):
    world.client.post("/v1/enrol", json={"code": enrol_code(world.data_dir, world.home_id), "device_id": "dev-b"})
    assert world.client.get("/v1/devices/dev-b/integrity", headers=world.dev).status_code == 403
    assert world.client.get("/v1/devices/dev-b/integrity", headers=world.prov).status_code == 200
    assert world.client.get("/v1/devices/nope/integrity", headers=world.mod).status_code == 404


# -- moderation lifecycle -------------------------------------------------------------------

def test_moderation_publish_then_provider_go_ahead(world):
    uuid = world.accepted(1)[0]["uuid"]
    listing = world.client.get("/v1/moderation/stories", params={"status": "received"}, headers=world.mod).json()
    assert [s["uuid"] for s in listing["stories"]] == [uuid]
    item = listing["stories"][0]
    assert item["home"] == {"id": world.home_id, "name": "Rose House"} and item["ref"]
    detail = world.client.get(f"/v1/moderation/stories/{uuid}", headers=world.mod).json()["story"]
    assert detail["status"] == "in_moderation" and detail["content"]["text"] == "Test story number 1."
    r = world.decide(uuid, "publish", body="Test story number one (moderated).")
    assert r.json()["status"] == "awaiting_provider"
    deadline = r.json()["decision_deadline"]
    assert deadline == (world.clock.now + timedelta(hours=72)).isoformat(timespec="seconds")
    waiting = world.client.get("/v1/provider/stories", headers=world.prov).json()["stories"]
    assert waiting[0]["body"] == "Test story number one (moderated)." and waiting[0]["decision_deadline"] == deadline
    assert world.decide(uuid, "reject", reason="x").status_code == 409  # already past moderation
    r = world.client.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"}, headers=world.prov)
    assert r.status_code == 200 and r.json()["status"] == "published" and r.json()["story_id"]
    again = world.client.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                              headers=world.prov)
    assert again.status_code == 409
    history = world.client.get(f"/v1/moderation/stories/{uuid}", headers=world.mod).json()["story"]["history"]
    assert [h["action"] for h in history] == ["received", "opened", "publish", "go_ahead"]


def test_request_review_goes_back_to_moderation_then_publishes(world):
    uuid = world.accepted(1)[0]["uuid"]
    world.decide(uuid, "publish")
    r = world.client.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "request_review"},
                          headers=world.prov)
    assert r.json()["status"] == "in_moderation"
    item = world.client.get("/v1/moderation/stories", headers=world.mod).json()["stories"][0]
    assert item["review_requested"] is True
    assert world.decide(uuid, "publish").json()["status"] == "published"


@pytest.mark.parametrize("action,kw,status,event", [
    ("restrict", {"reason": "It names a member of staff."}, "restricted", "restricted"),
    ("reject", {"reason": "It is not about this home."}, "rejected", "rejected"),
    ("withhold", {"level": "serious"}, "withheld_safeguarding", "withheld"),
])
def test_other_moderation_outcomes(world, action, kw, status, event):
    uuid = world.accepted(1)[0]["uuid"]
    assert world.decide(uuid, action).status_code == 422  # reason / level missing
    r = world.decide(uuid, action, **kw)
    assert r.status_code == 200 and r.json()["status"] == status
    ev = world.events(token=world.provider)["events"][-1]
    assert ev["type"] == event and ev["story_uuid"] == uuid
    # only a restricted story's reason is public; a rejection's reason stays with the moderator
    assert ev["data"] == ({"reason": kw["reason"], "story_id": r.json()["story_id"],
                           "title": "This story has been restricted", "criticality": 2, "review_requested": False}
                          if action == "restrict" else {})
    # the kiosk does not learn how critical a story is
    dev_ev = world.events()["events"][-1]
    assert "criticality" not in dev_ev["data"]
    assert world.decide(uuid, "publish").status_code == 409


def test_72_hours_without_decision_counts_as_go_ahead(world):
    a, b = [s["uuid"] for s in world.accepted(2)]
    world.decide(a, "publish")
    world.clock.advance(hours=1)
    world.decide(b, "publish")
    world.clock.advance(hours=71, minutes=30)  # a's window is over, b's is not
    waiting = world.client.get("/v1/provider/stories", headers=world.prov).json()["stories"]
    assert [s["uuid"] for s in waiting] == [b]
    published = world.client.get("/v1/provider/stories", params={"status": "published"}, headers=world.prov).json()
    assert [s["uuid"] for s in published["stories"]] == [a]
    late = world.client.post(f"/v1/provider/stories/{a}/decision", json={"decision": "request_review"},
                             headers=world.prov)
    assert late.status_code == 409
    # the function the service calls, with any clock
    with world.database() as db, db.transaction() as conn:
        assert lifecycle.apply_lapses(conn, world.clock.now + timedelta(hours=1)) == [b]
    evs = [e for e in world.events()["events"] if e["type"] == "published"]
    assert [e["story_uuid"] for e in evs] == [a, b]
    detail = world.client.get(f"/v1/moderation/stories/{a}", headers=world.mod).json()["story"]
    assert detail["history"][-1]["action"] == "lapsed" and detail["history"][-1]["actor"] == "system"


# -- responses, updates, events, public -----------------------------------------------------

def test_responses_and_author_updates(world):
    uuid = world.accepted(1)[0]["uuid"]
    body = {"body": "Thank you for telling us.", "responder_name": "Sam Patel", "responder_role": "Manager",
            "change_made": "We now serve soup hot."}
    early = world.client.post(f"/v1/provider/stories/{uuid}/responses", json=body, headers=world.prov)
    assert early.status_code == 409
    story_id = world.publish(uuid)["story_id"]
    r = world.client.post(f"/v1/provider/stories/{uuid}/responses", json=body, headers=world.prov)
    assert r.status_code == 201
    resp = r.json()["response"]
    assert resp["story_id"] == story_id and resp["change_made"] == "We now serve soup hot." and resp["posted_at"]
    other = world.client.post(f"/v1/provider/stories/{uuid}/responses", json=body,
                              headers=world.h(world.other_provider))
    assert other.status_code == 404
    u = world.client.post(f"/v1/moderation/stories/{uuid}/updates", json={"body": "Things got better."},
                          headers=world.mod)
    assert u.status_code == 201
    types = [e["type"] for e in world.events()["events"]]
    assert types == ["story_received", "awaiting_provider", "published", "response_posted", "author_update"]
    posted = world.events()["events"][3]["data"]
    org = {"id": posted["organisation"]["id"], "name": "Provider of Rose House", "kind": "provider"}
    assert posted == {"story_id": story_id, "response_id": resp["id"], "body": body["body"],
                      "responder_name": "Sam Patel", "responder_role": "Manager", "responder_kind": "provider",
                      "organisation": org, "change": "made", "change_description": "We now serve soup hot.",
                      "change_made": "We now serve soup hot.", "posted_at": resp["posted_at"]}


def test_events_cursor_pages_and_carry_no_pending_text(world):
    subs = world.accepted(5)
    first = world.client.get(f"/v1/homes/{world.home_id}/events", params={"limit": 2}, headers=world.dev).json()
    assert [e["type"] for e in first["events"]] == ["story_received"] * 2
    assert first["next_cursor"] == first["events"][-1]["cursor"]
    rest = world.events(after=first["next_cursor"])
    assert [e["story_uuid"] for e in first["events"] + rest["events"]] == [s["uuid"] for s in subs]
    cursors = [e["cursor"] for e in first["events"] + rest["events"]]
    assert cursors == sorted(cursors) and len(set(cursors)) == 5
    empty = world.events(after=rest["next_cursor"])
    assert empty["events"] == [] and empty["next_cursor"] == rest["next_cursor"]
    world.decide(subs[0]["uuid"], "publish")
    ev = world.events(after=rest["next_cursor"])["events"]
    assert [e["type"] for e in ev] == ["awaiting_provider"]
    assert set(ev[0]["data"]) == {"decision_deadline"}
    assert "Test story" not in json.dumps(world.events())
    e = ev[0]
    assert set(e) == {"id", "cursor", "type", "at", "home_id", "story_uuid", "ref", "data"}
    # the other home's feed is separate
    other = world.events(token=world.other_provider, home_id=world.other_home_id)
    assert other["events"] == [] and other["next_cursor"] == 0


def test_integrity_report_shows_missing_seq_once(world):
    subs = world.stories(5)
    world.submit(subs[:2])
    world.submit(subs[4:])  # 3 and 4 never arrive (removed from the device)
    rep = world.client.get(f"/v1/devices/{world.device_id}/integrity", headers=world.dev).json()
    assert rep["api"] == API
    assert rep["missing"] == [3, 4] and rep["highest_seq"] == 5 and rep["received"] == 3
    assert rep["chain_ok"] is True and rep["home_id"] == world.home_id and "3-4" in rep["problems"][0]
    problems = [e for e in world.events()["events"] if e["type"] == "integrity_problem"]
    assert [p["data"] for p in problems] == [{"device_id": world.device_id, "missing": [3, 4], "chain_ok": True}]
    world.accepted(1, start_seq=6, prev_hash=subs[4]["chain_hash"])
    assert len([e for e in world.events()["events"] if e["type"] == "integrity_problem"]) == 1  # once only
    world.submit([subs[2]])
    rep = world.client.get(f"/v1/devices/{world.device_id}/integrity", headers=world.prov).json()
    assert rep["missing"] == [4]


def test_integrity_broken_chain(world):
    subs = world.stories(2)
    bad = world.stories(1, start_seq=2, prev_hash="a" * 64)[0]  # consistent in itself, wrong link
    world.submit([subs[0], bad])
    rep = world.client.get(f"/v1/devices/{world.device_id}/integrity", headers=world.mod).json()
    assert rep["chain_ok"] is False and rep["missing"] == [] and "chain broken" in rep["problems"][0]
    ev = [e for e in world.events()["events"] if e["type"] == "integrity_problem"]
    assert ev[0]["data"]["chain_ok"] is False


def test_public_opinions(world):
    a, b, c = [s["uuid"] for s in world.accepted(3)]
    world.publish(a, title="Lovely lunch")
    world.client.post(f"/v1/provider/stories/{a}/responses", headers=world.prov, json={
        "body": "Thanks!", "responder_name": "Sam", "responder_role": "Manager"})
    world.decide(b, "restrict", reason="It identifies a resident.")
    world.decide(c, "reject", reason="Spam.")
    doc = world.client.get("/v1/public/opinions", params={"home_id": world.home_id}).json()
    assert doc["api"] == API and doc["total"] == 2
    by_status = {o["status"]: o for o in doc["opinions"]}
    pub = by_status["published"]
    assert pub["title"] == "Lovely lunch" and pub["body"] == "Test story number 1."
    # the writer's feelings are kept apart from the story's topics
    assert pub["authorRole"] == "family or friend" and pub["tags"] == ["food"] and pub["feelings"] == ["happy"]
    assert pub["homeId"] == world.home_id and pub["dateOfPublication"] and pub["dateOfSubmission"]
    reply = pub["responses"][0]
    assert reply["responderName"] == "Sam" and reply["changeMade"] is None and reply["change"] is None
    assert reply["responderKind"] == "provider" and reply["responderOrganisation"]["kind"] == "provider"
    assert "criticality" not in json.dumps(doc)
    res = by_status["restricted"]
    assert res["body"] is None and res["restrictionReason"] == "It identifies a resident."
    one = world.client.get(f"/v1/public/opinions/{pub['id']}").json()["opinion"]
    assert one == pub
    assert world.client.get("/v1/public/opinions/999999").status_code == 404
    page = world.client.get("/v1/public/opinions", params={"take": 1, "skip": 1}).json()
    assert [o["id"] for o in page["opinions"]] == [doc["opinions"][1]["id"]] and page["total"] == 2
    assert world.client.get("/v1/public/opinions", params={"take": 1000}).status_code == 422


def test_errors_are_one_sentence_json(world):
    r = world.client.get("/v1/nowhere")
    assert r.status_code == 404 and list(r.json()) == ["error"]
    r = world.client.delete("/v1/stories", headers=world.dev)
    assert r.status_code == 405 and list(r.json()) == ["error"]
    r = world.client.get("/v1/moderation/stories/no-such", headers=world.mod)
    assert r.status_code == 404 and r.json()["error"].endswith(".")
    r = world.client.get("/v1/health")
    assert r.json()["api"] == API and r.json()["status"] == "ok"


def test_a_lost_enrolment_answer_can_be_retried_with_the_same_code_for_a_short_while(world):
    code = enrol_code(world.data_dir, world.home_id)
    first = world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-new"})
    assert first.status_code == 201  # ... but suppose the answer never reached the kiosk
    again = world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-new"})
    assert again.status_code == 201
    fresh = {"Authorization": f"Bearer {again.json()['device_token']}"}
    stale = {"Authorization": f"Bearer {first.json()['device_token']}"}
    assert world.client.get(f"/v1/homes/{world.home_id}/events", headers=fresh).status_code == 200
    assert world.client.get(f"/v1/homes/{world.home_id}/events", headers=stale).status_code == 401
    # another device cannot use the spent code, and the retry window closes
    assert world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-other"}).status_code == 403
    world.clock.advance(hours=2)
    assert world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-new"}).status_code == 403
