"""One pass of the notifier, and the loop around it.

A pass: (1) read each home's event feed from its cursor and record the notifications it calls for,
moving the cursor in the same transaction; (2) add the ones computed from state (no reply for 7
days, the weekly digest, a quiet kiosk); (3) send the texts that are due - outside quiet hours, at
most three per number per hour, a burst folded into one summary; (4) print the printouts. Every step
is recorded in the ledger first (see ``ledger.py`` for why this sends each text once).

Logs name notification keys, kinds and counts - never a phone number, a name or story text.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from datetime import datetime, timezone
from typing import Any, Callable

from sync.errors import UserError

from print_notices.printing import NoPrinter, PrintFailed, print_pdf
from print_notices.sms import gateway
from print_notices.sms.base import Backoff, Sender

from . import batching, hooks, printouts, quiet_hours, rules
from .config import NotifySettings
from .feed import Api, ServiceUnavailable
from .ledger import Intent, Ledger, iso, parse

log = logging.getLogger("carekiosk.notifier")

TEST_NOW_ENV = "CAREKIOSK_NOTIFY_TEST_NOW"  # tests only: a frozen clock (ISO 8601)
SHAREABLE = {"story_notice": "notice", "digest": "digest"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def clock_from_env() -> Callable[[], datetime]:
    frozen = os.environ.get(TEST_NOW_ENV)
    if frozen:
        moment = parse(frozen)
        return lambda: moment
    return utcnow


class Notifier:
    def __init__(self, settings: NotifySettings, ledger: Ledger, api: Api, sender: Sender | None, *,
                 clock: Callable[[], datetime] = utcnow, backoff: Backoff | None = None,
                 print_fn: Callable[..., Any] = print_pdf):
        self.settings = settings
        self.ledger = ledger
        self.api = api
        self.sender = sender
        self.clock = clock
        self.backoff = backoff or Backoff(attempts=4, base=1.0, cap=30.0)
        self.print_fn = print_fn
        self.homes: dict[str, dict[str, Any]] = {}

    # -- the pass -------------------------------------------------------------------------------
    def run_once(self) -> dict[str, int]:
        now = self.clock()
        report = {"recorded": 0, "sent": 0, "held": 0, "summarised": 0, "printed": 0, "undeliverable": 0,
                  "retry_later": 0, "service_errors": 0}
        try:
            homes = self._homes()
        except ServiceUnavailable as exc:
            log.warning("%s", exc)
            report["service_errors"] += 1
            homes = list(self.homes.values())  # still send what is already recorded
        for home in homes:
            try:
                report["recorded"] += self._read_feed(home, now)
                report["recorded"] += self._from_state(home, now)
            except ServiceUnavailable as exc:
                log.warning("home %s: %s", home["id"], exc)
                report["service_errors"] += 1
        hooks.point("after_intents")
        self._send_texts(now, report)
        self._print(now, report)
        return report

    def _homes(self) -> list[dict[str, Any]]:
        if self.settings.homes:
            found = [self.api.home(h) for h in self.settings.homes]
        else:
            found = self.api.homes()
        self.homes = {h["id"]: h for h in found}
        return found

    def _read_feed(self, home: dict[str, Any], now: datetime) -> int:
        added = 0
        for events, next_cursor in self.api.events(home["id"], self.ledger.cursor(home["id"])):
            intents = [i for e in events for i in rules.from_event(e, home)]
            added += self.ledger.record(intents, now=now, home_id=home["id"], cursor=next_cursor)
        return added

    def _from_state(self, home: dict[str, Any], now: datetime) -> int:
        s = self.settings
        intents: list[Intent] = []
        opinions = self.api.opinions(home["id"])
        intents += rules.no_response(opinions, home, now, s.no_response_days)
        week = rules.digest_week(now, s)
        if week and not self.ledger.has(rules.key(f"week:{home['id']}:{week}", "digest", "noticeboard")):
            intents += rules.digest(home, week, opinions, self.api.awaiting_count(home["id"]), now)
        intents += rules.not_synced(self.api.devices(home["id"]), home, s.field_staff_phone, now, s.not_synced_days)
        return self.ledger.record(intents, now=now)

    # -- texts ----------------------------------------------------------------------------------
    def _twin(self, row: dict[str, Any]) -> Intent:
        return Intent(row["key"] + "|print", "print", row["kind"], row["home_id"], row["ref"], "noticeboard",
                      twin=json.loads(row["twin_json"] or "{}"))

    def _send_texts(self, now: datetime, report: dict[str, int]) -> None:
        s = self.settings
        rows = [r for r in self.ledger.open_rows("sms") if parse(r["due_at"]) <= now]
        if not rows:
            return
        if self.sender is None:
            for row in rows:
                self.ledger.undeliverable(row["key"], "texts are not set up ([sms])", self._twin(row), now)
                report["undeliverable"] += 1
            return
        if quiet_hours.is_quiet(now, s.quiet_start, s.quiet_end, s.timezone):
            release = quiet_hours.release_time(now, s.quiet_start, s.quiet_end, s.timezone)
            for row in rows:
                self.ledger.update(row["key"], due_at=iso(release), note="held for quiet hours")
            report["held"] += len(rows)
            log.info("quiet hours: %d text(s) held until %s", len(rows), iso(release))
            return
        by_number: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_number.setdefault(row["recipient"], []).append(row)
        for number, group in by_number.items():
            summaries = [r for r in group if r["kind"] == "summary"]
            for row in summaries:  # a summary recorded before a crash goes as it is
                self._send_one(row, report)
            group = [r for r in group if r["kind"] != "summary"]
            if not group:
                continue
            recent = self.ledger.texts_sent_since(number, now - batching.WINDOW)
            plan = batching.plan(len(group), recent, now, s.max_per_hour)
            if plan.action == "hold":
                for row in group:
                    self.ledger.update(row["key"], due_at=iso(plan.until), note="held: hourly limit")
                report["held"] += len(group)
                continue
            if plan.action == "summarise":
                group = [self._summarise(number, group, now)]
                report["summarised"] += 1
            for row in group:
                self._send_one(row, report)

    def _summarise(self, number: str, group: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
        keys = sorted(r["key"] for r in group)
        names = {self.homes.get(r["home_id"], {}).get("name") or "" for r in group}
        home_name = names.pop() if len(names) == 1 else "carekiosk"
        items = [{"kind": r["kind"], "ref": r["ref"]} for r in group]
        body = batching.summary_text(home_name, items)
        digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        role = group[0]["recipient_role"]
        twin = rules.message_twin("summary", body, {"name": home_name}, [r["body"] for r in group])
        summary = Intent(rules.key(f"summary:{digest}", "summary", role), "sms", "summary",
                         group[0]["home_id"] if len({r["home_id"] for r in group}) == 1 else None, None, role,
                         number, body, twin, now)
        self.ledger.batch(summary, keys, now)
        hooks.point("after_batch")
        log.info("%d texts for one %s folded into summary %s", len(group), role, summary.key)
        return self.ledger.get(summary.key)

    def _send_one(self, row: dict[str, Any], report: dict[str, int]) -> None:
        key = row["key"]
        self.ledger.begin_attempt(key, "sending", self.clock())
        hooks.point("before_send")
        reference = hashlib.sha256(key.encode()).hexdigest()[:20]
        outcome = gateway.deliver(self.ledger, self.sender, row["recipient"], row["body"], reference=reference,
                                  backoff=self.backoff)
        if outcome.status == "sent":
            hooks.point("after_provider_accept")  # the one duplicate window: accepted, not yet recorded
            result = outcome.result
            self.ledger.update(key, state="sent", provider=result.provider, provider_ref=result.provider_ref,
                               status=result.status, sent_at=iso(self.clock()), error=None)
            hooks.point("after_mark_sent")
            report["sent"] += 1
            log.info("sent %s", key)
        elif outcome.status == "retry_later":
            self.ledger.update(key, state="pending", error="provider busy or unreachable; will retry")
            report["retry_later"] += 1
            log.warning("text %s kept for the next pass: provider busy or unreachable", key)
        else:
            self.ledger.undeliverable(key, outcome.status, self._twin(row), self.clock())
            report["undeliverable"] += 1
            log.warning("text %s not sent (%s): printing instead", key, outcome.status)

    # -- printouts ------------------------------------------------------------------------------
    def _print(self, now: datetime, report: dict[str, int]) -> None:
        s = self.settings
        for row in self.ledger.open_rows("print"):
            key = row["key"]
            self.ledger.begin_attempt(key, "printing", now)
            hooks.point("before_print")
            twin = json.loads(row["twin_json"] or "{}")
            out = s.out_dir / printouts.pdf_name(key)
            try:
                pdf = printouts.render(twin, out, api=self.api, home_id=row["home_id"], now=now,
                                       url_template=s.story_url)
            except ServiceUnavailable as exc:
                log.warning("printout %s kept for the next pass: %s", key, exc)
                continue
            except (LookupError, UserError) as exc:
                self.ledger.update(key, state="skipped", note=f"nothing to print: {type(exc).__name__}")
                continue
            job, note = None, "saved (no printer set)"
            if s.printer:
                try:
                    done = self.print_fn(pdf, s.printer)
                    job, note = done.job_id or done.printer, f"printed on {done.printer}"
                except (NoPrinter, PrintFailed) as exc:
                    note = "saved; the printer refused it"
                    log.warning("printout %s saved but not printed: %s", key, type(exc).__name__)
            hooks.point("after_print")
            self.ledger.update(key, state="printed", pdf_path=str(pdf), print_job=job, sent_at=iso(now), note=note)
            hooks.point("after_mark_printed")
            report["printed"] += 1
        self._record_shares()

    def _record_shares(self) -> None:
        marks = ",".join("?" * len(SHAREABLE))
        rows = self.ledger.conn.execute(
            f"SELECT key, kind, home_id, ref FROM notices_log WHERE channel = 'print' AND state = 'printed'"
            f" AND share_id IS NULL AND kind IN ({marks})", tuple(SHAREABLE)).fetchall()
        for key, kind, home_id, ref in rows:
            try:
                share = self.api.record_share(home_id, SHAREABLE[kind], ref)
            except (ServiceUnavailable, UserError):
                return  # next pass
            self.ledger.update(key, share_id=share or "-")


def build(settings: NotifySettings, ledger: Ledger, *, clock=None, sender: Sender | None = None,
          use_config_sender: bool = True) -> Notifier:
    from print_notices.sms.config import sender_from_config

    if sender is None and use_config_sender:
        sender = sender_from_config()
    return Notifier(settings, ledger, Api(settings.server_url, settings.key, insecure=settings.insecure), sender, clock=clock or clock_from_env())


def loop(notifier: Notifier, *, once: bool, interval: float, echo: Callable[[str], None] = print,
         sleep: Callable[[float], None] = time.sleep) -> None:
    while True:
        report = notifier.run_once()
        echo("notify: " + ", ".join(f"{k} {v}" for k, v in report.items() if v) if any(report.values())
             else "notify: nothing to do")
        if once:
            return
        sleep(interval)

