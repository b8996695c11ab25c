"""The one retry policy (sync/retry.py, on tenacity): when it tries again, how long it waits, when it
stops and why; and the SQLite write lock retried through it against a real second connection."""

from __future__ import annotations

import random
import sqlite3
import threading
import time

import pytest
import tenacity
from hypothesis import given
from hypothesis import strategies as st

from sync.retry import Backoff, Retry, Stopped
from sync.sqlite_durable import retry_locked


class Flaky:
    """Fails ``times`` times with ``error()``, then answers ``"ok"``."""

    def __init__(self, times: int, error=lambda: TimeoutError("no answer")):
        self.times, self.error, self.calls = times, error, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.times:
            raise self.error()
        return "ok"


class Busy(Exception):
    def __init__(self, retry_after: float | None = None):
        super().__init__("busy")
        self.retry_after = retry_after


class Top(random.Random):  # always the top of the jitter window, to see the envelope
    def uniform(self, a, b):
        return b


def recording(**kw) -> Retry:
    return Retry(kw.pop("backoff", Backoff(base=0.1, cap=1.0, rng=Top())), sleep=lambda s: None, waits=[], **kw)


def test_waits_double_up_to_the_cap_and_match_tenacitys_envelope():
    retry = recording(max_attempts=10)
    assert retry.call(Flaky(7), retry_on=TimeoutError) == "ok"
    assert retry.waits == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]
    envelope = tenacity.wait_exponential(multiplier=0.1, max=1.0)  # what wait_random_exponential draws under
    for n, wait in enumerate(retry.waits, start=1):
        assert wait == pytest.approx(envelope(_state(n)))


def _state(attempt: int) -> tenacity.RetryCallState:
    state = tenacity.RetryCallState(tenacity.Retrying(), None, (), {})
    state.attempt_number = attempt
    return state


@given(seed=st.integers(0, 2**32), attempt=st.integers(1, 80))
def test_full_jitter_is_drawn_from_the_injected_rng(seed, attempt):
    a, b = Backoff(base=0.5, cap=30, rng=random.Random(seed)), Backoff(base=0.5, cap=30, rng=random.Random(seed))
    wait = a(_state(attempt))
    assert wait == b(_state(attempt))  # repeatable: nothing drawn from the global random
    assert 0 <= wait <= min(30, 0.5 * 2 ** min(attempt - 1, 62)) + 1e-9


def test_gives_up_after_max_attempts_with_the_last_error():
    retry, flaky = recording(max_attempts=3), Flaky(10)
    with pytest.raises(TimeoutError):
        retry.call(flaky, retry_on=TimeoutError)
    assert flaky.calls == 3 and len(retry.waits) == 2


def test_give_up_says_why():
    seen = []

    def give_up(exc, why):
        seen.append(why)
        return RuntimeError(why.reason)

    with pytest.raises(RuntimeError, match="attempts"):
        recording(max_attempts=2).call(Flaky(5), retry_on=TimeoutError, give_up=give_up)
    assert seen == [Stopped("attempts", 2, None)]


def test_errors_not_named_are_raised_at_once():
    retry, flaky = recording(max_attempts=5), Flaky(1, error=lambda: KeyError("x"))
    with pytest.raises(KeyError):
        retry.call(flaky, retry_on=TimeoutError)
    assert flaky.calls == 1 and retry.waits == []


def test_on_failure_sees_every_retryable_failure_the_last_too():
    failures = []
    with pytest.raises(TimeoutError):
        recording(max_attempts=3).call(Flaky(9), retry_on=TimeoutError, on_failure=failures.append)
    assert len(failures) == 3 and all(isinstance(f, TimeoutError) for f in failures)


def test_retry_after_is_a_floor_on_the_jittered_wait():
    retry = recording(max_attempts=5)
    answers = iter([Busy(7), Busy(None), None])

    def fn():
        exc = next(answers)
        if exc:
            raise exc
        return "ok"

    assert retry.call(fn, retry_on=Busy) == "ok"
    assert retry.waits == [7, 0.2]


def test_a_retry_after_beyond_the_limit_gives_up_this_run_without_waiting():
    retry = recording(backoff=Backoff(base=0.1, cap=1, max_retry_after=60), max_attempts=5)
    seen = []
    with pytest.raises(RuntimeError):
        retry.call(Flaky(3, error=lambda: Busy(3600)), retry_on=Busy,
                   give_up=lambda exc, why: seen.append(why) or RuntimeError())
    assert retry.waits == [] and seen == [Stopped("retry_after", 1, 3600)]


def test_no_wait_may_end_past_the_deadline():
    now = [100.0]
    retry = Retry(Backoff(base=1, cap=8, rng=Top()), deadline=106.5, sleep=lambda s: now.__setitem__(0, now[0] + s),
                  clock=lambda: now[0], waits=[])
    seen = []
    with pytest.raises(RuntimeError):
        retry.call(Flaky(10), retry_on=TimeoutError, give_up=lambda exc, why: seen.append(why) or RuntimeError())
    assert retry.waits == [1, 2] and seen[0].reason == "deadline"  # 100+1+2 = 103; +4 would end at 107


def test_max_seconds_counts_from_the_first_try():
    now = [0.0]
    retry = Retry(Backoff(base=1, cap=1, rng=Top()), max_seconds=3.5, sleep=lambda s: now.__setitem__(0, now[0] + s),
                  clock=lambda: now[0], waits=[])
    with pytest.raises(TimeoutError):
        retry.call(Flaky(10), retry_on=TimeoutError)
    assert retry.waits == [1, 1, 1]


def test_a_predicate_chooses_what_is_retried():
    retry = recording(max_attempts=4)
    flaky = Flaky(2, error=lambda: sqlite3.OperationalError("database is locked"))
    assert retry.call(flaky, retry_on=lambda e: "locked" in str(e)) == "ok"
    other = Flaky(2, error=lambda: sqlite3.OperationalError("no such table: x"))
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry.call(other, retry_on=lambda e: "locked" in str(e))
    assert other.calls == 1


def test_retry_locked_waits_out_another_connections_write_lock(tmp_path):
    """A real second connection holds BEGIN IMMEDIATE for 0.4 s; our write (busy_timeout 0, so SQLite
    itself does not wait) gets through once it lets go, instead of saying "database is locked"."""
    path = tmp_path / "x.sqlite3"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute("CREATE TABLE t (x)")
    setup.close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def let_go():
        time.sleep(0.4)
        holder.execute("COMMIT")
        released.set()

    ours = sqlite3.connect(path, isolation_level=None, timeout=0)
    threading.Thread(target=let_go).start()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        ours.execute("BEGIN IMMEDIATE")  # without the retry
    started = time.monotonic()
    retry_locked(lambda: ours.execute("BEGIN IMMEDIATE"), seconds=10)
    assert released.is_set() and time.monotonic() - started < 5
    ours.execute("INSERT INTO t VALUES (1)")
    ours.execute("COMMIT")


def test_retry_locked_gives_up_after_its_time_with_the_lock_error(tmp_path):
    path = tmp_path / "y.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    ours = sqlite3.connect(path, isolation_level=None, timeout=0)
    tries = []

    def begin():
        tries.append(time.monotonic())
        ours.execute("BEGIN IMMEDIATE")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        retry_locked(begin, seconds=0.3)
    assert len(tries) >= 3 and tries[-1] - tries[0] <= 0.3  # tried again and again, no wait past its time
    holder.execute("ROLLBACK")
