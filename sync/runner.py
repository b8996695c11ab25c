"""One sync run: push the outbox in batches, then pull the home's event feed.

``run_sync(store)`` is what both ``carekiosk sync`` and the kiosk app's background sync call.

Push: take the next batch (oldest first), ``mark_sending``, POST it, then
- ``accepted`` / ``duplicate`` → ``mark_acknowledged`` (the only way a story leaves the outbox);
- ``conflict`` / ``invalid`` → held for a person (see :mod:`sync.outcomes`), not sent again by itself;
- no answer for a story → stays pending for the next run;
- no connection, timeout, 5xx, 429, a reply that is not the API's JSON → ``mark_failed`` and retry
  the same batch after a capped, fully jittered exponential backoff (``Retry-After`` honoured),
  giving up after ``max_attempts`` tries in a row;
- 401/403 → stop the whole run at once (:class:`sync.client.AuthError`);
- another 4xx for a batch → halve the batch to find the story the service will not take; a single
  story refused that way is held as ``invalid`` with the service's message.

A run killed at any moment loses nothing: acknowledged rows are committed only after the service
answered, and a story the service already has comes back ``duplicate`` next time.

Heartbeat: ``POST /v1/devices/{id}/heartbeat`` with the device's health and chain head
(:mod:`sync.health`), after the push, so the service can notice a rewound or rewritten chain.

Pull: ``GET /v1/homes/{home}/events?after=cursor`` page by page; each page and its cursor are
committed together (:func:`sync.outcomes.apply_events`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Protocol

from . import outcomes
from .client import (MAX_BATCH, SUCCESS_RESULTS, ApiClient, ApiError, AuthError, RequestRefused, TransientError,
                     fit_batch, submission)
from .config import Config
from .errors import UserError
from .lock import sync_lock
from .retry import Backoff, Retry, Stopped
from .store import Store

# Exit codes of `carekiosk sync` / `carekiosk import` (documented in docs/sync.md).
EXIT_OK = 0
EXIT_NOT_ENROLLED = 4
EXIT_UNREACHABLE = 5
EXIT_AUTH = 6
EXIT_HELD = 7
EXIT_REFUSED = 8

DEFAULTS: dict[str, Any] = {
    "batch_size": MAX_BATCH,
    "connect_timeout": 5.0,
    "read_timeout": 30.0,
    "max_attempts": 6,
    "backoff_base": 0.5,
    "backoff_cap": 30.0,
    "max_retry_after": 300.0,
    "events_page": 500,
}


class NotEnrolled(UserError):
    exit_code = EXIT_NOT_ENROLLED


class GaveUp(TransientError):
    """Retries for one request ran out (or the service asked for a longer pause than we wait)."""


class Progress(Protocol):
    def __call__(self, phase: str, done: int, total: int) -> None: ...


@dataclass
class SyncReport:
    to_send: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    invalid: int = 0
    unanswered: int = 0
    remaining: int = 0
    held: int = 0
    events: int = 0
    integrity_problems: int = 0
    updates_sent: int = 0  # authors' updates the service answered for good (sync.update_outbox)
    updates_held: int = 0
    heartbeat: bool = False  # the service took this run's health report
    requests: int = 0
    retries: int = 0
    waits: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    error: str | None = None
    exit_code: int = EXIT_OK

    @property
    def acknowledged(self) -> int:
        return self.accepted + self.duplicate

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["acknowledged"] = self.acknowledged
        doc["waits"] = [round(w, 3) for w in self.waits]
        doc["elapsed"] = round(self.elapsed, 3)
        return doc

    def summary(self) -> str:
        parts = [f"sent {self.acknowledged} of {self.to_send} stories"]
        if self.duplicate:
            parts.append(f"{self.duplicate} already there")
        parts.append(f"{self.remaining} still to send")
        if self.held:
            parts.append(f"{self.held} held for a person to check")
        if self.updates_sent or self.updates_held:
            parts.append(f"{self.updates_sent} authors' updates sent")
        if self.updates_held:
            parts.append(f"{self.updates_held} authors' updates held for a person to check")
        parts.append(f"{self.events} updates received")
        if self.integrity_problems:
            parts.append(f"{self.integrity_problems} integrity warnings")
        line = "; ".join(parts) + f" ({self.requests} requests, {self.elapsed:.1f} s)."
        if self.error:
            line = f"{line[:-1]}: {self.error}"
        return line[0].upper() + line[1:]


def settings(config: Config | None = None) -> dict[str, Any]:
    cfg = (config or Config.load()).section("sync", DEFAULTS)
    return cfg


def client_for(store: Store, cfg: dict[str, Any] | None = None) -> ApiClient:
    device = store.device()
    if device.is_demo or not device.server_url or not device.token or not device.home_id:
        raise NotEnrolled("This device is not enrolled with a moderation service yet; run "
                          "`carekiosk enrol --server URL --code CODE` first.")
    cfg = cfg or settings()
    return ApiClient(device.server_url, device.token, connect_timeout=cfg["connect_timeout"],
                     read_timeout=cfg["read_timeout"], verify=cfg.get("ca_bundle") or True)


def backoff_for(cfg: dict[str, Any]) -> Backoff:
    return Backoff(base=float(cfg["backoff_base"]), cap=float(cfg["backoff_cap"]),
                   max_retry_after=float(cfg["max_retry_after"]))


def retry_for(cfg: dict[str, Any], *, backoff: Backoff | None = None, max_attempts: int | None = None,
              deadline: float | None = None, sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic, waits: list[float] | None = None) -> Retry:
    """The sync settings' retry policy (``[sync]`` backoff_base, backoff_cap, max_retry_after, max_attempts)."""
    return Retry(backoff or backoff_for(cfg), max_attempts=max(1, int(max_attempts or cfg["max_attempts"])),
                 deadline=deadline, sleep=sleep, clock=clock, waits=waits)


def gave_up(exc: BaseException, why: Stopped) -> GaveUp:
    """The sentence a person reads when a request's retries ran out."""
    status = getattr(exc, "status", None)
    if why.reason == "retry_after":
        return GaveUp(f"the service asked us to wait {why.retry_after:.0f} s; try again later.", status=status)
    if why.reason == "attempts":
        return GaveUp(f"{str(exc).rstrip('.')}; gave up after {why.attempts} tries, try again later.", status=status)
    return GaveUp(f"{str(exc).rstrip('.')}; out of time for this run, try again later.", status=status)


def call(retry: Retry, fn: Callable[[], Any], on_failure: Callable[[TransientError], None] | None = None) -> Any:
    """``fn()`` with transient failures retried by ``retry``; :class:`GaveUp` when they run out."""
    return retry.call(fn, retry_on=TransientError, on_failure=on_failure, give_up=gave_up)


def _push(store: Store, client: ApiClient, retry: Retry, report: SyncReport, *, batch_size: int,
          include_held: bool, progress: Progress | None) -> None:
    report.to_send = outcomes.count_sendable(store, include_held=include_held)
    if progress:
        progress("send", 0, report.to_send)
    after_seq, done, refused_in_a_row = 0, 0, 0
    size = max(1, min(int(batch_size), MAX_BATCH))
    while True:
        rows = outcomes.sendable(store, limit=size, after_seq=after_seq, include_held=include_held)
        if not rows:
            return
        body = [submission(r) for r in rows]
        fits = fit_batch(body)  # long stories: fewer per request, under the service's body limit
        rows, body = rows[:fits], body[:fits]
        uuids = [r["uuid"] for r in rows]

        def attempt() -> dict[str, dict[str, Any]]:
            store.mark_sending(uuids)
            return client.submit(body)

        try:
            results = call(retry, attempt, on_failure=lambda exc: store.mark_failed(uuids, str(exc)))
        except RequestRefused as exc:
            store.mark_failed(uuids, str(exc))
            if len(rows) > 1:
                size = max(1, len(rows) // 2)  # find the story the service will not take
                continue
            refused_in_a_row += 1
            outcomes.record_outbox_problem(store, {uuids[0]: ("invalid", str(exc))})
            report.invalid += 1
            after_seq = rows[-1]["seq"]
            if refused_in_a_row >= 3:
                raise
            continue
        except ApiError as exc:
            store.mark_failed(uuids, str(exc))
            raise
        refused_in_a_row = 0
        acked = {u: r["result"] for u, r in results.items() if r["result"] in SUCCESS_RESULTS}
        problems = {u: (r["result"], r.get("reason")) for u, r in results.items() if r["result"] not in SUCCESS_RESULTS}
        if acked:
            store.mark_acknowledged(acked)
        if problems:
            outcomes.record_outbox_problem(store, problems)
        missing = [u for u in uuids if u not in results]
        if missing:
            store.mark_failed(missing, "the service gave no answer for this story")
        for r in results.values():
            setattr(report, r["result"], getattr(report, r["result"]) + 1)
        report.unanswered += len(missing)
        done += len(rows)
        after_seq = rows[-1]["seq"]
        if progress:
            progress("send", min(done, report.to_send), report.to_send)


def _push_updates(store: Store, client: ApiClient, retry: Retry, report: SyncReport, *, include_held: bool) -> None:
    """Send the authors' updates after the stories (an update names a story the service already has).
    A service without the endpoint (404) keeps them here for a later run."""
    from . import update_outbox

    from .client import MAX_UPDATE_BATCH

    after = 0
    while True:
        rows = update_outbox.sendable(store, limit=MAX_UPDATE_BATCH, include_held=include_held, after=after)
        if not rows:
            return
        after = rows[-1]["n"]
        uuids = [r["uuid"] for r in rows]
        body = [update_outbox.submission(r) for r in rows]

        def attempt() -> dict[str, dict[str, Any]]:
            update_outbox.mark_sending(store, uuids)
            return client.submit_updates(body)

        try:
            results = call(retry, attempt, on_failure=lambda exc: update_outbox.mark_failed(store, uuids, str(exc)))
        except ApiError as exc:  # RequestRefused too: an older service, or a refused batch
            update_outbox.mark_failed(store, uuids, str(exc))
            if isinstance(exc, RequestRefused):
                return
            raise
        update_outbox.record(store, {u: (r["result"], r.get("reason")) for u, r in results.items()})
        missing = [u for u in uuids if u not in results]
        if missing:
            update_outbox.mark_failed(store, missing, "the service gave no answer for this update")
        report.updates_sent += sum(r["result"] in update_outbox.DONE_RESULTS for r in results.values())
        report.updates_held += sum(r["result"] in update_outbox.HELD_RESULTS for r in results.values())


def _heartbeat(store: Store, client: ApiClient, retry: Retry, report: SyncReport) -> None:
    """Tell the service the device's health and chain head (every run, even with nothing to send).
    A service without the endpoint (404) is left alone: an older service still takes stories."""
    from .health import snapshot

    device = store.device()
    try:
        call(retry, lambda: client.heartbeat(device.device_id, snapshot(store)))
    except RequestRefused:
        return
    report.heartbeat = True


def _pull(store: Store, client: ApiClient, retry: Retry, report: SyncReport, *, page: int,
          progress: Progress | None) -> str | None:
    device = store.device()
    cursor = device.events_cursor
    for _ in range(100_000):
        doc = call(retry, lambda: client.events(device.home_id, after=cursor, limit=page))
        events = doc["events"]
        next_cursor = doc.get("next_cursor")
        next_cursor = None if next_cursor is None else str(next_cursor)
        counts = outcomes.apply_events(store, events, next_cursor)
        report.events += counts["events"]
        report.integrity_problems += counts["integrity_problems"]
        if progress:
            progress("receive", report.events, report.events)
        if not events or next_cursor is None or next_cursor == cursor:
            return next_cursor if next_cursor is not None else cursor
        cursor = next_cursor
    return cursor


def run_sync(store: Store, *, client: ApiClient | None = None, progress: Progress | None = None,
             sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
             backoff: Backoff | None = None, config: Config | None = None, batch_size: int | None = None,
             max_attempts: int | None = None, deadline: float | None = None, retry_held: bool = False,
             pull: bool = True) -> SyncReport:
    """Push the outbox, pull the events, and say what happened. Never raises for network trouble:
    the report's ``exit_code`` and ``error`` say why the run stopped. Raises :class:`NotEnrolled`,
    :class:`sync.lock.SyncBusy` (another sync is running on this device) and store errors, for
    things a person must fix first.

    ``deadline`` is a ``clock()`` value no backoff wait may end after (the run gives up instead).
    """
    with sync_lock(store.path):
        return _run_sync(store, client=client, progress=progress, sleep=sleep, clock=clock, backoff=backoff,
                         config=config, batch_size=batch_size, max_attempts=max_attempts, deadline=deadline,
                         retry_held=retry_held, pull=pull)


def _run_sync(store: Store, *, client, progress, sleep, clock, backoff, config, batch_size, max_attempts,
              deadline, retry_held, pull) -> SyncReport:
    cfg = settings(config)
    own_client = client is None
    client = client or client_for(store, cfg)
    started = clock()
    report = SyncReport()
    retry = retry_for(cfg, backoff=backoff, max_attempts=max_attempts, deadline=deadline, sleep=sleep, clock=clock,
                      waits=report.waits)
    requests_before = client.requests_made
    try:
        _push(store, client, retry, report, batch_size=int(batch_size or cfg["batch_size"]),
              include_held=retry_held, progress=progress)
        _push_updates(store, client, retry, report, include_held=retry_held)
        _heartbeat(store, client, retry, report)
        if pull:
            _pull(store, client, retry, report, page=int(cfg["events_page"]), progress=progress)
        store.mark_synced()
    except AuthError as exc:
        report.error, report.exit_code = str(exc), EXIT_AUTH
    except RequestRefused as exc:
        report.error, report.exit_code = str(exc), EXIT_REFUSED
    except TransientError as exc:
        report.error, report.exit_code = str(exc), EXIT_UNREACHABLE
    finally:
        report.requests = client.requests_made - requests_before
        report.retries = len(report.waits)
        if own_client:
            client.close()
    summary = outcomes.outbox_summary(store)
    report.remaining, report.held = summary["pending"], summary["held"]
    from .update_outbox import summary as update_summary

    if report.exit_code == EXIT_OK and (report.held or update_summary(store)["held"]):
        report.exit_code = EXIT_HELD
    elif report.exit_code == EXIT_OK and report.unanswered and report.remaining:
        # The service left some stories unanswered; they wait for the next run.
        report.exit_code = EXIT_UNREACHABLE
        report.error = f"{report.remaining} stories are still waiting; run sync again."
    report.elapsed = clock() - started
    return report
