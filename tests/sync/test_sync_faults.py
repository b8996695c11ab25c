"""run_sync against the fault-injecting stand-in service: nothing lost, nothing duplicated, backoff observed."""

from __future__ import annotations

from collections import Counter

from sync import outcomes
from sync.runner import EXIT_AUTH, EXIT_HELD, EXIT_OK, EXIT_REFUSED, EXIT_UNREACHABLE, run_sync


def _assert_all_once(service, added):
    counts = Counter(service.accept_log)
    assert set(counts) == {a.uuid for a in added}, "a story was lost"
    assert max(counts.values()) == 1, "a story was accepted twice"


def test_sync_survives_every_fault_kind(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 230)
    fake_service.fail("500", ("429", 7), "slow", "reset", "html", "truncated", "reset_before", "503",
                      "redirect")
    report = run_sync(enrolled_store, sleep=no_sleep, batch_size=40, max_attempts=12)
    assert report.exit_code == EXIT_OK, report.error
    _assert_all_once(fake_service, added)
    assert enrolled_store.status()["pending"] == 0
    assert outcomes.outbox_summary(enrolled_store) == {"pending": 0, "held": 0, "acknowledged": 230, "not_sent": 0}
    # every fault cost one retry and one backoff wait; Retry-After was honoured
    assert report.retries == 9
    assert len(no_sleep.waits) == 9
    assert 7 in no_sleep.waits or any(w >= 7 for w in no_sleep.waits)
    assert all(0 <= w <= 0.05 for w in no_sleep.waits if w < 7)
    # stories the service stored but whose answer was lost came back as duplicates, not second copies
    assert report.accepted + report.duplicate >= 230
    assert report.duplicate >= 1


def test_backoff_grows_and_is_capped(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 3)
    fake_service.fail(*["500"] * 7)
    from sync.retry import Backoff
    import random

    class Top(random.Random):  # always the top of the jitter range, to see the envelope
        def uniform(self, a, b):
            return b

    report = run_sync(enrolled_store, sleep=no_sleep, max_attempts=10,
                      backoff=Backoff(base=0.1, cap=1.0, rng=Top()))
    assert report.exit_code == EXIT_OK
    assert no_sleep.waits == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]


def test_gives_up_after_max_attempts_and_keeps_stories(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 5)
    fake_service.fail(*["500"] * 20)
    report = run_sync(enrolled_store, sleep=no_sleep, max_attempts=4)
    assert report.exit_code == EXIT_UNREACHABLE
    assert "gave up after 4 tries" in report.error
    assert fake_service.story_requests() == 4
    assert len(no_sleep.waits) == 3
    assert enrolled_store.status()["pending"] == 5
    rows = enrolled_store.pending(10)
    assert all(r["attempts"] == 4 for r in rows)
    # a later run picks them up
    fake_service.faults.clear()
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_OK and enrolled_store.status()["pending"] == 0


def test_long_retry_after_stops_the_run(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 2)
    fake_service.fail(("429", 3600))
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_UNREACHABLE
    assert "3600" in report.error
    assert no_sleep.waits == []


def test_captive_portal_200_is_never_success(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 4)
    fake_service.fail(*["html"] * 10)
    report = run_sync(enrolled_store, sleep=no_sleep, max_attempts=3)
    assert report.exit_code == EXIT_UNREACHABLE
    assert "Wi-Fi login page" in report.error
    assert enrolled_store.status()["acknowledged"] == 0


def test_401_stops_the_run_at_once(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 250)
    fake_service.tokens.clear()
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_AUTH
    assert "enrol again" in report.error
    assert fake_service.story_requests() == 1
    assert no_sleep.waits == []
    assert enrolled_store.status()["pending"] == 250
    assert enrolled_store.pending(1)[0]["attempts"] == 1


def test_403_stops_the_run(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 2)
    fake_service.fail("403")
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_AUTH and "refused this device" in report.error
    assert len(fake_service.requests) == 1


def test_conflict_and_invalid_are_held_for_a_person(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 6)
    fake_service.answers[added[1].uuid] = ("conflict", "a different story already has this id")
    fake_service.answers[added[4].uuid] = ("invalid", "chain hash does not match")
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_HELD
    assert (report.accepted, report.conflict, report.invalid, report.held, report.remaining) == (4, 1, 1, 2, 0)
    held = outcomes.held(enrolled_store)
    assert [h["seq"] for h in held] == [2, 5]
    assert held[0]["result"] == "conflict" and "different story" in held[0]["last_error"]
    assert enrolled_store.status()["pending"] == 2  # still on the device, still counted
    # an ordinary run does not send them again
    before = fake_service.story_requests()
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert fake_service.story_requests() == before and report.exit_code == EXIT_HELD
    # --retry-held does, and once the service accepts them they leave the outbox
    fake_service.answers.clear()
    report = run_sync(enrolled_store, sleep=no_sleep, retry_held=True)
    assert report.exit_code == EXIT_OK and report.accepted == 2
    assert outcomes.held(enrolled_store) == []


def test_unanswered_stories_stay_in_the_outbox(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 5)
    fake_service.omit.add(added[2].uuid)
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_UNREACHABLE and report.unanswered == 1
    assert [r["uuid"] for r in enrolled_store.pending(10)] == [added[2].uuid]
    fake_service.omit.clear()
    assert run_sync(enrolled_store, sleep=no_sleep).exit_code == EXIT_OK


def test_a_refused_batch_is_split_to_find_the_bad_story(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 20)
    fake_service.refuse.add(added[13].uuid)
    report = run_sync(enrolled_store, sleep=no_sleep, batch_size=20)
    assert report.exit_code == EXIT_HELD
    assert report.accepted == 19 and report.invalid == 1
    assert [h["uuid"] for h in outcomes.held(enrolled_store)] == [added[13].uuid]
    assert len(set(fake_service.accept_log)) == len(fake_service.accept_log) == 19


def test_refusals_in_a_row_stop_the_run(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 4)
    fake_service.refuse.update(a.uuid for a in added)
    report = run_sync(enrolled_store, sleep=no_sleep, batch_size=4)
    assert report.exit_code == EXIT_REFUSED


def test_events_fill_outcomes_published_and_responses(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 3)
    a, b, c = (x.uuid for x in added)
    fake_service.add_event("story_received", a, "1111")
    fake_service.add_event("awaiting_provider", a, "1111", decision_deadline="2025-01-04T00:00:00+00:00")
    fake_service.add_event("published", a, "1111", story_id=41, title="Lovely tea", body="The tea was lovely.",
                           authorRole="relative", tags=["food"], dateOfPublication="2025-01-05")
    fake_service.add_event("response_posted", a, "1111", story_id=41, response_id=7, body="Thank you!",
                           responder_name="Sam", responder_role="Manager", change_made=None,
                           posted_at="2025-01-06")
    fake_service.add_event("restricted", b, "2222", reason="It names a member of staff.")
    fake_service.add_event("rejected", c, "3333", reason="Not about this home.")
    fake_service.add_event("integrity_problem", None, None, device_id="x", missing=[9], chain_ok=True)
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_OK
    assert report.events == 7 and report.integrity_problems == 1
    db = enrolled_store  # Store.query: rows as dicts
    status = {r["uuid"]: (r["status"], r["public_reason"]) for r in db.query("SELECT * FROM outcomes")}
    assert status == {a: ("published", None), b: ("restricted", "It names a member of staff."),
                      c: ("rejected", "Not about this home.")}
    pub = list(db.query("SELECT * FROM published"))
    assert [(p["story_id"], p["title"], p["tags_json"]) for p in pub] == [("41", "Lovely tea", '["food"]')]
    assert [r["body"] for r in db.query("SELECT * FROM responses")] == ["Thank you!"]
    assert enrolled_store.device().events_cursor == "c7"
    # the next run asks only for newer events and changes nothing
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.events == 0
    assert list(db.query("SELECT COUNT(*) AS n FROM published"))[0]["n"] == 1


def test_events_are_paged(enrolled_store, fake_service, no_sleep, ck_home, stories):
    for i in range(25):
        fake_service.add_event("story_received", f"u{i}", f"{i:04d}")
    (ck_home / "carekiosk.toml").write_text("[sync]\nevents_page = 10\n")
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.events == 25
    gets = [p for m, p, _ in fake_service.requests if m == "GET"]
    assert len(gets) == 4  # 10 + 10 + 5 + an empty page
    assert enrolled_store.device().events_cursor == "c25"


def test_transient_failures_while_pulling_are_retried(enrolled_store, fake_service, no_sleep, stories):
    fake_service.add_event("story_received", "u1", "0001")
    fake_service.fault_paths = r"/v1/homes/.*"
    fake_service.fail("500", "truncated", "html")
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_OK and report.events == 1 and report.retries == 3


def test_last_sync_is_recorded_only_when_the_run_completes(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 1)
    fake_service.tokens.clear()
    run_sync(enrolled_store, sleep=no_sleep)
    assert enrolled_store.device().last_sync is None
    fake_service.tokens.add("good-token")
    run_sync(enrolled_store, sleep=no_sleep)
    assert enrolled_store.device().last_sync is not None


def test_progress_is_reported(enrolled_store, fake_service, no_sleep, stories):
    stories(enrolled_store, 25)
    seen = []
    run_sync(enrolled_store, sleep=no_sleep, batch_size=10, progress=lambda *a: seen.append(a))
    sends = [s for s in seen if s[0] == "send"]
    assert sends == [("send", 0, 25), ("send", 10, 25), ("send", 20, 25), ("send", 25, 25)]


def test_a_reply_trickled_forever_times_out(enrolled_store, fake_service, no_sleep, stories):
    import time

    added = stories(enrolled_store, 3)
    fake_service.fail("trickle")
    t0 = time.monotonic()
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert time.monotonic() - t0 < 4  # read timeout 0.5 s per read, 1.5 s overall per request
    assert report.exit_code == EXIT_OK and report.retries == 1
    assert report.duplicate == 3  # the service had stored them; the retry was told so
    _assert_all_once(fake_service, added)


def test_long_stories_are_batched_under_the_body_limit(enrolled_store, fake_service, no_sleep):
    from sync.story import Story

    long = [Story(text="\U0001F600" * 9_000, author_role="resident") for _ in range(60)]  # ~36 KB sealed each
    added = enrolled_store.add_stories(long)
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_OK and report.accepted == 60
    assert all(fault != "413" for _, _, fault in fake_service.requests)
    assert fake_service.story_requests() >= 2
    _assert_all_once(fake_service, added)


def test_a_413_halves_the_batch(enrolled_store, fake_service, no_sleep, stories):
    added = stories(enrolled_store, 40)
    fake_service.max_body = 20_000  # a stricter proxy in front of the service
    report = run_sync(enrolled_store, sleep=no_sleep)
    assert report.exit_code == EXIT_OK and report.accepted == 40
    _assert_all_once(fake_service, added)
