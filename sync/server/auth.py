"""Bearer tokens and roles.

Tokens are ``secrets.token_urlsafe`` values shown once; the service keeps only their SHA-256.
Roles: ``device`` (made by enrolment, bound to one device and so one home), ``provider`` (one or
more homes), ``moderator`` (everything). No or unknown token → 401; wrong role or home → 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from .db import iso, parse_iso
from .errors import ApiError, forbidden

ROLES = ("device", "provider", "moderator")
PREFIX = {"device": "ckd_", "provider": "ckp_", "moderator": "ckm_"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
CODE_VALID_DAYS = 14


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    role: str
    key_id: str
    device_id: str | None = None
    home_ids: frozenset[str] = field(default_factory=frozenset)

    def require(self, *roles: str) -> "Principal":
        if self.role not in roles:
            raise forbidden(f"This needs a {' or '.join(roles)} key; yours is a {self.role} key.")
        return self

    def can_see_home(self, home_id: str) -> bool:
        return self.role == "moderator" or home_id in self.home_ids

    def require_home(self, home_id: str) -> "Principal":
        if not self.can_see_home(home_id):
            raise forbidden("Your key is not for this care home.")
        return self


def create_token(conn: sqlite3.Connection, role: str, *, now: datetime, home_ids: Iterable[str] = (),
                 device_id: str | None = None, label: str | None = None) -> str:
    """Store a new token's hash and return the token (the only time it is seen)."""
    if role not in ROLES:
        raise ValueError(role)
    token = PREFIX[role] + secrets.token_urlsafe(32)
    digest = hash_secret(token)
    key_id = "k_" + secrets.token_hex(6)
    conn.execute("INSERT INTO tokens (token_hash, key_id, role, device_id, label, created_at) VALUES (?,?,?,?,?,?)",
                 (digest, key_id, role, device_id, label, iso(now)))
    for home_id in dict.fromkeys(home_ids):
        conn.execute("INSERT INTO token_homes (token_hash, home_id) VALUES (?, ?)", (digest, home_id))
    return token


def lookup(conn: sqlite3.Connection, token: str) -> Principal | None:
    if not token or len(token) > 200:
        return None
    digest = hash_secret(token)
    row = conn.execute("SELECT token_hash, key_id, role, device_id FROM tokens WHERE token_hash = ?"
                       " AND revoked_at IS NULL", (digest,)).fetchone()
    if row is None or not hmac.compare_digest(row["token_hash"], digest):
        return None
    if row["role"] == "device":
        homes = [r[0] for r in conn.execute("SELECT home_id FROM devices WHERE device_id = ?", (row["device_id"],))]
    else:
        homes = [r[0] for r in conn.execute("SELECT home_id FROM token_homes WHERE token_hash = ?", (digest,))]
    return Principal(role=row["role"], key_id=row["key_id"], device_id=row["device_id"], home_ids=frozenset(homes))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_enrol_code(conn: sqlite3.Connection, home_id: str, *, now: datetime,
                   valid_days: int = CODE_VALID_DAYS) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    conn.execute("INSERT INTO enrol_codes (code_hash, home_id, created_at, expires_at) VALUES (?,?,?,?)",
                 (hash_secret(raw), home_id, iso(now), iso(now + timedelta(days=valid_days))))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


ENROL_RETRY_WINDOW = timedelta(hours=1)


def enrol(conn: sqlite3.Connection, *, code: str, device_id: str, label: str | None, now: datetime,
          current_token: str | None = None) -> tuple[str, str]:
    """Spend a one-time code; returns (device token, home id). Call inside a transaction.

    Device ids are not secret (the home's provider and devices see them), so enrolling an id that
    is already enrolled needs that device's own current token: a code alone cannot take over a kiosk."""
    digest = hash_secret(normalise_code(code))
    row = conn.execute("SELECT home_id, expires_at, used_at, device_id FROM enrol_codes WHERE code_hash = ?",
                       (digest,)).fetchone()
    # The same device spending its code again soon after is a retry after an answer that never
    # arrived: the code is its proof, and it gets a fresh token (the earlier one is revoked).
    retry = (row is not None and row["used_at"] is not None and row["device_id"] == device_id
             and now - parse_iso(row["used_at"]) <= ENROL_RETRY_WINDOW)
    if row is None or (row["used_at"] is not None and not retry):
        raise forbidden("This enrolment code is unknown or has already been used; ask for a new one.")
    if parse_iso(row["expires_at"]) < now:
        raise forbidden("This enrolment code has expired; ask for a new one.")
    home_id = row["home_id"]
    existing = conn.execute("SELECT home_id FROM devices WHERE device_id = ?", (device_id,)).fetchone()
    if existing is not None and existing["home_id"] != home_id:
        raise ApiError(409, "This device is already enrolled for another care home.")
    if existing is not None and not retry:
        holder = lookup(conn, current_token) if current_token else None
        if holder is None or holder.role != "device" or holder.device_id != device_id:
            raise ApiError(409, "This device id is already enrolled; enrol again from that device itself, "
                                "or enrol this one under a new id.")
    if not retry:
        conn.execute("UPDATE enrol_codes SET used_at = ?, device_id = ? WHERE code_hash = ?",
                     (iso(now), device_id, digest))
    if existing is None:
        conn.execute("INSERT INTO devices (device_id, home_id, label, enrolled_at) VALUES (?,?,?,?)",
                     (device_id, home_id, label, iso(now)))
    else:  # re-enrolment of the same device for the same home: the old token stops working
        conn.execute("UPDATE tokens SET revoked_at = ? WHERE role = 'device' AND device_id = ? AND revoked_at IS NULL",
                     (iso(now), device_id))
        conn.execute("UPDATE devices SET label = COALESCE(?, label) WHERE device_id = ?", (label, device_id))
    token = create_token(conn, "device", now=now, device_id=device_id, label=label)
    return token, home_id
