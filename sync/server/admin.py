"""Homes, enrolment codes, keys and rosters: what ``carekiosk admin`` does, as plain functions on the
service database (so tests and other tools can call them without a terminal)."""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import datetime
from typing import Any

import phonenumbers

from sync.errors import UserError

from . import auth
from .db import iso

MAX_NAME_CHARS = 120
MAX_ROSTER_BYTES = 64 * 1024


def normalise_phone(number: str, what: str = "manager's mobile number") -> str:
    """A UK (or +international) number in E.164, or UserError."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        raise UserError(f"The {what} does not look like a phone number.") from None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # Ofcom's drama/test range (07700 900000-900999) is reserved for fiction and tests: accept it.
    drama = e164.startswith("+447700900") and len(e164) == 13
    if not (phonenumbers.is_valid_number(parsed) or drama):
        raise UserError(f"The {what} does not look like a valid phone number.")
    return e164


def check_roster(roster: Any) -> dict[str, Any]:
    if not isinstance(roster, dict):
        raise UserError("A roster must be a JSON object (for example {\"staff\": [...], \"residents\": [...]}).")
    if len(json.dumps(roster, ensure_ascii=False).encode("utf-8")) > MAX_ROSTER_BYTES:
        raise UserError(f"The roster is too large; keep it under {MAX_ROSTER_BYTES // 1024} KB.")
    return roster


def add_home(conn: sqlite3.Connection, name: str, manager_phone: str, *, now: datetime,
             public_interest_phone: str | None = None, roster: dict[str, Any] | None = None) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise UserError(f"A home needs a name of 1 to {MAX_NAME_CHARS} characters.")
    manager = normalise_phone(manager_phone)
    public_interest = (normalise_phone(public_interest_phone, "public-interest phone number")
                       if public_interest_phone else None)
    home_id = "home_" + secrets.token_hex(4)
    conn.execute("INSERT INTO homes (id, name, manager_phone, public_interest_phone, roster_json, created_at)"
                 " VALUES (?,?,?,?,?,?)",
                 (home_id, name, manager, public_interest, json.dumps(check_roster(roster or {})), iso(now)))
    return home_id


def get_home(conn: sqlite3.Connection, home_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM homes WHERE id = ?", (home_id,)).fetchone()


def require_home(conn: sqlite3.Connection, home_id: str) -> sqlite3.Row:
    row = get_home(conn, home_id)
    if row is None:
        raise UserError(f"There is no home with id {home_id!r}; see `carekiosk admin list-homes`.")
    return row


def set_roster(conn: sqlite3.Connection, home_id: str, roster: Any) -> None:
    require_home(conn, home_id)
    conn.execute("UPDATE homes SET roster_json = ? WHERE id = ?", (json.dumps(check_roster(roster)), home_id))


def enrol_code(conn: sqlite3.Connection, home_id: str, *, now: datetime) -> str:
    require_home(conn, home_id)
    return auth.new_enrol_code(conn, home_id, now=now)


def provider_key(conn: sqlite3.Connection, home_ids: list[str], *, now: datetime, label: str | None = None) -> str:
    if not home_ids:
        raise UserError("A provider key needs at least one home id.")
    for home_id in home_ids:
        require_home(conn, home_id)
    return auth.create_token(conn, "provider", now=now, home_ids=home_ids, label=label)


def moderator_key(conn: sqlite3.Connection, *, now: datetime, label: str | None = None) -> str:
    return auth.create_token(conn, "moderator", now=now, label=label)


def home_public(row: sqlite3.Row) -> dict[str, Any]:
    """What a device learns about its home at enrolment."""
    return {"id": row["id"], "name": row["name"], "roster": json.loads(row["roster_json"] or "{}")}


def home_full(row: sqlite3.Row) -> dict[str, Any]:
    """Home details for the home's provider, the moderator and the notifier (includes phone numbers)."""
    return {"id": row["id"], "name": row["name"], "manager_phone": row["manager_phone"],
            "public_interest_phone": row["public_interest_phone"],
            "roster": json.loads(row["roster_json"] or "{}"), "created_at": row["created_at"]}


def list_homes(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    out = []
    for row in conn.execute("SELECT * FROM homes ORDER BY created_at, id"):
        devices = conn.execute("SELECT COUNT(*) FROM devices WHERE home_id = ?", (row["id"],)).fetchone()[0]
        stories = conn.execute("SELECT COUNT(*) FROM stories WHERE home_id = ?", (row["id"],)).fetchone()[0]
        out.append({"home_id": row["id"], "name": row["name"], "manager_phone": row["manager_phone"],
                    "public_interest_phone": row["public_interest_phone"], "devices": devices,
                    "stories": stories})
    return out
