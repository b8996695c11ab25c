"""One pass of the notifier, and the loop around it.

A pass: (1) read each home's event feed from its cursor and record the notifications it calls for,
moving the cursor in the same transaction; (2) add the ones computed from state (no reply for 7
days, the weekly digest, a quiet kiosk); (3) settle the texts that may have gone (``unknown``, or
``sending`` after a crash) by asking the provider; (4) send the texts that are due - outside quiet
hours, at most three per number per hour, a burst folded into one summary; (5) print the printouts.
Every step is recorded in the ledger first (see ``ledger.py`` for why this sends each text once).

A home the service answers oddly for (a 4xx) or a printout that cannot be written (disk full) is
logged and skipped for this pass; the loop carries on; a service that cannot be reached is tried
again next pass; a refused key stops the notifier. Logs name notification keys, kinds, counts and
error types - never a phone number, a name, story text or an error's message.

The notifier reports each named step of the send path (:data:`STEPS`) to an ``on_step`` observer
(by default nobody): the crash tests stop the process at those points.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sync.client import AuthError, RequestRefused, TransientError, check_server_url
from sync.errors import UserError
from sync.lock import Busy, held
from sync.organisation_api import OrganisationApi
from sync.retry import Backoff, Retry

from print_notices.pdf import PdfWriteError
from print_notices.printing import NoPrinter, PrintFailed, print_pdf
from print_notices.sms import gateway
from print_notices.sms.base import Sender, SmsError

from . import batching, printouts, quiet_hours, rules
from .config import NotifySettings
from .ledger import Intent, Ledger, iso, parse

log = logging.getLogger("carekiosk.notifier")

#: the named steps of a pass, in the order a text or printout meets them (``on_step`` hears each)
STEPS = ("after_intents", "before_send", "after_provider_accept", "after_mark_sent", "after_batch",
         "before_print", "after_print", "after_mark_printed")
SHAREABLE = {"story_notice": "notice", "digest": "digest"}
#: after an unclear answer, give the provider this long to finish before asking whether the text went
SETTLE = timedelta(minutes=2)
#: a text the provider could not be asked about for this long is printed instead
GIVE_UP = timedelta(hours=24)
#: exit status of ``notify --once`` when the moderation service could not be reached
EXIT_SERVICE_UNREACHABLE = 5


class ServiceUnreachable(UserError):
    exit_code = EXIT_SERVICE_UNREACHABLE


class KeyRefused(UserError):
    """The service does not accept the notifier's key (401/403): retrying will not help."""

    exit_code = 1


def _why(exc: BaseException) -> str:
    """An error for the log: its type and HTTP status, never its message."""
    status = getattr(exc, "status", None)
    return type(exc).__name__ + (f", HTTP {status}" if status else "")


def sms_retry() -> Retry:
    """How a text is tried again when the provider surely did not take it: 4 tries, full jitter from
    1 s up to 30 s; a ``Retry-After`` over 30 s leaves it for the next pass."""
    return Retry(Backoff(base=1.0, cap=30.0, max_retry_after=30.0), max_attempts=4)


def reference_for(key: str) -> str:
    """The reference a text is sent with (Notify keeps it; it is how we look the text up again)."""
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Notifier:
    def __init__(self, settings: NotifySettings, ledger: Ledger, api: OrganisationApi, sender: Sender | None, *,
                 clock: Callable[[], datetime] = utcnow, retry: Retry | None = None,
                 print_fn: Callable[..., Any] = print_pdf, settle: timedelta = SETTLE,
                 on_step: Callable[[str], None] | None = None):
        self.settings = settings
        self.ledger = ledger
        self.api = api
        self.sender = sender
        self.clock = clock
        self.retry = retry or sms_retry()
        self.print_fn = print_fn
        self.settle = settle
        self.on_step = on_step or (lambda name: None)
        self.homes: dict[str, dict[str, Any]] = {}
        self._checked: dict[str, str] = {}  # home id -> the day its transparency flags were last read

    # -- the pass -------------------------------------------------------------------------------
    def run_once(self) -> dict[str, int]:
        try:
            return self._pass()
        except AuthError as exc:
            raise KeyRefused(f"The moderation service refused the notifier's key (HTTP {exc.status}) for "
                             f"{exc.path or 'the service'}; check --key / CAREKIOSK_NOTIFY_KEY and the homes it "
                             "covers.") from None

    def _pass(self) -> dict[str, int]:
        now = self.clock()
        report = {"recorded": 0, "sent": 0, "confirmed": 0, "unknown": 0, "held": 0, "summarised": 0,
                  "printed": 0, "undeliverable": 0, "retry_later": 0, "print_errors": 0, "home_errors": 0,
                  "service_errors": 0}
        homes = self._homes(report)
        for home in homes:
            try:
                report["recorded"] += self._read_feed(home, now)
                report["recorded"] += self._from_state(home, now)
            except TransientError as exc:
                log.warning("home %s: the service could not be read (%s); trying again next pass", home["id"],
                            _why(exc))
                report["service_errors"] += 1
            except RequestRefused as exc:  # another 4xx for this home: skip it this pass, keep going
                log.warning("home %s skipped this pass (%s)", home["id"], type(exc).__name__)
                report["home_errors"] += 1
        self.on_step("after_intents")
        self._resolve_uncertain(now, report)
        self._send_texts(now, report)
        self._print(now, report)
        return report

    def _homes(self, report: dict[str, int]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        try:
            if self.settings.homes:
                for home_id in self.settings.homes:
                    try:
                        found.append(self.api.home(home_id))
                    except RequestRefused as exc:
                        log.warning("home %s skipped this pass (%s)", home_id, type(exc).__name__)
                        report["home_errors"] += 1
                        if home_id in self.homes:
                            found.append(self.homes[home_id])
            else:
                found = self.api.homes()
        except (TransientError, RequestRefused) as exc:
            log.warning("the list of homes could not be read (%s)", _why(exc))
            report["service_errors" if isinstance(exc, TransientError) else "home_errors"] += 1
            return list(self.homes.values())  # still send what is already recorded
        self.homes = {h["id"]: h for h in found}
        return found

    def _wanted(self, intents: list[Intent]) -> list[Intent]:
        """Only the audiences this notifier serves (``[notify] audiences``; default: all)."""
        audiences = self.settings.audiences
        if not audiences:
            return intents
        return [i for i in intents if (i.recipient_role or "noticeboard") in audiences]

    def _read_feed(self, home: dict[str, Any], now: datetime) -> int:
        added = 0
        for events, next_cursor in self.api.event_pages(home["id"], self.ledger.cursor(home["id"])):
            intents = self._wanted([i for e in events for i in rules.from_event(e, home)])
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
        intents += self._transparency(home, now)
        return self.ledger.record(self._wanted(intents), now=now)

    def _transparency(self, home: dict[str, Any], now: datetime) -> list[Intent]:
        """The transparency rules' flags for the home: read once a day (a year's figures each pass
        would be wasted work; the alerts are once a month anyway)."""
        if not rules.public_interest_bodies(home):
            return []
        day = now.date().isoformat()
        if self._checked.get(home["id"]) == day:
            return []
        report = self.api.transparency(home["id"]) if hasattr(self.api, "transparency") else None
        self._checked[home["id"]] = day
        return rules.transparency_flags(report, home, now)

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
        # One language for the summary: the homes' own when they agree, else English.
        langs = {rules.language(self.homes.get(r["home_id"], {})) for r in group}
        lang = langs.pop() if len(langs) == 1 else "en"
        body = batching.summary_text(home_name, items, lang=lang)
        digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        role = group[0]["recipient_role"]
        twin = rules.message_twin("summary", body, {"name": home_name, "language": lang}, [r["body"] for r in group])
        summary = Intent(rules.key(f"summary:{digest}", "summary", role), "sms", "summary",
                         group[0]["home_id"] if len({r["home_id"] for r in group}) == 1 else None, None, role,
                         number, body, twin, now)
        self.ledger.batch(summary, keys, now)
        self.on_step("after_batch")
        log.info("%d texts for one %s folded into summary %s", len(group), role, summary.key)
        return self.ledger.get(summary.key)

    def _resolve_uncertain(self, now: datetime, report: dict[str, int]) -> None:
        """Texts that may have gone are never sent again blindly: ask the provider first."""
        for row in self.ledger.uncertain_rows():
            key, state, attempts = row["key"], row["state"], row["attempts"]
            if state == "unknown" and parse(row["due_at"]) > now:
                report["unknown"] += 1  # the provider is given time to finish first
                continue
            if self.sender is None:  # SMS switched off since: nobody can ask; the printout stands in
                self.ledger.undeliverable(key, "texts are not set up ([sms]); it may have gone", self._twin(row), now)
                report["undeliverable"] += 1
                continue
            try:
                found = self.sender.find_sent(row["recipient"], row["body"], reference=reference_for(key),
                                              since=parse(row["created_at"]),
                                              exclude=self.ledger.other_refs(key, row["recipient"]))
            except SmsError as exc:
                first = parse(row["attempt_at"]) or parse(row["created_at"])
                if now - first > GIVE_UP:
                    self.ledger.undeliverable(key, "the provider never said whether it went", self._twin(row), now)
                    report["undeliverable"] += 1
                    log.warning("text %s: the provider could not be asked for a day; printing instead", key)
                    continue
                self.ledger.transition(key, state, attempts, state="unknown", due_at=iso(now + self.settle),
                                       error="the provider could not be asked whether it went; asking again later")
                report["unknown"] += 1
                log.warning("text %s: could not ask the provider whether it went (%s)", key, type(exc).__name__)
                continue
            if found is not None:
                if self.ledger.transition(key, state, attempts, state="sent", provider=found.provider,
                                          provider_ref=found.provider_ref, status=found.status,
                                          sent_at=row["attempt_at"] or iso(now), error=None,
                                          note="the provider had it (answer lost, confirmed later)"):
                    report["confirmed"] += 1
                    log.info("text %s: the provider had it; not sent again", key)
            elif self.ledger.transition(key, state, attempts, state="pending", due_at=iso(now), error=None,
                                        note="the provider did not have it; sending again"):
                log.info("text %s: the provider did not have it; sending it again", key)

    def _send_one(self, row: dict[str, Any], report: dict[str, int]) -> None:
        key = row["key"]
        # Claim the row: only the caller whose UPDATE changed it sends (defence in depth behind the
        # one-notifier-per-data-folder lock).
        if not self.ledger.claim(key, ("pending",), "sending", self.clock(), attempts=row["attempts"]):
            log.info("text %s already taken by another pass; skipped", key)
            return
        self.on_step("before_send")
        reference = reference_for(key)
        outcome = gateway.deliver(self.ledger, self.sender, row["recipient"], row["body"], reference=reference,
                                  retry=self.retry)
        if outcome.status == "sent":
            self.on_step("after_provider_accept")  # the one duplicate window: accepted, not yet recorded
            result = outcome.result
            self.ledger.update(key, state="sent", provider=result.provider, provider_ref=result.provider_ref,
                               status=result.status, sent_at=iso(self.clock()), error=None)
            self.on_step("after_mark_sent")
            report["sent"] += 1
            log.info("sent %s", key)
        elif outcome.status == "retry_later":
            self.ledger.update(key, state="pending", error="provider busy or unreachable; will retry")
            report["retry_later"] += 1
            log.warning("text %s kept for the next pass: provider busy or unreachable", key)
        elif outcome.status == "unknown":
            # The provider may have taken it: not resent until it has been asked (after SETTLE).
            self.ledger.update(key, state="unknown", due_at=iso(self.clock() + self.settle),
                               error="no answer from the provider; it may have gone")
            report["unknown"] += 1
            log.warning("text %s: no answer from the provider; will ask whether it went before resending", key)
        else:
            self.ledger.undeliverable(key, outcome.status, self._twin(row), self.clock())
            report["undeliverable"] += 1
            log.warning("text %s not sent (%s): printing instead", key, outcome.status)

    # -- printouts ------------------------------------------------------------------------------
    def _print(self, now: datetime, report: dict[str, int]) -> None:
        s = self.settings
        for row in self.ledger.open_rows("print"):
            key = row["key"]
            if not self.ledger.claim(key, ("pending", "printing"), "printing", now, attempts=row["attempts"]):
                continue  # taken by another pass
            self.on_step("before_print")
            twin = json.loads(row["twin_json"] or "{}")
            out = s.out_dir / printouts.pdf_name(key)
            try:
                pdf = printouts.render(twin, out, api=self.api, home_id=row["home_id"], now=now,
                                       url_template=s.story_url)
            except TransientError as exc:
                log.warning("printout %s kept for the next pass: the service could not be read (%s)", key,
                            _why(exc))
                continue
            except (PdfWriteError, OSError) as exc:  # disk full, folder gone: try again next pass
                self.ledger.update(key, state="pending", error=f"could not be written ({type(exc).__name__})")
                report["print_errors"] += 1
                log.warning("printout %s could not be written (%s); kept for the next pass", key, type(exc).__name__)
                continue
            except (LookupError, UserError) as exc:  # RequestRefused too: nothing the service will give
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
            self.on_step("after_print")
            self.ledger.update(key, state="printed", pdf_path=str(pdf), print_job=job, sent_at=iso(now), note=note)
            self.on_step("after_mark_printed")
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
            except UserError:  # TransientError, AuthError: next pass
                return
            self.ledger.update(key, share_id=share or "-")


def one_per_data_folder(ledger_path):
    """Hold the data folder's notifier lock (``notifier.sqlite3.lock``), or raise :class:`Busy`
    (exit 10) at once: two notifiers on one send log would both send every due text."""
    return held(f"{ledger_path}.lock", Busy("Another carekiosk notify is already running for this data folder."))


def connect(settings: NotifySettings) -> OrganisationApi:
    """The moderation service as the notifier's key reaches it: a provider's (its homes), a public-interest
    body's (its area) or the moderator's (every home; for an operator's notifier, e.g. with
    ``audiences = ["public_interest"]``)."""
    if not settings.server_url:
        raise UserError("The notifier needs the moderation service address: --server URL or [notify] server_url.")
    if not settings.key:
        raise UserError("The notifier needs a key (a provider's, a public-interest body's or a moderator's): --key, "
                        "CAREKIOSK_NOTIFY_KEY or [notify] key.")
    # A provider key reads stories awaiting decision and managers' numbers: never over plain
    # http to another machine (the same rule as `carekiosk enrol`).
    base = check_server_url(settings.server_url, insecure=settings.insecure)
    return OrganisationApi(base, settings.key, user_agent="carekiosk-notifier")


def build(settings: NotifySettings, ledger: Ledger, *, clock: Callable[[], datetime] | None = None,
          sender: Sender | None = None, use_config_sender: bool = True,
          on_step: Callable[[str], None] | None = None) -> Notifier:
    from print_notices.sms.config import sender_from_config

    if sender is None and use_config_sender:
        sender = sender_from_config()
    return Notifier(settings, ledger, connect(settings), sender, clock=clock or utcnow, on_step=on_step)


def explain(notifier: Notifier, report: dict[str, int]) -> list[str]:
    """What a person reading the counts needs next: why texts did not go, and where the PDFs are."""
    lines: list[str] = []
    settings = getattr(notifier, "settings", None)
    if report.get("undeliverable") and getattr(notifier, "sender", None) is None:
        lines.append("notify: texts are not set up (no [sms] section in carekiosk.toml and no TWILIO_* or NOTIFY_* "
                     "variables: see docs/notices.md), so no text was sent; a printout was made for each instead.")
    elif report.get("undeliverable"):
        lines.append("notify: some texts could not be delivered (an opted-out or invalid number: see "
                     "`carekiosk status`); a printout was made for each instead.")
    if report.get("printed") and settings is not None:
        where = (f"; they were also sent to the printer {settings.printer}" if settings.printer
                 else " (no printer is set: [notify] printer)")
        lines.append(f"notify: the PDFs are in {settings.out_dir}{where}.")
    return lines


def loop(notifier: Notifier, *, once: bool, interval: float, echo: Callable[[str], None] = print,
         sleep: Callable[[float], None] = time.sleep) -> None:
    """Run passes. With ``once``, one pass; :class:`ServiceUnreachable` (exit 5) if the moderation
    service could not be reached in it. Without, a pass that fails with a :class:`LookupError`, a
    service error or an :class:`OSError` is logged by type and the loop carries on; a refused key
    (:class:`KeyRefused`) stops it."""
    while True:
        try:
            report = notifier.run_once()
        except (LookupError, RequestRefused, TransientError, OSError) as exc:
            if once:
                raise
            log.warning("pass failed (%s); trying again in %g s", type(exc).__name__, interval)
            sleep(interval)
            continue
        echo("notify: " + ", ".join(f"{k} {v}" for k, v in report.items() if v) if any(report.values())
             else "notify: nothing to do")
        for line in explain(notifier, report):
            echo(line)
        if once:
            if report["service_errors"]:
                raise ServiceUnreachable("The moderation service could not be reached, so new events were not "
                                         "read; texts already recorded were still sent. Try again later.")
            return
        sleep(interval)

