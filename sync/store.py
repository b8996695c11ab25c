"""The on-device story store: one SQLite file holding sealed stories, their outbox state,
the public outcomes pulled back from the service, and a log of notices sent.

Why it is built this way:
- WAL + ``synchronous=FULL``: an acknowledged "story saved" survives a power cut, and the kiosk
  and a field worker's ``carekiosk sync`` can use the file at the same time.
- Writes run in ``BEGIN IMMEDIATE`` transactions with a busy timeout and a bounded retry, so a
  second process waits its turn instead of showing "database is locked" to a person.
- Each story takes the next per-device sequence number (never reused: the counter lives in the
  ``device`` row, not in ``max(seq)``) and a hash chained to the previous story's, so a removed or
  altered row is detectable (:meth:`Store.verify`).
- Only sealed bytes and a little metadata are stored; the story's words never touch the disk.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import acks, chain, refs, seal
from .errors import StoreError
from .i18n import ngettext
from .migrations import SCHEMA_VERSION, migrate
from .sqlite_durable import connect_private, immediate, retry_locked, setup_durable
from .story import Story

BUSY_TIMEOUT_MS = 5_000
DEMO_HOME_NAME = "Demo House"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _insert_device(c: sqlite3.Connection) -> None:
    """This device's one row, as a demo device, unless it has one (inside a write transaction)."""
    if c.execute("SELECT COUNT(*) FROM device").fetchone()[0] == 0:
        c.execute(
            "INSERT INTO device (id, device_id, profile, home_name, head_hash, created_at)"
            " VALUES (1, ?, 'demo', ?, ?, ?)",
            (refs.new_uuid(), DEMO_HOME_NAME, chain.GENESIS, iso(utcnow())),
        )


def hour_of(moment: datetime) -> str:
    """Creation time rounded down to the hour: enough for sorting, too coarse to say who was in the lobby."""
    return iso(moment.replace(minute=0, second=0, microsecond=0))


@dataclass(frozen=True)
class Added:
    uuid: str
    seq: int
    ref: str
    chain_hash: str


@dataclass(frozen=True)
class Device:
    device_id: str
    profile: str  # "demo" or "enrolled"
    home_id: str | None
    home_name: str
    public_key: str | None
    last_seq: int
    head_hash: str
    server_url: str | None
    token: str | None
    roster: dict[str, Any]
    last_sync: str | None
    events_cursor: str | None

    @property
    def is_demo(self) -> bool:
        return self.profile == "demo"


def _is_full_error(exc: sqlite3.Error) -> bool:
    return "full" in str(exc).lower() or getattr(exc, "sqlite_errorcode", None) == 13


class Store:
    """One device database. Open with :func:`sync.profile.open_store` in application code."""

    def __init__(self, path: str | os.PathLike, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        try:
            conn = connect_private(self.path, timeout=busy_timeout_ms / 1000)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"The story database {self.path} cannot be opened ({exc}).") from None
        self.conn = conn
        try:
            retry_locked(lambda: self._setup(busy_timeout_ms))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"The story database {self.path} is damaged or not a database ({exc}).") from None

    # -- opening -----------------------------------------------------------------------------
    def _setup(self, busy_timeout_ms: int) -> None:
        c = self.conn
        mode = setup_durable(c, busy_timeout_ms)
        if mode.lower() != "wal":
            raise StoreError(f"The story database {self.path} cannot use write-ahead logging (got {mode}).")
        migrate(c, on_new=_insert_device)  # a new file gets its device row in the same commit
        if c.execute("SELECT COUNT(*) FROM device").fetchone()[0] == 0:
            with self.transaction():
                _insert_device(c)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any error, maps a full disk to a clear StoreError."""
        try:
            with immediate(self.conn) as conn:
                yield conn
        except BaseException as exc:
            if isinstance(exc, sqlite3.Error) and _is_full_error(exc):
                raise StoreError(
                    "The device's storage is full, so nothing was saved; free some space and try again."
                ) from None
            raise

    # -- device profile ----------------------------------------------------------------------
    def device(self) -> Device:
        row = self.conn.execute(
            "SELECT device_id, profile, home_id, home_name, public_key, last_seq, head_hash, server_url,"
            " token, roster_json, last_sync, events_cursor FROM device WHERE id = 1"
        ).fetchone()
        return Device(*row[:9], roster=json.loads(row[9] or "{}"), last_sync=row[10], events_cursor=row[11])

    def set_public_key(self, public_key: str) -> None:
        with self.transaction() as c:
            c.execute("UPDATE device SET public_key = ? WHERE id = 1", (public_key,))

    def enrol(self, *, home_id: str, home_name: str, public_key: str, server_url: str, token: str,
              roster: dict[str, Any] | None = None, device_id: str | None = None,
              may_set_aside: int | None = None, ref_slot: int | None = None) -> int:
        """Leave the demo profile: from now on stories are sealed to the real service's key.

        With a new ``device_id`` (leaving the demo profile), the current chain is closed and kept in
        ``chains`` for ``verify``, and a fresh chain starts at number 1, so the service never sees
        the demo numbers as missing. Demo stories not yet sent can never be opened by the service:
        they stay on the device as ``not_sent``. Returns how many were set aside. ``may_set_aside``:
        refuse (change nothing) if more demo stories wait than the caller checked and agreed to —
        a visitor may have pressed Send while the enrolment request was on its way."""
        now = iso(utcnow())
        set_aside = 0
        with self.transaction() as c:
            current, profile, last_seq, head = c.execute(
                "SELECT device_id, profile, last_seq, head_hash FROM device WHERE id = 1").fetchone()
            if device_id and device_id != current:
                waiting = c.execute(
                    "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending') AND uuid IN"
                    " (SELECT uuid FROM stories WHERE device_id = ?)", (current,)).fetchone()[0] + c.execute(
                    "SELECT COUNT(*) FROM updates WHERE state IN ('pending', 'sending') AND device_id = ?",
                    (current,)).fetchone()[0]
                if may_set_aside is not None and waiting > may_set_aside:
                    raise StoreError("A story was written on this kiosk while it was being enrolled, so nothing "
                                     "was changed; run the same enrol command again.")
                c.execute("INSERT INTO chains (device_id, profile, last_seq, head_hash, closed_at)"
                          " VALUES (?, ?, ?, ?, ?)", (current, profile, last_seq, head, now))
                set_aside = c.execute(
                    "UPDATE outbox SET state = 'not_sent', updated_at = ?, last_error = ?"
                    " WHERE state IN ('pending', 'sending') AND uuid IN (SELECT uuid FROM stories WHERE device_id = ?)",
                    (now, "written on the demo profile; never sent", current)).rowcount
                # an update written on the demo profile was sealed to the demo key too
                set_aside += c.execute("UPDATE updates SET state = 'not_sent', updated_at = ?, last_error = ?"
                          " WHERE state IN ('pending', 'sending') AND device_id = ?",
                          (now, "written on the demo profile; never sent", current)).rowcount
                c.execute("UPDATE device SET device_id = ?, last_seq = 0, head_hash = ? WHERE id = 1",
                          (device_id, chain.GENESIS))
            c.execute(
                "UPDATE device SET profile = 'enrolled', home_id = ?, home_name = ?, public_key = ?,"
                " server_url = ?, token = ?, roster_json = ?, enrolled_at = ?, events_cursor = NULL, ref_slot = ?"
                " WHERE id = 1",
                (home_id, home_name, public_key, server_url, token, json.dumps(roster or {}), now, ref_slot),
            )
        return set_aside

    def mark_synced(self, moment: datetime | None = None, *, events_cursor: str | None = None) -> None:
        with self.transaction() as c:
            c.execute("UPDATE device SET last_sync = ? WHERE id = 1", (iso(moment or utcnow()),))
            if events_cursor is not None:
                c.execute("UPDATE device SET events_cursor = ? WHERE id = 1", (events_cursor,))

    # -- adding stories ----------------------------------------------------------------------
    @staticmethod
    def _ref_rule(c: sqlite3.Connection) -> tuple[int | None, int]:
        """(this kiosk's reference slot, the length of its next code): see :mod:`sync.refs`."""
        device_id, slot = c.execute("SELECT device_id, ref_slot FROM device WHERE id = 1").fetchone()
        if slot is None:
            count = c.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        else:
            count = c.execute("SELECT COUNT(*) FROM stories WHERE device_id = ?", (device_id,)).fetchone()[0]
        return slot, refs.digits(count, slot)

    @staticmethod
    def _taken(c: sqlite3.Connection) -> Callable[[str, str], bool]:
        return lambda ref, uuid: c.execute("SELECT 1 FROM stories WHERE ref = ? OR uuid = ?",
                                           (ref, uuid)).fetchone() is not None

    def new_story_id(self) -> tuple[str, str]:
        """A fresh (uuid, reference code) not yet used on this device and in its slot, so the kiosk
        can show the reference before the story is sent. It is re-checked when the story is added."""
        slot, digits = self._ref_rule(self.conn)
        return refs.draw(slot, digits, self._taken(self.conn))

    def add_story(self, story: Story, *, story_uuid: str | None = None, now: datetime | None = None) -> Added:
        return self.add_stories([story], story_uuids=[story_uuid], now=now)[0]

    def add_stories(self, stories: Iterable[Story], *, story_uuids: Iterable[str | None] | None = None,
                    now: datetime | None = None) -> list[Added]:
        """Seal and commit stories in one transaction: all of them are saved, or none."""
        stories = list(stories)
        uuids = list(story_uuids) if story_uuids is not None else [None] * len(stories)
        created_hour = hour_of(now or utcnow())
        added: list[Added] = []
        with self.transaction() as c:
            # Key, identity and counter are read inside the write transaction: an enrolment that
            # commits just before cannot leave a story sealed to the demo key under the new identity.
            device_id, public_key, last_seq, prev = c.execute(
                "SELECT device_id, public_key, last_seq, head_hash FROM device WHERE id = 1").fetchone()
            if not public_key:
                raise StoreError("This device has no moderation key yet; open it with `carekiosk status` first.")
            taken = self._taken(c)
            for story, wanted in zip(stories, uuids):
                slot, digits = self._ref_rule(c)
                ref = chain.reference_code(wanted, digits) if wanted else ""
                if wanted and refs.in_slot(ref, slot) and not taken(ref, wanted):
                    story_uuid = wanted
                else:  # none asked for, or the code shown is no longer free: a new one (rare)
                    story_uuid, ref = refs.draw(slot, digits, taken)
                seq = last_seq + 1
                sealed = seal.seal(
                    seal.envelope(story.to_payload(), uuid=story_uuid, device_id=device_id, seq=seq),
                    public_key,
                )
                digest = chain.payload_digest(sealed)
                link = chain.link(prev, uuid=story_uuid, seq=seq, device_id=device_id,
                                  created_hour=created_hour, route=story.route, size=len(sealed),
                                  payload_sha256=digest)
                c.execute(
                    "INSERT INTO stories (uuid, seq, device_id, ref, created_hour, route, size, sealed,"
                    " payload_sha256, prev_hash, chain_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (story_uuid, seq, device_id, ref, created_hour, story.route, len(sealed), sealed,
                     digest, prev, link),
                )
                c.execute("INSERT INTO outbox (uuid, state, updated_at) VALUES (?, 'pending', ?)",
                          (story_uuid, iso(utcnow())))
                added.append(Added(story_uuid, seq, ref, link))
                last_seq, prev = seq, link
            c.execute("UPDATE device SET last_seq = ?, head_hash = ? WHERE id = 1", (last_seq, prev))
        return added

    def add_update(self, update: Any) -> str:
        """Seal and queue an author's update (:mod:`sync.update_outbox`); returns its uuid."""
        from .update_outbox import add_update

        return add_update(self, update)

    # -- reading -----------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        device = self.device()
        counts = dict(self.conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
        return {
            "profile": "demo" if device.is_demo else device.home_id,
            "home_name": device.home_name,
            "device_id": device.device_id,
            "pending": counts.get("pending", 0) + counts.get("sending", 0),
            "sending": counts.get("sending", 0),
            "acknowledged": counts.get("acknowledged", 0),
            "not_sent": counts.get("not_sent", 0),
            "last_seq": device.last_seq,
            "head_hash": device.head_hash,
            "last_sync": device.last_sync,
            "schema_version": self.conn.execute("PRAGMA user_version").fetchone()[0],
            # authors' updates not yet answered for good (sync.update_outbox), held ones included
            "updates_pending": self.conn.execute(
                "SELECT COUNT(*) FROM updates WHERE state IN ('pending', 'sending')").fetchone()[0],
        }

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query as dicts (column name -> value)."""
        cur = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def story_rows(self) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM stories ORDER BY seq")

    def sealed_story(self, story_uuid: str) -> bytes | None:
        row = self.conn.execute("SELECT sealed FROM stories WHERE uuid = ?", (story_uuid,)).fetchone()
        return row[0] if row else None

    # -- outbox (the sync client drives these) -----------------------------------------------
    def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        """Stories not yet acknowledged by the service, oldest first (``sending`` ones too: a
        killed sync left them there, and the service deduplicates on uuid)."""
        return self.query(
            "SELECT s.uuid, s.seq, s.device_id, s.ref, s.created_hour, s.route, s.size, s.sealed,"
            " s.payload_sha256, s.prev_hash, s.chain_hash, o.attempts FROM stories s JOIN outbox o USING (uuid)"
            " WHERE o.state IN ('pending', 'sending') ORDER BY s.seq LIMIT ?", [limit])

    def mark_sending(self, uuids: Iterable[str]) -> None:
        with self.transaction() as c:
            c.executemany("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?"
                          " WHERE uuid = ? AND state IN ('pending', 'sending')", [(iso(utcnow()), u) for u in uuids])

    def mark_acknowledged(self, results: dict[str, str]) -> None:
        """Only an explicit per-story acknowledgement from the service takes a story off the outbox."""
        now = iso(utcnow())
        with self.transaction() as c:
            c.executemany("UPDATE outbox SET state = 'acknowledged', acknowledged_at = ?, updated_at = ?,"
                          " result = ?, last_error = NULL WHERE uuid = ?",
                          [(now, now, result, u) for u, result in results.items()])
            acks.record(c, results, now)  # what verify checks the outbox against (sync/acks.py)

    def mark_failed(self, uuids: Iterable[str], error: str) -> None:
        with self.transaction() as c:
            c.executemany("UPDATE outbox SET state = 'pending', last_error = ?, updated_at = ?"
                          " WHERE uuid = ? AND state IN ('pending', 'sending')", [(error, iso(utcnow()), u) for u in uuids])

    # -- integrity ---------------------------------------------------------------------------
    def _verify_chain(self, device_id: str, last_seq: int, head_hash: str, label: str) -> list[str]:
        """Problems in one device id's chain; ``label`` tells chains apart in the messages."""
        problems: list[str] = []
        prev = chain.GENESIS
        expected_seq = 1
        for row in self.conn.execute(
            "SELECT uuid, seq, device_id, created_hour, route, size, sealed, payload_sha256, prev_hash,"
            " chain_hash FROM stories WHERE device_id = ? ORDER BY seq", (device_id,)
        ):
            story_uuid, seq, dev, hour, route, size, sealed, digest, prev_hash, link = row
            if not _stored_as_written(row):  # e.g. a sealed value turned into TEXT by hand
                problems.append(f"story number {seq}{label} was altered (what is stored is not what carekiosk "
                                "writes: sealed bytes and their details)")
                if isinstance(seq, int):
                    expected_seq = seq + 1
                prev = link if isinstance(link, str) else prev
                continue
            if seq != expected_seq:
                missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
                problems.append(f"story number {missing}{label} is missing (removed from the database)")
                prev = prev_hash  # carry on from what is there, to report later problems too
            if chain.payload_digest(sealed) != digest or len(sealed) != size:
                problems.append(f"story number {seq}{label} was altered (its sealed content does not match its hash)")
            if prev_hash != prev:
                problems.append(f"story number {seq}{label} does not follow on from the story before it (chain broken)")
            recomputed = chain.link(prev_hash, uuid=story_uuid, seq=seq, device_id=dev, created_hour=hour,
                                    route=route, size=size, payload_sha256=digest)
            if recomputed != link:
                problems.append(f"story number {seq}{label} was altered (its details do not match its chain hash)")
            prev = link
            expected_seq = seq + 1
        if last_seq >= expected_seq:
            missing = f"{expected_seq}" if last_seq == expected_seq else f"{expected_seq}–{last_seq}"
            problems.append(f"story number {missing}{label} is missing (the newest stories were removed)")
        elif last_seq < expected_seq - 1:
            problems.append(f"the device's story counter{label} is behind its stories (altered)")
        elif head_hash != prev:
            problems.append(f"the newest story{label} does not match the device's chain head (altered)")
        return problems

    def verify(self) -> list[str]:
        """Every integrity problem found, first problem first (empty list: all well).

        Runs in one read transaction: a story saved by the kiosk while ``verify`` reads must not
        look like tampering (WAL gives this reader one consistent snapshot). A file damaged so badly
        that SQLite cannot read it to the end is itself the problem reported."""
        problems: list[str] = []
        try:
            self.conn.execute("BEGIN")
            problems = self._verify()
        except sqlite3.DatabaseError:  # OperationalError too: SQLite's message may quote damaged bytes
            problems.append("the database file is damaged: SQLite cannot read all of it (copy what you can "
                            "with `VACUUM INTO`, see docs/sync.md, and ask for help)")
        finally:
            try:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                pass
        return problems

    def _verify(self) -> list[str]:
        problems: list[str] = []
        check = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            problems.append(f"SQLite integrity check failed: {check[0]}")
        fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(ngettext("{n} outbox row points at a story that is missing",
                                     "{n} outbox rows point at a story that is missing", len(fk), "en"))
        device = self.device()
        chains = [(device.device_id, device.last_seq, device.head_hash, "")] + [
            (dev, last, head, " (demo)" if profile == "demo" else f" (earlier {profile} chain)")
            for dev, profile, last, head in self.conn.execute(
                "SELECT device_id, profile, last_seq, head_hash FROM chains ORDER BY closed_at")]
        for dev, last_seq, head, label in chains:
            problems += self._verify_chain(dev, last_seq, head, label)
        known = {c[0] for c in chains}
        strays = [d for (d,) in self.conn.execute("SELECT DISTINCT device_id FROM stories") if d not in known]
        if strays:
            problems.append(ngettext("stories from an unknown device id were added ({n} device id)",
                                     "stories from unknown device ids were added ({n} device ids)", len(strays), "en"))
        problems += acks.problems(self.conn)
        orphans = self.conn.execute(
            "SELECT COUNT(*) FROM stories s LEFT JOIN outbox o USING (uuid) WHERE o.uuid IS NULL").fetchone()[0]
        if orphans:
            problems.append(ngettext("{n} story has no outbox record", "{n} stories have no outbox record", orphans,
                                     "en"))
        return problems


_STORED_TYPES = (str, int, str, str, str, int, bytes, str, str, str)  # the columns _verify_chain reads


def _stored_as_written(row: tuple) -> bool:
    """Whether a stories row holds the kinds of values carekiosk writes (SQLite keeps whatever it is given)."""
    return all(isinstance(value, kind) and not isinstance(value, bool) for value, kind in zip(row, _STORED_TYPES))


def schema_version() -> int:
    return SCHEMA_VERSION
