"""Several service instances on one database give the same answers as one: the same story sent to
two at once is stored once, two decisions on one story race safely (one wins, the other is told
409), the 72-hour go-ahead runs once, and a reader with a cursor never misses or repeats an event,
even when the transactions that wrote them try to commit out of order.

Each "instance" is a :class:`Service` with its own engine and connection pool, as a separate
``carekiosk serve`` process has (test_server_failover.py runs real processes). To make a race
happen every time rather than by luck, one instance's transaction is held open at the crucial
moment while the other one runs.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from typing import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from sync.server import migrations
from sync.server.app import create_app
from sync.server.db import Database
from sync.server.domain import auth, events, lifecycle, submissions
from sync.server.models import Submission
from sync.server.schema import events as events_table
from sync.server.schema import history, metadata, stories
from sync.server.service import Service
from tests.support.service import enrol_code, make_submissions

BLOCKED_FOR = 0.6  # how long a waiting instance is watched to show that it waits


class Held:
    """A transaction on one instance, run in a thread and kept open until :meth:`release`."""

    def __init__(self, db: Database, work: Callable):
        self.db, self.work = db, work
        self.ready, self.go = threading.Event(), threading.Event()
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(20), "the held transaction did not get going"
        if self.error:
            raise self.error

    def _run(self) -> None:
        try:
            with self.db.transaction() as conn:
                self.result = self.work(conn)
                self.ready.set()
                self.go.wait(30)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            self.error = exc
            self.ready.set()

    def release(self):
        self.go.set()
        self.thread.join(20)
        if self.error:
            raise self.error
        return self.result


class Later:
    """A call on the other instance, in a thread, so the test can watch it wait."""

    def __init__(self, fn: Callable):
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run, args=(fn,), daemon=True)
        self.thread.start()

    def _run(self, fn):
        try:
            self.result = fn()
        except BaseException as exc:  # noqa: BLE001
            self.error = exc

    def waiting(self) -> bool:
        self.thread.join(BLOCKED_FOR)
        return self.thread.is_alive()

    def done(self):
        self.thread.join(30)
        assert not self.thread.is_alive(), "the second instance never finished"
        if self.error:
            raise self.error
        return self.result


@pytest.fixture
def second(world) -> Iterator[Service]:
    """A second instance over the same data folder and database."""
    svc = Service.open(world.data_dir, clock=world.clock)
    yield svc
    svc.close()


def principal(svc: Service, token: str) -> auth.Principal:
    with svc.db.read() as conn:
        return auth.lookup(conn, token)


def feed(world, after: int) -> tuple[list[dict], int]:
    doc = world.events(after=after)
    return doc["events"], doc["next_cursor"]


def count(world, query) -> int:
    with world.database() as db, db.read() as conn:
        return conn.execute(query).scalar_one()


# -- one story, two instances ------------------------------------------------------------------

def test_the_same_story_sent_to_two_instances_at_once_is_stored_once(world, second, backend):
    first = world.client.app.state.service
    subs = world.stories(2)
    models = [Submission(**s) for s in subs]
    who = principal(first, world.device_token)
    # instance one has stored the batch but not committed; instance two gets the same batch now
    held = Held(first.db, lambda conn: submissions.process_batch(conn, who, models, private_key=first.keys.private,
                                                                  now=world.clock()))
    later = Later(lambda: second.submit(who, models))
    assert later.waiting()  # PostgreSQL: its insert waits on the uuid; SQLite: on the write lock
    assert [r["result"] for r in held.release()] == ["accepted", "accepted"]
    assert [r["result"] for r in later.done()] == ["duplicate", "duplicate"]
    uuids = [s["uuid"] for s in subs]
    assert count(world, select(func.count()).select_from(stories).where(stories.c.uuid.in_(uuids))) == 2
    received = [e for e in world.events()["events"] if e["type"] == "story_received"]
    assert sorted(e["story_uuid"] for e in received) == sorted(uuids)  # one event each, not two


def test_many_devices_racing_into_two_instances_store_every_story_once(world, second):
    """No holding back this time: 8 devices each send the same batch to both instances at once."""
    first = world.client.app.state.service
    devices = []
    for n in range(8):
        token = world.client.post("/v1/enrol", json={"code": _code(world), "device_id": f"race-{n}"}).json()
        subs = [Submission(**s) for s in make_submissions(world.public_key, f"race-{n}", 3)]
        devices.append((principal(first, token["device_token"]), subs))
    start = threading.Barrier(16)
    answers: list[list[str]] = []
    errors: list[BaseException] = []

    def send(svc, who, subs):
        try:
            start.wait(10)
            answers.append([r["result"] for r in svc.submit(who, subs)])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(svc, who, subs)) for who, subs in devices for svc in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(answers) == 16 and all(set(a) <= {"accepted", "duplicate"} for a in answers)
    assert sum(a.count("accepted") for a in answers) == 8 * 3  # each story accepted exactly once
    n = count(world, select(func.count()).select_from(stories).where(stories.c.device_id.like("race-%")))
    assert n == 8 * 3


def _code(world) -> str:
    return enrol_code(world.data_dir, world.home_id)


# -- decisions ---------------------------------------------------------------------------------

def test_two_moderators_deciding_at_once_one_wins_the_other_is_told(world, second):
    uuid = world.accepted(1)[0]["uuid"]
    first = world.client.app.state.service
    held = Held(first.db, lambda conn: lifecycle.moderate(conn, uuid, "publish", private_key=first.keys.private,
                                                          now=world.clock(), actor="moderator:one"))
    other = TestClient(create_app(world.data_dir, service=second))
    later = Later(lambda: other.post(f"/v1/moderation/stories/{uuid}/decision", json={"action": "reject",
                                     "reason": "Names a resident."}, headers=world.mod))
    assert later.waiting()  # it waits for the first decision's row lock
    assert held.release()["status"] == "awaiting_provider"
    lost = later.done()
    assert lost.status_code == 409 and "already awaiting provider" in lost.json()["error"]
    types = [e["type"] for e in world.events()["events"]]
    assert types.count("awaiting_provider") == 1 and "rejected" not in types


def test_a_provider_deciding_on_two_instances_at_once_decides_once(world, second):
    uuid = world.accepted(1)[0]["uuid"]
    assert world.decide(uuid, "publish").status_code == 200
    first = world.client.app.state.service
    held = Held(first.db, lambda conn: lifecycle.provider_decide(conn, uuid, "go_ahead", now=world.clock(),
                                                                 actor="provider:one"))
    other = TestClient(create_app(world.data_dir, service=second))
    later = Later(lambda: other.post(f"/v1/provider/stories/{uuid}/decision", json={"decision": "request_review"},
                                     headers=world.prov))
    assert later.waiting()
    assert held.release()["status"] == "published"
    lost = later.done()
    assert lost.status_code == 409 and "already published" in lost.json()["error"]
    assert [e["type"] for e in world.events()["events"]].count("published") == 1


# -- the 72-hour go-ahead ---------------------------------------------------------------------

def lapsed_rows(world) -> int:
    return count(world, select(func.count()).select_from(history).where(history.c.action == "lapsed"))


def test_the_lapse_runs_once_when_two_instances_find_it_due_together(world, second):
    uuid = world.accepted(1)[0]["uuid"]
    world.decide(uuid, "publish")
    world.clock.advance(hours=73)
    first = world.client.app.state.service
    held = Held(first.db, lambda conn: lifecycle.apply_lapses(conn, world.clock()))
    later = Later(lambda: _lapse_in_transaction(second, world.clock()))
    assert held.release() == [uuid]
    assert later.done() == []  # PostgreSQL: the row was locked, so skipped; SQLite: found already done
    assert lapsed_rows(world) == 1
    assert [e["story_uuid"] for e in world.events()["events"] if e["type"] == "published"] == [uuid]


def _lapse_in_transaction(svc: Service, now):
    with svc.db.transaction() as conn:
        return lifecycle.apply_lapses(conn, now)


def test_a_lapse_and_a_provider_decision_at_once_make_one_outcome(world, second):
    uuid = world.accepted(1)[0]["uuid"]
    world.decide(uuid, "publish")
    world.clock.advance(hours=73)
    first = world.client.app.state.service
    # the provider's click holds the story; the other instance's lapse must leave it alone
    held = Held(first.db, lambda conn: lifecycle.provider_decide(conn, uuid, "request_review", now=world.clock(),
                                                                 actor="provider:one"))
    later = Later(lambda: _lapse_in_transaction(second, world.clock()))
    held.release()
    assert later.done() == []  # PostgreSQL: skipped the held row at once; SQLite: waited, then not due
    second.lapse()
    story = world.client.get(f"/v1/moderation/stories/{uuid}", headers=world.mod).json()["story"]
    assert story["status"] == "in_moderation" and story["review_requested"]
    assert lapsed_rows(world) == 0


def test_lapse_storm_across_instances_publishes_each_story_once(world, second):
    uuids = [s["uuid"] for s in world.accepted(4)]
    for uuid in uuids:
        world.decide(uuid, "publish")
    world.clock.advance(hours=73)
    first = world.client.app.state.service
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def go(svc):
        try:
            start.wait(10)
            svc.lapse()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(svc,)) for svc in (first, second) * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert lapsed_rows(world) == 4
    published = [e["story_uuid"] for e in world.events()["events"] if e["type"] == "published"]
    assert sorted(published) == sorted(uuids)


# -- the event feed ---------------------------------------------------------------------------

def emit_one(home_id: str, now, tag: str):
    def work(conn):
        return events.emit(conn, home_id, "author_update", now=now, data={"tag": tag})
    return work


def test_events_whose_transactions_try_to_commit_out_of_order_are_never_skipped(world, second):
    """Transaction one adds an event and stays open; transaction two (another instance) adds one and
    tries to commit first. It has to wait: so the reader, polling all along, sees one then two."""
    _, cursor = feed(world, 0)
    first = world.client.app.state.service
    held = Held(first.db, emit_one(world.home_id, world.clock(), "one"))
    later = Later(lambda: _emit_in(second, world.home_id, world.clock(), "two"))
    seen: list[dict] = []
    assert later.waiting()  # two waits for one's lock on the home's feed head
    got, cursor = feed(world, cursor)
    seen += got
    assert got == []  # nothing is visible yet, and nothing has been skipped
    id_one = held.release()
    id_two = later.done()
    assert id_one < id_two  # numbered in the order they committed
    while True:
        got, cursor = feed(world, cursor)
        if not got:
            break
        seen += got
    assert [e["data"]["tag"] for e in seen] == ["one", "two"]


def _emit_in(svc: Service, home_id: str, now, tag: str) -> int:
    with svc.db.transaction() as conn:
        return emit_one(home_id, now, tag)(conn)


@pytest.mark.postgresql_only
def test_a_plain_sequence_would_skip_an_event_the_feed_does_not(world, second):
    """The hazard the feed's head lock exists for, shown with two bare inserts that skip it: number
    n+1 commits first, the reader moves past it, and n arrives behind the reader's cursor."""
    _, cursor = feed(world, 0)
    first = world.client.app.state.service
    row = dict(home_id=world.home_id, type="author_update", at="2025-01-06T09:00:00+00:00", data_json="{}")
    one = Held(first.db, lambda conn: conn.execute(insert(events_table).values(**row)).inserted_primary_key[0])
    with second.db.transaction() as conn:
        two = conn.execute(insert(events_table).values(**row)).inserted_primary_key[0]
    got, cursor = feed(world, cursor)
    assert [e["cursor"] for e in got] == [two] and cursor == two
    one_id = one.release()
    assert one_id < two
    assert feed(world, cursor)[0] == []  # event one_id is behind the cursor: this reader never sees it


def test_a_reader_polling_while_two_instances_write_sees_every_event_once_in_order(world, second):
    first = world.client.app.state.service
    _, cursor = feed(world, 0)
    writers, per_writer = 6, 8
    done = threading.Event()
    errors: list[BaseException] = []

    def write(svc: Service, w: int):
        try:
            for i in range(per_writer):
                with svc.db.transaction() as conn:
                    events.emit(conn, world.home_id, "author_update", now=world.clock(), data={"tag": f"{w}-{i}"})
                    time.sleep(0.003 * ((w + i) % 3))  # commit a little later, sometimes
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=((first, second)[w % 2], w)) for w in range(writers)]
    for t in threads:
        t.start()
    seen: list[dict] = []
    while True:
        finished = all(not t.is_alive() for t in threads)
        got, cursor = feed(world, cursor)
        seen += got
        if finished and not got:
            break
        done.wait(0.002)
    assert not errors, errors
    tags = [e["data"]["tag"] for e in seen if e["type"] == "author_update"]
    assert sorted(tags) == sorted(f"{w}-{i}" for w in range(writers) for i in range(per_writer))  # none missed
    assert len(tags) == len(set(tags))  # none twice
    cursors = [e["cursor"] for e in seen]
    assert cursors == sorted(cursors)


# -- migrations on PostgreSQL -----------------------------------------------------------------

@pytest.mark.postgresql_only
def test_several_instances_opening_one_empty_postgresql_database_migrate_it_once(backend):
    url = backend.cluster.create_database()
    code = "from sync.server.db import Database; Database(%r).close(); print('ok')" % url
    try:
        procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and out.strip() == "ok", err
        db = Database(url)
        try:
            with db.read() as conn:
                assert migrations.state(conn) == ("alembic", migrations.head())
                from alembic.autogenerate import compare_metadata
                from alembic.runtime.migration import MigrationContext

                context = MigrationContext.configure(conn, opts={"compare_type": True})
                # indexes on expressions are reflected in PostgreSQL's own words, so they are compared by name below
                expression_indexes = {"stories_public", "stories_public_home"}
                diffs = [d for d in compare_metadata(context, metadata)
                         if not (d[0] in ("add_index", "remove_index") and d[1].name in expression_indexes)]
                assert diffs == []
                indexes = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename = "
                                                              "'stories'")}
                assert {"stories_public", "stories_public_home", "stories_deadline"} <= indexes
        finally:
            db.close()
    finally:
        backend.cluster.drop_database(url.rsplit("/", 1)[1])


def test_story_numbers_up_to_the_api_limit_are_stored(world):
    token = world.client.post("/v1/enrol", json={"code": _code(world), "device_id": "big-numbers"}).json()
    [sub] = make_submissions(world.public_key, "big-numbers", 1, start_seq=2**40)
    r = world.submit([sub], token=token["device_token"])
    assert r.status_code == 200 and r.json()["results"][0]["result"] == "accepted"
    report = world.client.get("/v1/devices/big-numbers/integrity", headers=world.h(token["device_token"])).json()
    assert report["highest_seq"] == 2**40 and len(report["missing"]) == 1000  # the listing is capped
