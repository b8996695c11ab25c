"""A story's whole life with three organisations speaking (tests/support/conversation.py), read back
through the public API (Care-Opinion-v2-like), the organisation routes and the event feed."""

from __future__ import annotations

import json

import pytest

from tests.support.conversation import CRITICAL_TEXT, REJECTED_TEXT, RESTRICTED_TEXT, WITHHELD_TEXT, whole_life


@pytest.fixture(scope="module")
def life(tmp_path_factory):
    found = whole_life(tmp_path_factory.mktemp("life") / "service", trickle=3)
    yield found
    found.close()


def _opinion(life, key: str) -> dict:
    ops = life.client.get("/v1/public/opinions", params={"home_id": life.home_id, "take": 100}).json()["opinions"]
    return next(o for o in ops if o["ref"] == life.stories[key]["ref"])


def test_the_public_sees_every_voice_in_order_with_its_organisation_and_changes(life):
    a = _opinion(life, "A")
    assert a["status"] == "published" and a["body"] == CRITICAL_TEXT
    voices = [(r["responderKind"], (r["responderOrganisation"] or {}).get("name"), r["responderName"], r["change"])
              for r in a["responses"]]
    assert voices == [("provider", "Rose House Care Ltd", "Sam Jones", "planned"),
                      ("commissioner", "Powys County Council", "Priya Shah", None),
                      ("provider", "Rose House Care Ltd", "Sam Jones", "made"),
                      ("healthwatch", "Healthwatch Powys", "Lee Wong", None),
                      ("author", None, "", None)]
    dates = [r["dateOfResponse"] for r in a["responses"]]
    assert dates == sorted(dates)
    planned, made = a["responses"][0], a["responses"][2]
    assert planned["changeDescription"] == made["changeDescription"] == "A second night carer on the top floor"
    assert planned["changeMade"] is None and made["changeMade"] == "A second night carer on the top floor"
    assert a["authorUpdates"] == [{"id": a["responses"][4]["id"], "body": "Things are better at night now. Thank you.",
                                   "dateOfUpdate": a["responses"][4]["dateOfResponse"]}]
    assert a["tags"] == ["care"] and a["feelings"] == ["worried"]  # feelings kept apart from topics
    assert a["readableBy"] == [] and "criticality" not in json.dumps(a)


def test_a_restricted_story_shows_its_reason_who_can_read_it_and_their_public_comment(life):
    b = _opinion(life, "B")
    assert b["status"] == "restricted" and b["body"] is None and b["authorRole"] is None and b["tags"] == []
    assert b["restrictionReason"].startswith("It names a member of staff") and b["dateOfRestriction"]
    assert sorted((o["name"], o["kind"]) for o in b["readableBy"]) == [
        ("Care Inspectorate Wales", "regulator"), ("Healthwatch Powys", "healthwatch"),
        ("Powys County Council", "commissioner")]
    [comment] = b["responses"]
    assert comment["responderKind"] == "regulator" and comment["responderOrganisation"]["name"] == \
        "Care Inspectorate Wales" and comment["body"].startswith("We have read this story")
    everything = life.client.get("/v1/public/opinions", params={"take": 100}).text
    for words in (RESTRICTED_TEXT, REJECTED_TEXT, WITHHELD_TEXT):
        assert words not in everything
    assert "criticality" not in everything


def test_the_regulator_reads_the_restricted_story_the_provider_only_that_it_exists(life):
    uuid = life.stories["B"]["uuid"]
    regulator = life.client.get(f"/v1/organisation/stories/{uuid}", headers=life.h("regulator")).json()["story"]
    assert regulator["body"] == RESTRICTED_TEXT and regulator["criticality"] == 5
    assert [h["action"] for h in regulator["history"]] == ["received", "opened", "restrict", "comment"]
    provider = life.client.get(f"/v1/organisation/stories/{uuid}", headers=life.h("provider")).json()["story"]
    assert provider["view"] == "notice" and provider["body"] is None and provider["criticality"] == 5
    assert RESTRICTED_TEXT not in json.dumps(provider) and provider["reason"] == regulator["reason"]
    # the provider cannot answer a restricted story; a public-interest body comments, never "responds"
    r = life.client.post(f"/v1/organisation/stories/{uuid}/responses", headers=life.h("provider"),
                         json={"body": "x", "responder_name": "x", "responder_role": "x"})
    assert r.status_code == 409
    r = life.client.post(f"/v1/organisation/stories/{uuid}/comments", headers=life.h("provider"),
                         json={"body": "x", "responder_name": "x", "responder_role": "x"})
    assert r.status_code == 403
    r = life.client.post(f"/v1/organisation/stories/{life.stories['A']['uuid']}/comments",
                         headers=life.h("regulator"), json={"body": "x", "responder_name": "x", "responder_role": "x"})
    assert r.status_code == 409 and "restricted" in r.json()["error"]


def test_a_change_flag_needs_its_words(life):
    uuid = life.stories["F"]["uuid"]
    base = {"body": "We will.", "responder_name": "Sam", "responder_role": "Manager"}
    r = life.client.post(f"/v1/organisation/stories/{uuid}/responses", headers=life.h("provider"),
                         json=dict(base, change="made"))
    assert r.status_code == 422 and "change_description" in r.json()["error"]
    r = life.client.post(f"/v1/organisation/stories/{uuid}/responses", headers=life.h("provider"),
                         json=dict(base, change="soon", change_description="x"))
    assert r.status_code == 422


def test_the_feed_tells_the_home_and_its_bodies_about_the_review_and_the_comment(life):
    feed = life.client.get(f"/v1/homes/{life.home_id}/events", params={"limit": 500},
                           headers=life.h("commissioner")).json()["events"]
    a = [e for e in feed if e["story_uuid"] == life.stories["A"]["uuid"]]
    assert [e["type"] for e in a] == ["story_received", "awaiting_provider", "review_requested", "published",
                                      "response_posted", "response_posted", "response_posted", "response_posted",
                                      "author_update"]
    assert a[1]["data"]["criticality"] == 4 and a[2]["data"] == {"criticality": 4}
    voices = [e["data"]["responder_kind"] for e in a if e["type"] == "response_posted"]
    assert voices == ["provider", "commissioner", "provider", "healthwatch"]
    comment = next(e for e in feed if e["type"] == "comment_posted")
    assert comment["data"]["organisation"]["name"] == "Care Inspectorate Wales"
    device = life.client.get(f"/v1/homes/{life.home_id}/events", params={"limit": 500}, headers=life.h("device")).text
    assert "criticality" not in device and RESTRICTED_TEXT not in device and WITHHELD_TEXT not in device


def test_moderation_needs_a_criticality_to_publish_or_restrict(tmp_path):
    from tests.support.conversation import whole_life as make

    life = make(tmp_path / "service", trickle=0)
    try:
        sub = life.stories["E"]  # already published; a fresh one:
        from tests.support.service import make_submissions

        public_key = life.client.get("/v1/health").json()["service_public_key"]
        all_subs = sorted(life.stories.values(), key=lambda s: s["seq"])
        [new] = make_submissions(public_key, "dev-rose", 1, start_seq=all_subs[-1]["seq"] + 1,
                                 prev_hash=all_subs[-1]["chain_hash"])
        life.send([new])
        for action, extra in (("publish", {}), ("restrict", {"reason": "Names a resident."})):
            for bad in ({}, {"criticality": 6}, {"criticality": -1}, {"criticality": 2.5}, {"criticality": None}):
                r = life.client.post(f"/v1/moderation/stories/{new['uuid']}/decision", headers=life.h("moderator"),
                                     json={"action": action, **extra, **bad})
                assert r.status_code == 422, (action, bad, r.text)
        assert sub["uuid"]
        r = life.client.post(f"/v1/moderation/stories/{new['uuid']}/decision", headers=life.h("moderator"),
                             json={"action": "publish", "criticality": 3})
        assert r.status_code == 200
        listed = life.client.get("/v1/moderation/stories", headers=life.h("moderator")).json()["stories"]
        assert next(s for s in listed if s["uuid"] == new["uuid"])["criticality"] == 3
    finally:
        life.close()
