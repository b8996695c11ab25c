"""Bearer tokens, roles and enrolment.

Tokens are ``secrets.token_urlsafe`` values shown once; the service keeps only their SHA-256.
Roles: ``device`` (made by enrolment, bound to one device and so one home), ``provider`` (a provider
organisation's key, for one or more of its homes), ``public_interest`` (a commissioner's, regulator's
or Healthwatch's key, for the homes of its area), ``moderator`` (everything). Provider and
public-interest keys belong to an organisation (:mod:`.organisations`) and speak as it. No, unknown
or revoked token → 401; wrong role → 403 (a story of another home answers 404, see :mod:`.access`).
Any key can be revoked (``carekiosk admin revoke-key KEY_ID``); it is refused from the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from sync.errors import UserError
from sync.refs import SLOTS

from ..clock import iso, parse_iso
from ..errors import ApiError, forbidden
from ..queries.homes import require_home
from ..schema import devices, enrol_codes, organisations, token_homes, tokens
from . import organisations as orgs

ROLES = ("device", "provider", "public_interest", "moderator")
#: the roles whose keys belong to an organisation (and so may respond as it)
ORGANISATION_ROLES = ("provider", "public_interest")
PREFIX = {"device": "ckd_", "provider": "ckp_", "public_interest": "cki_", "moderator": "ckm_"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
CODE_VALID_DAYS = 14
ENROL_RETRY_WINDOW = timedelta(hours=1)

# Every authenticated request runs these: built once.
_TOKEN = (select(tokens.c.token_hash, tokens.c.key_id, tokens.c.role, tokens.c.device_id, tokens.c.org_id,
                 organisations.c.name.label("org_name"), organisations.c.kind.label("org_kind"))
          .select_from(tokens.outerjoin(organisations, organisations.c.id == tokens.c.org_id))
          .where(tokens.c.token_hash == bindparam("digest"), tokens.c.revoked_at.is_(None)))
_DEVICE_HOME = select(devices.c.home_id).where(devices.c.device_id == bindparam("device_id"))
_TOKEN_HOMES = select(token_homes.c.home_id).where(token_homes.c.token_hash == bindparam("digest"))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    role: str
    key_id: str
    device_id: str | None = None
    home_ids: frozenset[str] = field(default_factory=frozenset)
    org_id: str | None = None
    org_name: str | None = None
    org_kind: str | None = None  # provider, commissioner, regulator or healthwatch

    @property
    def actor(self) -> str:
        """How the story's history names this caller (ids only, never a person)."""
        return f"{self.role}:{self.device_id or self.key_id}"

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


@dataclass(frozen=True)
class NewKey:
    """A key just made: the secret (shown once) and what it is."""
    key: str
    key_id: str
    role: str
    org_id: str | None = None
    home_ids: tuple[str, ...] = ()


def create_token(conn: Connection, role: str, *, now: datetime, home_ids: Iterable[str] = (),
                 device_id: str | None = None, label: str | None = None, org_id: str | None = None) -> str:
    """Store a new token's hash and return the token (the only time it is seen)."""
    return _create(conn, role, now=now, home_ids=home_ids, device_id=device_id, label=label, org_id=org_id).key


def _create(conn: Connection, role: str, *, now: datetime, home_ids: Iterable[str] = (),
            device_id: str | None = None, label: str | None = None, org_id: str | None = None) -> NewKey:
    if role not in ROLES:
        raise ValueError(role)
    token = PREFIX[role] + secrets.token_urlsafe(32)
    digest = hash_secret(token)
    key_id = "k_" + secrets.token_hex(6)
    label = " ".join((label or "").split())[:120] or None
    conn.execute(insert(tokens).values(token_hash=digest, key_id=key_id, role=role, device_id=device_id,
                                       label=label, created_at=iso(now), org_id=org_id))
    homes = tuple(dict.fromkeys(home_ids))
    for home_id in homes:
        conn.execute(insert(token_homes).values(token_hash=digest, home_id=home_id))
    return NewKey(token, key_id, role, org_id, homes)


def lookup(conn: Connection, token: str) -> Principal | None:
    if not token or len(token) > 200:
        return None
    digest = hash_secret(token)
    row = conn.execute(_TOKEN, {"digest": digest}).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.role == "device":
        homes = conn.execute(_DEVICE_HOME, {"device_id": row.device_id}).scalars()
    else:
        homes = conn.execute(_TOKEN_HOMES, {"digest": digest}).scalars()
    return Principal(role=row.role, key_id=row.key_id, device_id=row.device_id, home_ids=frozenset(homes),
                     org_id=row.org_id, org_name=row.org_name, org_kind=row.org_kind)


# -- keys and codes made by `carekiosk admin` --------------------------------------------------

def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_enrol_code(conn: Connection, home_id: str, *, now: datetime, valid_days: int = CODE_VALID_DAYS) -> str:
    require_home(conn, home_id)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    conn.execute(insert(enrol_codes).values(code_hash=hash_secret(raw), home_id=home_id, created_at=iso(now),
                                            expires_at=iso(now + timedelta(days=valid_days))))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _organisation_for(conn: Connection, *, org_id: str | None, name: str | None, kind: str, home_ids: list[str],
                      now: datetime, phone: str | None, kinds: tuple[str, ...]) -> str:
    """The organisation a new key belongs to: ``org_id``, else the one of this name and kind, else a new one."""
    if org_id:
        found = orgs.get(conn, org_id)
        if found["kind"] not in kinds:
            raise UserError(f"Organisation {org_id} is a {found['kind']}; this key is for a {' or '.join(kinds)}.")
        if phone:
            orgs.change(conn, org_id, phone=phone)
        return org_id
    existing = orgs.find(conn, name, kind) if name else None
    if existing:
        if phone:
            orgs.change(conn, existing, phone=phone)
        return existing
    from ..queries.homes import get_home

    return orgs.create(conn, name or "Provider of " + ", ".join(get_home(conn, h)["name"] for h in home_ids),
                       kind, now=now, phone=phone)


def provider_key(conn: Connection, home_ids: list[str], *, now: datetime, label: str | None = None,
                 org_id: str | None = None, name: str | None = None, phone: str | None = None) -> NewKey:
    """A provider organisation's key for some of its homes. The organisation is ``org_id``, else the
    provider named ``name`` (made if new), else a new one named by the label or the homes."""
    if not home_ids:
        raise UserError("A provider key needs at least one home id.")
    for home_id in home_ids:
        require_home(conn, home_id)
    org = _organisation_for(conn, org_id=org_id, name=name or label, kind=orgs.PROVIDER, home_ids=home_ids,
                            now=now, phone=phone, kinds=(orgs.PROVIDER,))
    orgs.cover(conn, org, home_ids)
    return _create(conn, "provider", now=now, home_ids=home_ids, label=label, org_id=org)


def public_interest_key(conn: Connection, name: str, kind: str, home_ids: list[str], *, now: datetime,
                        label: str | None = None, phone: str | None = None, org_id: str | None = None) -> NewKey:
    """A key for a public-interest body (``kind`` commissioner, regulator or healthwatch) for the homes
    of its area; the body ``name`` is made on first use and reused (and its area widened) after."""
    orgs.check_kind(kind, orgs.PUBLIC_INTEREST_KINDS)
    if not home_ids:
        raise UserError("A public-interest key needs at least one home id (--home).")
    for home_id in home_ids:
        require_home(conn, home_id)
    org = _organisation_for(conn, org_id=org_id, name=orgs.check_name(name), kind=kind, home_ids=home_ids,
                            now=now, phone=phone, kinds=orgs.PUBLIC_INTEREST_KINDS)
    orgs.cover(conn, org, home_ids)
    return _create(conn, "public_interest", now=now, home_ids=home_ids, label=label, org_id=org)


def moderator_key(conn: Connection, *, now: datetime, label: str | None = None) -> NewKey:
    return _create(conn, "moderator", now=now, label=label)


def revoke(conn: Connection, key_id: str, *, now: datetime) -> dict:
    """Revoke a key of any kind by its id (``k_…``); a key revoked already stays as it was."""
    row = conn.execute(select(tokens.c.key_id, tokens.c.role, tokens.c.revoked_at)
                       .where(tokens.c.key_id == (key_id or "").strip())).mappings().first()
    if row is None:
        raise UserError(f"There is no key with id {key_id!r}; `carekiosk admin list-keys` shows them.")
    if row["revoked_at"] is None:
        conn.execute(update(tokens).where(tokens.c.key_id == row["key_id"]).values(revoked_at=iso(now)))
        return {"key_id": row["key_id"], "role": row["role"], "revoked_at": iso(now), "already": False}
    return {"key_id": row["key_id"], "role": row["role"], "revoked_at": row["revoked_at"], "already": True}


# -- enrolment ---------------------------------------------------------------------------------

def enrol(conn: Connection, *, code: str, device_id: str, label: str | None, now: datetime,
          current_token: str | None = None, ref_slots: bool = False) -> tuple[str, str]:
    """Spend a one-time code; returns (device token, home id). Call inside a transaction.

    Device ids are not secret (the home's provider and devices see them), so enrolling an id that
    is already enrolled needs that device's own current token: a code alone cannot take over a kiosk."""
    digest = hash_secret(normalise_code(code))
    row = conn.execute(select(enrol_codes.c.home_id, enrol_codes.c.expires_at, enrol_codes.c.used_at,
                              enrol_codes.c.device_id, enrol_codes.c.superseded_at)
                       .where(enrol_codes.c.code_hash == digest)).first()
    # The same device spending its code again soon after is a retry after an answer that never
    # arrived: the code is its proof, and it gets a fresh token (the earlier one is revoked). Only
    # the code of the device's latest enrolment is: once it enrolled again with a newer code, an
    # older one replayed with the (not secret) device id would otherwise take the kiosk over.
    retry = (row is not None and row.used_at is not None and row.device_id == device_id
             and row.superseded_at is None and now - parse_iso(row.used_at) <= ENROL_RETRY_WINDOW)
    if row is None or (row.used_at is not None and not retry):
        raise forbidden("This enrolment code is unknown or has already been used; ask for a new one.")
    if parse_iso(row.expires_at) < now:
        raise forbidden("This enrolment code has expired; ask for a new one.")
    home_id = row.home_id
    existing = conn.execute(select(devices.c.home_id).where(devices.c.device_id == device_id)).scalar()
    if existing is not None and existing != home_id:
        raise ApiError(409, "This device is already enrolled for another care home.")
    if existing is not None and not retry:
        holder = lookup(conn, current_token) if current_token else None
        if holder is None or holder.role != "device" or holder.device_id != device_id:
            raise ApiError(409, "This device id is already enrolled; enrol again from that device itself, "
                                "or enrol this one under a new id.")
    if not retry:
        conn.execute(update(enrol_codes).where(enrol_codes.c.code_hash == digest)
                     .values(used_at=iso(now), device_id=device_id))
        conn.execute(update(enrol_codes).where(enrol_codes.c.device_id == device_id,
                                               enrol_codes.c.code_hash != digest,
                                               enrol_codes.c.superseded_at.is_(None))
                     .values(superseded_at=iso(now)))
    if existing is None:
        slot = free_slot(conn, home_id) if ref_slots else None
        conn.execute(insert(devices).values(device_id=device_id, home_id=home_id, label=label, enrolled_at=iso(now),
                                            ref_slot=slot))
    else:  # re-enrolment of the same device for the same home: the old token stops working
        conn.execute(update(tokens).where(tokens.c.role == "device", tokens.c.device_id == device_id,
                                          tokens.c.revoked_at.is_(None)).values(revoked_at=iso(now)))
        if label is not None:
            conn.execute(update(devices).where(devices.c.device_id == device_id).values(label=label))
        held_slot = conn.execute(select(devices.c.ref_slot).where(devices.c.device_id == device_id)).scalar()
        if held_slot is None and ref_slots:  # enrolled before slots, now able to use one
            conn.execute(update(devices).where(devices.c.device_id == device_id)
                         .values(ref_slot=free_slot(conn, home_id)))
    token = create_token(conn, "device", now=now, device_id=device_id, label=label)
    return token, home_id


def free_slot(conn: Connection, home_id: str) -> int:
    """The lowest reference slot no device of the home holds (``sync.refs``); 409 when all are taken."""
    held = set(conn.execute(select(devices.c.ref_slot).where(devices.c.home_id == home_id,
                                                             devices.c.ref_slot.is_not(None))).scalars())
    for slot in range(SLOTS):
        if slot not in held:
            return slot
    raise ApiError(409, f"This care home already has {SLOTS} kiosks, each with its own reference digit; "
                        "no more can be enrolled for it.")


def ref_slot(conn: Connection, device_id: str) -> int | None:
    return conn.execute(select(devices.c.ref_slot).where(devices.c.device_id == device_id)).scalar()
