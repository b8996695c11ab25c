"""Issue 11, the service: what an attacker (or a broken device) can send must get a 4xx or a per-story
``invalid``, never a 500, a takeover or unchecked words on the public page."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid as uuidlib

import pytest
from sqlalchemy import insert

from sync import chain, seal
from sync.server.db import Database, database_target
from sync.server.domain import text_replies
from sync.server.schema import stories
from tests.support.service import enrol_code, make_submissions


def sealed_submission(world, plaintext: bytes, *, seq: int = 1, device_id: str | None = None,
                      created_hour: str = "2025-01-06T08:00:00+00:00", route: str = "kiosk",
                      prev_hash: str = chain.GENESIS) -> dict:
    """A submission whose sealed bytes are exactly ``plaintext`` (for envelopes no device would make)."""
    device_id = device_id or world.device_id
    story_uuid = str(uuidlib.uuid4())
    sealed = seal.seal(plaintext, world.public_key)
    digest = chain.payload_digest(sealed)
    return {"uuid": story_uuid, "device_id": device_id, "seq": seq, "ref": chain.reference_code(story_uuid),
            "created_hour": created_hour, "route": route, "size": len(sealed), "payload_sha256": digest,
            "prev_hash": prev_hash,
            "chain_hash": chain.link(prev_hash, uuid=story_uuid, seq=seq, device_id=device_id,
                                     created_hour=created_hour, route=route, size=len(sealed),
                                     payload_sha256=digest),
            "sealed": base64.b64encode(sealed).decode("ascii")}


GOOD = {"text": "The soup was cold.", "author_role": "relative", "title": "Soup", "tags": ["food"],
        "feelings": ["sad"], "rating": 2, "contact": None, "language": "en",
        "prompts": {"shown": 0, "accepted": 0, "declined": 0}, "route": "kiosk"}


def with_story(world, story, *, seq: int = 1, **kw) -> dict:
    """A submission sealing ``story`` in a correct envelope (uuid, device and number all match)."""
    probe = sealed_submission(world, b"{}", seq=seq, **kw)  # only for its uuid
    plaintext = json.dumps({"v": 1, "uuid": probe["uuid"], "device_id": probe["device_id"], "seq": seq,
                            "story": story}).encode()
    sub = sealed_submission(world, plaintext, seq=seq, **kw)
    return _reuuid(sub, probe["uuid"], world)


def _reuuid(sub: dict, story_uuid: str, world) -> dict:
    """Give ``sub`` the uuid its envelope names (and the reference and chain hash that follow from it)."""
    sub = dict(sub, uuid=story_uuid, ref=chain.reference_code(story_uuid))
    sub["chain_hash"] = chain.link(sub["prev_hash"], uuid=story_uuid, seq=sub["seq"], device_id=sub["device_id"],
                                   created_hour=sub["created_hour"], route=sub["route"], size=sub["size"],
                                   payload_sha256=sub["payload_sha256"])
    return sub


def results(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["result"], r.get("reason")) for r in response.json()["results"]]


# -- 3. an old enrolment code cannot take over a kiosk --------------------------------------------

def test_a_superseded_enrolment_code_is_dead_even_within_its_retry_hour(world):
    first_code = enrol_code(world.data_dir, world.home_id)
    first = world.client.post("/v1/enrol", json={"code": first_code, "device_id": "dev-lobby"})
    assert first.status_code == 201
    # the kiosk re-enrols with a new code, proving itself with its token
    second = world.client.post("/v1/enrol", headers=world.h(first.json()["device_token"]),
                               json={"code": enrol_code(world.data_dir, world.home_id), "device_id": "dev-lobby"})
    assert second.status_code == 201
    kiosk = world.h(second.json()["device_token"])
    world.clock.advance(minutes=10)
    # someone who saw the first code replays it with the (not secret) device id and no token
    replay = world.client.post("/v1/enrol", json={"code": first_code, "device_id": "dev-lobby"})
    assert replay.status_code == 403, replay.text
    assert list(replay.json()) == ["error"]
    # and the real kiosk is not locked out
    assert world.client.get(f"/v1/homes/{world.home_id}/events", headers=kiosk).status_code == 200


def test_the_newest_code_can_still_be_retried_after_a_lost_answer(world):
    first_code = enrol_code(world.data_dir, world.home_id)
    first = world.client.post("/v1/enrol", json={"code": first_code, "device_id": "dev-lobby"})
    code = enrol_code(world.data_dir, world.home_id)
    second = world.client.post("/v1/enrol", headers=world.h(first.json()["device_token"]),
                               json={"code": code, "device_id": "dev-lobby"})
    assert second.status_code == 201
    again = world.client.post("/v1/enrol", json={"code": code, "device_id": "dev-lobby"})  # the answer was lost
    assert again.status_code == 201


# -- 4. malformed sealed stories --------------------------------------------------------------------

MALFORMED = {
    "a list": ["not", "a", "story"],
    "a string": "just words",
    "null": None,
    "a role that is a list": dict(GOOD, author_role=["relative"]),
    "tags that are a number": dict(GOOD, tags=5),
    "an unknown field": dict(GOOD, colour="red"),
    "60,000 characters": dict(GOOD, text="x" * 60_000),
    "no text": {k: v for k, v in GOOD.items() if k != "text"},
    "a route unlike its label": dict(GOOD, route="assisted"),
}


@pytest.mark.parametrize("what", MALFORMED)
def test_a_malformed_sealed_story_is_invalid_and_the_rest_of_the_batch_is_accepted(world, what):
    bad = with_story(world, MALFORMED[what], seq=1)
    good = make_submissions(world.public_key, world.device_id, 1, start_seq=2, prev_hash=bad["chain_hash"],
                            created_hour="2025-01-06T08:00:00+00:00")[0]
    found = results(world.submit([bad, good]))
    assert found[0][0] == "invalid" and found[0][1].endswith("."), found
    assert "x" * 50 not in found[0][1] and "just words" not in found[0][1]  # never quotes the story
    assert found[1] == ("accepted", None)
    shown = world.client.get(f"/v1/moderation/stories/{good['uuid']}", headers=world.mod)
    assert shown.status_code == 200 and shown.json()["story"]["content"]["text"] == "Test story number 2."


def test_a_30000_deep_sealed_json_does_not_500_the_batch(world):
    probe = sealed_submission(world, b"{}")
    deep = b"[" * 30_000 + b"]" * 30_000
    plaintext = (b'{"v":1,"uuid":"' + probe["uuid"].encode() + b'","device_id":"' + world.device_id.encode()
                 + b'","seq":1,"story":' + deep + b"}")
    bad = _reuuid(sealed_submission(world, plaintext), probe["uuid"], world)
    good = make_submissions(world.public_key, world.device_id, 1, start_seq=2, prev_hash=bad["chain_hash"],
                            created_hour="2025-01-06T08:00:00+00:00")[0]
    found = results(world.submit([bad, good]))
    assert found[0][0] == "invalid" and found[1] == ("accepted", None)


# -- 5. unchecked metadata ----------------------------------------------------------------------------

@pytest.mark.parametrize("hour", ["<script>alert(1)</script>", "2025-01-06", "2025-01-06T08:30:00+00:00",
                                  "２０２５-01-06T08:00:00+00:00", "2025-13-06T08:00:00+00:00",
                                  "2025-01-09T08:00:00+00:00"])  # three days ahead of the service's clock
def test_created_hour_must_be_a_past_iso_hour(world, hour):
    sub = make_submissions(world.public_key, world.device_id, 1, created_hour=hour)[0]
    [(result, reason)] = results(world.submit([sub]))
    assert result == "invalid" and "hour" in reason and "<script>" not in reason


def test_created_hour_allows_a_little_clock_skew(world):
    # the service's clock says 09:00; a kiosk a little ahead stamps 10:00
    sub = make_submissions(world.public_key, world.device_id, 1, created_hour="2025-01-06T10:00:00+00:00")[0]
    assert results(world.submit([sub])) == [("accepted", None)]


def test_a_published_story_carries_a_checked_date_and_at_most_10000_characters(world):
    sub = make_submissions(world.public_key, world.device_id, 1, created_hour="2025-01-06T08:00:00+00:00")[0]
    assert results(world.submit([sub])) == [("accepted", None)]
    too_long = world.decide(sub["uuid"], "publish", body="y" * 10_001)
    assert too_long.status_code == 422
    world.publish(sub["uuid"])
    [opinion] = world.client.get("/v1/public/opinions").json()["opinions"]
    assert opinion["dateOfSubmission"] == "2025-01-06T08:00:00+00:00"


# -- 4 (continued). a malformed story already stored is shown as such, never a 500 ------------------

def store_raw(world, story, *, seq: int = 1, device_id: str = "dev-before-the-fix") -> str:
    """Put a story straight into the service's database, as a service without these checks did."""
    story_uuid = str(uuidlib.uuid4())
    plaintext = json.dumps({"v": 1, "uuid": story_uuid, "device_id": device_id, "seq": seq,
                            "story": story}).encode()
    sealed = seal.seal(plaintext, world.public_key)
    at = "2025-01-06T08:30:00+00:00"
    with Database(database_target(world.data_dir)) as db, db.transaction() as conn:  # the test's backend
        conn.execute(insert(stories).values(
            uuid=story_uuid, device_id=device_id, home_id=world.home_id, seq=seq,
            ref=chain.reference_code(story_uuid), created_hour="<script>alert(1)</script>", route="kiosk",
            size=len(sealed), payload_sha256=hashlib.sha256(sealed).hexdigest(), prev_hash=chain.GENESIS,
            chain_hash=chain.GENESIS, sealed=sealed, received_at=at, status="received", status_at=at))
    return story_uuid


@pytest.mark.parametrize("what", ["a list", "a role that is a list", "tags that are a number", "60,000 characters"])
def test_a_malformed_story_already_stored_is_shown_as_malformed_and_cannot_be_published(world, what):
    story_uuid = store_raw(world, MALFORMED[what])
    shown = world.client.get(f"/v1/moderation/stories/{story_uuid}", headers=world.mod)
    assert shown.status_code == 200, shown.text
    story = shown.json()["story"]
    assert story["malformed"] and story["malformed"].endswith(".")
    listed = world.client.get("/v1/moderation/stories", headers=world.mod).json()["stories"]
    assert [s["malformed"] for s in listed if s["uuid"] == story_uuid] == [story["malformed"]]
    publish = world.decide(story_uuid, "publish")
    assert publish.status_code == 409 and "malformed" in publish.json()["error"]
    assert world.decide(story_uuid, "reject", reason="Malformed.").status_code == 200


# -- 6. integers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, params", [
    ("/v1/public/opinions", {"skip": str(2**63)}),
    ("/v1/public/opinions", {"skip": "9" * 40}),
    ("/v1/public/opinions", {"take": str(2**63)}),
    ("/v1/homes/{home}/events", {"after": str(2**63)}),
    ("/v1/homes/{home}/events", {"limit": str(2**64)}),
])
def test_integers_past_64_bits_are_422_not_500(world, path, params):
    r = world.client.get(path.format(home=world.home_id), params=params, headers=world.dev)
    assert r.status_code == 422, r.text
    assert list(r.json()) == ["error"]


@pytest.mark.parametrize("path, params", [
    ("/v1/public/opinions", {"skip": str(2**63 - 1)}),
    ("/v1/homes/{home}/events", {"after": str(2**63 - 1)}),
])
def test_the_largest_64_bit_integer_still_works(world, path, params):
    r = world.client.get(path.format(home=world.home_id), params=params, headers=world.dev)
    assert r.status_code == 200, r.text


# -- 7. text commands take ASCII digits only -------------------------------------------------------------

@pytest.mark.parametrize("body", ["GO 3\u066266", "GO \u0663\u0662\u0666\u0666", "REVIEW \uff13\uff12\uff16\uff16",
                                  "GO 32\u09e666"])
def test_a_reference_in_other_digits_is_not_a_command(body):
    assert text_replies.COMMAND.match(body) is None


def test_ascii_references_still_are():
    assert text_replies.COMMAND.match("go 3266").groups() == ("go", "3266")


# -- the 422 sentence names every problem -------------------------------------------------------------

def test_a_422_names_the_other_problems_too(world):
    r = world.client.post("/v1/enrol", json={"code": "", "device_id": "not ok!", "colour": "red"})
    assert r.status_code == 422
    message = r.json()["error"]
    assert "more problem" not in message
    assert "'code'" in message and "'device_id'" in message and "'colour'" in message
    assert message.endswith(".")


def test_a_422_with_very_many_problems_stays_one_short_sentence(world):
    subs = [{"uuid": f"u{i}"} for i in range(60)]
    r = world.submit(subs)
    assert r.status_code == 422
    message = r.json()["error"]
    assert len(message) < 600 and "more" in message


def test_brackets_inside_a_story_are_words_not_nesting(world):
    story = dict(GOOD, text="[" * 200 + " {{{{ " + "]" * 3)
    sub = make_submissions(world.public_key, world.device_id, 1, stories=[story],
                           created_hour="2025-01-06T08:00:00+00:00")[0]
    assert results(world.submit([sub])) == [("accepted", None)]


# -- other numbers read from outside take ASCII digits only too ------------------------------------------

@pytest.mark.parametrize("value", ["\u0661\u0662\u0660", "\uff11\uff12\uff10", "1_20", "1e3"])
def test_retry_after_takes_ascii_digits_only(value):
    from sync.retry import parse_retry_after

    assert parse_retry_after(value) is None
    assert parse_retry_after("120") == 120


@pytest.mark.parametrize("setting", ['status_listen = "127.0.0.1:\u0668\u0664\u0667\u0661"',
                                     'quiet_start = "\u0662\u0661:00"'])
def test_notifier_settings_take_ascii_digits_only(ck_home, setting):
    from print_notices.notifier.config import NotifySettings
    from sync.errors import UserError

    (ck_home / "carekiosk.toml").write_text(f"[notify]\n{setting}\n")
    with pytest.raises(UserError):
        NotifySettings.load()
