"""An author's own update, end to end against the real service (``carekiosk serve`` on 127.0.0.1), on
SQLite and PostgreSQL: a real enrolled device store seals a story with its reply code, the story is
moderated and published, the device learns of it from the feed, the author's update is sealed and
queued, the service checks its reply code against the one inside the sealed story, holds it sealed
for the moderator, and once posted it comes back to the device as the author's voice under the story.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.lobby import find
from sync import reply_code, update_outbox
from sync.author_update import AuthorUpdate
from sync.profile import open_store
from sync.runner import EXIT_OK, run_sync
from sync.server.db import Database, database_target
from sync.story import Story
from tests.support.service import running_service

pytestmark = pytest.mark.slow

FAST_CONFIG = "[sync]\nbatch_size = 100\nconnect_timeout = 2\nread_timeout = 5\nbackoff_base = 0.02\nbackoff_cap = 0.2\n"
WORDS = "Since I wrote, the garden door has been fixed and mum goes out every morning."


@pytest.fixture(scope="module")
def service(tmp_path_factory, module_backend):
    with running_service(tmp_path_factory.mktemp("service"), database_url=module_backend.url) as svc:
        yield svc


def _enrolled(service, ck_home, name="Rose House"):
    home = service.add_home(name)
    result = CliRunner().invoke(main, ["enrol", "--server", service.url, "--code", service.enrol_code(home), "--json"])
    assert result.exit_code == 0, result.output
    (ck_home / "carekiosk.toml").write_text(FAST_CONFIG)
    return home, open_store()


def _publish(service, uuid: str, home: str) -> None:
    mod = {"Authorization": f"Bearer {service.moderator_key()}"}
    prov = {"Authorization": f"Bearer {service.provider_key(home)}"}
    r = httpx.post(f"{service.url}/v1/moderation/stories/{uuid}/decision",
                   json={"action": "publish", "criticality": 1}, headers=mod, timeout=10)
    assert r.status_code == 200, r.text
    r = httpx.post(f"{service.url}/v1/provider/stories/{uuid}/decision", json={"decision": "go_ahead"},
                   headers=prov, timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "published", r.text


def _update_rows(service) -> list[dict]:
    from sqlalchemy import select

    from sync.server.schema import author_updates

    with Database(database_target(service.data_dir, service.database_url)) as db, db.read() as conn:
        return [dict(r) for r in conn.execute(select(author_updates)).mappings()]


@pytest.fixture
def published(service, ck_home):
    """(home id, device store, the published story's ref and uuid, its reply code)."""
    home, store = _enrolled(service, ck_home)
    code = reply_code.new_code()
    added = store.add_story(Story(text="The garden door is always locked.", author_role="relative", reply_code=code))
    assert run_sync(store).exit_code == EXIT_OK
    _publish(service, added.uuid, home)
    assert run_sync(store).exit_code == EXIT_OK
    yield home, store, added, code
    store.close()


def _update(added, code, text=WORDS) -> AuthorUpdate:
    return AuthorUpdate(story_uuid=added.uuid, story_ref=added.ref, reply_code=code, text=text)


def test_an_update_with_the_right_code_is_held_sealed_then_posted_under_the_story(service, published):
    home, store, added, code = published
    lookup = find(store, added.ref)
    assert lookup.state == "public" and lookup.story.uuid == added.uuid
    mine = update_outbox.add_update(store, _update(added, code))
    assert WORDS.encode() not in store.conn.execute("SELECT sealed FROM updates").fetchone()[0]

    report = run_sync(store)
    assert report.exit_code == EXIT_OK and report.updates_sent == 1, report.summary()
    assert update_outbox.summary(store)["acknowledged"] == 1
    row = next(r for r in _update_rows(service) if r["uuid"] == mine)
    assert row["status"] == "held" and row["story_uuid"] == added.uuid
    assert WORDS.encode() not in bytes(row["sealed"])  # held sealed, as it arrived

    mod = {"Authorization": f"Bearer {service.moderator_key()}"}
    held = httpx.get(service.url + "/v1/moderation/updates", headers=mod, timeout=10).json()["updates"]
    assert [(u["id"], u["ref"], u["body"]) for u in held if u["id"] == mine] == [(mine, added.ref, WORDS)]
    # nobody but the moderator sees it before it is posted, and nobody ever sees the reply code
    detail = httpx.get(f"{service.url}/v1/moderation/stories/{added.uuid}", headers=mod, timeout=10).json()
    assert "reply_code" not in detail["story"]["content"] and code not in json.dumps(detail)
    assert WORDS not in httpx.get(f"{service.url}/v1/homes/{home}/events", timeout=10,
                                  headers={"Authorization": f"Bearer {service.provider_key(home)}"}).text

    r = httpx.post(f"{service.url}/v1/moderation/updates/{mine}", json={"action": "post"}, headers=mod, timeout=10)
    assert r.status_code == 200 and r.json()["update"]["status"] == "posted", r.text
    assert next(r for r in _update_rows(service) if r["uuid"] == mine)["sealed"] is None  # words now public only
    again = httpx.post(f"{service.url}/v1/moderation/updates/{mine}", json={"action": "post"}, headers=mod, timeout=10)
    assert again.status_code == 409

    assert run_sync(store).exit_code == EXIT_OK
    voices = find(store, added.ref).story.voices
    assert [(v.kind, v.body) for v in voices] == [("author", WORDS)]
    public = httpx.get(service.url + "/v1/public/opinions", timeout=10).json()
    assert WORDS in json.dumps(public)


def test_a_resent_update_is_a_duplicate_and_other_bytes_under_its_uuid_a_conflict(service, published):
    home, store, added, code = published
    mine = update_outbox.add_update(store, _update(added, code))
    row = update_outbox.sendable(store)[0]
    body = update_outbox.submission(row)
    token = store.device().token
    headers = {"Authorization": f"Bearer {token}"}
    first = httpx.post(service.url + "/v1/updates", json={"updates": [body]}, headers=headers, timeout=10).json()
    second = httpx.post(service.url + "/v1/updates", json={"updates": [body]}, headers=headers, timeout=10).json()
    assert [first["results"][0]["result"], second["results"][0]["result"]] == ["accepted", "duplicate"]
    other_uuid = update_outbox.add_update(store, _update(added, code, "Something else."))
    other = update_outbox.submission(next(r for r in update_outbox.sendable(store) if r["uuid"] == other_uuid))
    forged = {**other, "uuid": mine}
    r = httpx.post(service.url + "/v1/updates", json={"updates": [forged]}, headers=headers, timeout=10).json()
    assert r["results"][0]["result"] in ("conflict", "invalid")  # sealed under another uuid: never stored
    assert sum(1 for u in _update_rows(service) if u["uuid"] == mine) == 1
    assert run_sync(store).exit_code == EXIT_OK  # the device's own copy: duplicate, then off the queue
    assert update_outbox.summary(store)["pending"] == 0


def test_a_wrong_code_is_refused_and_five_wrong_codes_lock_the_story(service, published):
    home, store, added, code = published
    wrong = [c for c in (reply_code.new_code() for _ in range(50)) if c != code][:reply_code.MAX_WRONG]
    for guess in wrong:
        update_outbox.add_update(store, _update(added, guess, "A guess."))
    report = run_sync(store)
    assert report.exit_code == EXIT_OK and report.updates_sent == reply_code.MAX_WRONG
    assert update_outbox.summary(store)["refused"] == reply_code.MAX_WRONG
    refused = [r for r in _update_rows(service) if r["target_uuid"] == added.uuid]
    assert {r["status"] for r in refused} == {"refused"} and all(r["sealed"] is None for r in refused)
    # now even the right code is refused: guessing stops here (the moderator can still post for the author)
    update_outbox.add_update(store, _update(added, code))
    assert run_sync(store).exit_code == EXIT_OK
    assert update_outbox.summary(store)["refused"] == reply_code.MAX_WRONG + 1
    assert not [r for r in _update_rows(service) if r["target_uuid"] == added.uuid and r["status"] == "held"]


def test_an_update_for_another_homes_story_or_an_unpublished_one_is_refused_alike(service, published, ck_home,
                                                                                tmp_path, monkeypatch):
    home, store, added, code = published
    waiting_code = reply_code.new_code()
    waiting = store.add_story(Story(text="Still with the moderator.", author_role="resident",
                                    reply_code=waiting_code))
    assert run_sync(store).exit_code == EXIT_OK
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    monkeypatch.setenv("CAREKIOSK_HOME", str(other_folder))
    _, other = _enrolled(service, other_folder, "Elm House")
    try:
        update_outbox.add_update(other, _update(added, code))  # the right code, from another home's kiosk
        assert run_sync(other).exit_code == EXIT_OK
        update_outbox.add_update(store, _update(waiting, waiting_code))  # not published yet
        update_outbox.add_update(store, AuthorUpdate(story_uuid=added.uuid, story_ref="9999", reply_code=code,
                                                     text=WORDS))  # the reference does not match
        monkeypatch.setenv("CAREKIOSK_HOME", str(ck_home))
        assert run_sync(store).exit_code == EXIT_OK
        rows = {r["result"]: r["last_error"] for r in store.query("SELECT result, last_error FROM updates")}
        other_rows = other.query("SELECT result, last_error FROM updates")
        assert set(rows) == {"refused"} and [r["result"] for r in other_rows] == ["refused"]
        assert len({*rows.values(), other_rows[0]["last_error"]}) == 1  # one reason: nothing told apart
        assert not [r for r in _update_rows(service) if r["status"] == "held"
                    and r["story_uuid"] in (added.uuid, waiting.uuid)]
    finally:
        other.close()


@pytest.mark.parametrize("change, reason", [
    (lambda s: {**s, "sealed": "not base64!"}, "base64"),
    (lambda s: {**s, "size": s["size"] + 1}, "size"),
    (lambda s: {**s, "payload_sha256": "0" * 64}, "hash"),
    (lambda s: {**s, "sealed": base64.b64encode(b"x" * 100).decode(), "size": 100}, None),
])
def test_a_damaged_update_is_invalid_never_a_500(service, published, change, reason):
    home, store, added, code = published
    update_outbox.add_update(store, _update(added, code))
    sub = update_outbox.submission(update_outbox.sendable(store)[0])
    headers = {"Authorization": f"Bearer {store.device().token}"}
    r = httpx.post(service.url + "/v1/updates", json={"updates": [change(sub)]}, headers=headers, timeout=10)
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["result"] == "invalid" and (reason is None or reason in result["reason"])
    bad = httpx.post(service.url + "/v1/updates", json={"updates": [{"uuid": "x"}]}, headers=headers, timeout=10)
    assert bad.status_code == 422


def test_the_cli_lists_and_posts_held_updates(service, published):
    home, store, added, code = published
    mine = update_outbox.add_update(store, _update(added, code))
    assert run_sync(store).exit_code == EXIT_OK
    args = ["--data-dir", str(service.data_dir)] + (["--database-url", service.database_url]
                                                      if service.database_url else [])
    listed = CliRunner().invoke(main, ["moderate", "updates", *args])
    assert listed.exit_code == 0 and mine in listed.output and WORDS in listed.output, listed.output
    posted = CliRunner().invoke(main, ["moderate", "post-update", mine, *args])
    assert posted.exit_code == 0 and "posted" in posted.output, posted.output
    again = CliRunner().invoke(main, ["moderate", "reject-update", mine, *args])
    assert again.exit_code != 0 and "already posted" in again.output and "Traceback" not in again.output


def test_an_update_travels_in_the_usb_bundle_and_the_device_clears_it_on_its_next_sync(service, published,
                                                                                     tmp_path):
    home, store, added, code = published
    mine = update_outbox.add_update(store, _update(added, code))
    bundle = tmp_path / "usb.ckb"
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(bundle)]).exit_code == 0
    assert WORDS.encode() not in bundle.read_bytes()
    token = store.device().token
    args = ["import", str(bundle), "--server", service.url, "--token", token, "--json"]

    altered = tmp_path / "altered.ckb"
    doc = json.loads(bundle.read_text())
    doc["updates"][0]["size"] += 1
    altered.write_text(json.dumps(doc))
    refused = runner.invoke(main, ["import", str(altered), "--server", service.url, "--token", token])
    assert refused.exit_code == 9 and "nothing was imported" in refused.output

    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["updates_sent"] == 1
    assert [r["status"] for r in _update_rows(service) if r["uuid"] == mine] == ["held"]
    assert runner.invoke(main, args).exit_code == 0  # again: a duplicate, nothing new
    assert sum(r["uuid"] == mine for r in _update_rows(service)) == 1
    assert update_outbox.summary(store)["pending"] == 1  # the device still waits for its own answer
    assert run_sync(store).exit_code == EXIT_OK
    assert update_outbox.summary(store) == {**update_outbox.summary(store), "pending": 0, "acknowledged": 1}


def test_status_counts_authors_updates_waiting(service, published):
    home, store, added, code = published
    update_outbox.add_update(store, _update(added, code))
    shown = CliRunner().invoke(main, ["status", "--json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["updates_pending"] == 1
    assert "Authors' updates waiting" in CliRunner().invoke(main, ["status"]).output
    assert run_sync(store).exit_code == EXIT_OK
    assert json.loads(CliRunner().invoke(main, ["status", "--json"]).output)["updates_pending"] == 0


# -- races between two service instances, the lock's window, and the device's held updates -----------

def _domain(service, store, home):
    from sync.server.domain.auth import Principal
    from sync.server.keys import load_or_create

    device = store.device()
    principal = Principal(role="device", key_id="test", device_id=device.device_id, home_ids=frozenset({home}))
    return principal, load_or_create(service.data_dir, create=False).private


def _in_two_transactions(service, first, second):
    """``first(conn)`` in a transaction kept open while ``second(conn)`` starts in another (as two
    instances of the service would); then ``first`` commits. Returns (first's, second's) answer."""
    import threading
    import time

    out: dict = {}
    started = threading.Event()

    def other():
        with Database(database_target(service.data_dir, service.database_url)) as db:
            started.set()
            try:
                with db.transaction() as conn:
                    out["second"] = second(conn)
            except Exception as exc:  # the answer the route would turn into HTTP
                out["second"] = exc

    with Database(database_target(service.data_dir, service.database_url)) as db, db.transaction() as conn:
        out["first"] = first(conn)
        thread = threading.Thread(target=other)
        thread.start()
        started.wait(5)
        time.sleep(0.5)  # the other transaction is now waiting for this one's lock
    thread.join(30)
    assert not thread.is_alive()
    return out["first"], out["second"]


@pytest.mark.parametrize("right_code", [True, False])
def test_two_instances_receiving_one_update_store_it_once(service, published, right_code):
    from datetime import datetime, timezone

    from sync.server.domain import author_updates

    home, store, added, code = published
    wrong = next(c for c in iter(reply_code.new_code, None) if c != code)
    mine = update_outbox.add_update(store, _update(added, code if right_code else wrong))
    sub = update_outbox.submission(update_outbox.sendable(store)[0])
    principal, key = _domain(service, store, home)
    now = datetime.now(timezone.utc)

    def receive(conn):
        return author_updates.receive(conn, principal, [sub], private_key=key, now=now)[0]["result"]

    first, second = _in_two_transactions(service, receive, receive)
    assert (first, second) == ("accepted" if right_code else "refused", "duplicate")
    assert [r["status"] for r in _update_rows(service) if r["uuid"] == mine] == ["held" if right_code else "refused"]


def test_two_moderators_posting_one_update_post_it_once(service, published):
    from datetime import datetime, timezone

    from sync.server.domain import author_updates
    from sync.server.errors import ApiError

    home, store, added, code = published
    mine = update_outbox.add_update(store, _update(added, code))
    assert run_sync(store).exit_code == EXIT_OK
    _, key = _domain(service, store, home)

    def post(conn):
        return author_updates.decide(conn, mine, "post", private_key=key, now=datetime.now(timezone.utc),
                                     actor="moderator:test")

    first, second = _in_two_transactions(service, post, post)
    assert first["status"] == "posted"
    assert isinstance(second, ApiError) and second.status == 409
    assert run_sync(store).exit_code == EXIT_OK
    assert [v.kind for v in find(store, added.ref).story.voices] == ["author"]  # one update, not two


def test_the_lock_after_five_wrong_codes_lasts_a_day_and_counts_only_wrong_codes(service, published):
    from datetime import datetime, timedelta, timezone

    from sync.server.domain import author_updates

    home, store, added, code = published
    principal, key = _domain(service, store, home)
    start = datetime.now(timezone.utc)

    def send(update: AuthorUpdate, at: datetime) -> str:
        update_outbox.add_update(store, update)
        sub = update_outbox.submission(update_outbox.sendable(store)[-1])
        with Database(database_target(service.data_dir, service.database_url)) as db, db.transaction() as conn:
            result = author_updates.receive(conn, principal, [sub], private_key=key, now=at)[0]["result"]
        update_outbox.record(store, {sub["uuid"]: (result, None)})
        return result

    wrong = [c for c in (reply_code.new_code() for _ in range(60)) if c != code]
    # a wrong reference, with the right code, says nothing about the code: never counted
    for _ in range(reply_code.MAX_WRONG + 1):
        assert send(AuthorUpdate(story_uuid=added.uuid, story_ref="0000", reply_code=code, text=WORDS),
                    start) == "refused"
    for i in range(reply_code.MAX_WRONG):
        assert send(_update(added, wrong[i]), start + timedelta(minutes=i)) == "refused"
    assert send(_update(added, code), start + timedelta(hours=23)) == "refused"  # locked
    assert send(_update(added, code), start + timedelta(hours=24, minutes=5)) == "accepted"  # a day on


def test_held_updates_exit_7_and_retry_held_sends_every_one_of_them(service, published):
    from sync.runner import EXIT_HELD
    from sync.seal import b64

    home, store, added, code = published
    from nacl.public import PrivateKey

    right_key = store.device().public_key
    store.set_public_key(b64(bytes(PrivateKey.generate().public_key)))  # sealed to a key the service lacks
    for _ in range(60):
        update_outbox.add_update(store, _update(added, code))
    store.set_public_key(right_key)
    report = run_sync(store)
    assert report.exit_code == EXIT_HELD and report.updates_held == 60, report.summary()
    assert update_outbox.summary(store)["held"] == 60
    assert run_sync(store).updates_held == 0  # not sent again by itself
    again = run_sync(store, retry_held=True)
    assert again.updates_held == 60, again.summary()  # all 60, past the first batch of 50
    assert {r["attempts"] for r in store.query("SELECT attempts FROM updates")} == {2}
