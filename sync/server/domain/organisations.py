"""Organisations: who holds a key other than a device or the moderator, and who speaks in a story's
conversation. A provider runs its homes; a public-interest body (the local authority as
commissioner, the regulator, Healthwatch) watches the homes of its area. Each covers a set of homes
(``organisation_homes``); a key belongs to one organisation and is scoped to some of its homes.

Kinds are Care Opinion's responder kinds for adult social care. The author is a voice in the
conversation too (``RESPONDER_KINDS``) but holds no key: the moderator posts for them.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from sync.conversation import AUTHOR, ORGANISATION_KINDS as ORG_KINDS, PROVIDER, PUBLIC_INTEREST_KINDS, RESPONDER_KINDS
from sync.errors import UserError

from ..clock import iso
from ..queries.homes import require_home
from ..schema import organisation_homes, organisations
from .homes import normalise_phone

__all__ = ["AUTHOR", "ORG_KINDS", "PROVIDER", "PUBLIC_INTEREST_KINDS", "RESPONDER_KINDS", "create", "find", "get",
           "cover", "change", "public_interest_contact"]
MAX_NAME_CHARS = 120


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_CHARS:
        raise UserError(f"An organisation needs a name of 1 to {MAX_NAME_CHARS} characters.")
    return name


def check_kind(kind: str, allowed: Iterable[str] = ORG_KINDS) -> str:
    allowed = tuple(allowed)
    if kind not in allowed:
        raise UserError(f"An organisation's kind is one of {', '.join(allowed)}, not {kind!r}.")
    return kind


def create(conn: Connection, name: str, kind: str, *, now: datetime, phone: str | None = None) -> str:
    org_id = "org_" + secrets.token_hex(6)
    conn.execute(insert(organisations).values(
        id=org_id, name=check_name(name), kind=check_kind(kind), created_at=iso(now),
        phone=normalise_phone(phone, "organisation's alert number") if phone else None))
    return org_id


def find(conn: Connection, name: str, kind: str) -> str | None:
    """The organisation of this name and kind (names compared ignoring case), if there is one."""
    wanted = check_name(name).lower()
    for org_id, found in conn.execute(select(organisations.c.id, organisations.c.name)
                                      .where(organisations.c.kind == kind).order_by(organisations.c.created_at)):
        if found.lower() == wanted:
            return org_id
    return None


def get(conn: Connection, org_id: str):
    row = conn.execute(select(organisations).where(organisations.c.id == org_id)).mappings().first()
    if row is None:
        raise UserError(f"There is no organisation with id {org_id!r}; see `carekiosk admin list-keys`.")
    return row


def cover(conn: Connection, org_id: str, home_ids: Iterable[str]) -> None:
    """Add homes to the organisation's area (homes it already covers are left as they are)."""
    have = set(conn.execute(select(organisation_homes.c.home_id).where(organisation_homes.c.org_id == org_id))
               .scalars())
    for home_id in dict.fromkeys(home_ids):
        require_home(conn, home_id)
        if home_id not in have:
            conn.execute(insert(organisation_homes).values(org_id=org_id, home_id=home_id))


def public_interest_contact(conn: Connection, home_id: str, phone: str, *, now: datetime) -> str:
    """``admin add-home --public-interest-phone``: the home's public-interest contact as an organisation
    (a commissioner named "Public-interest contact"), shared with other homes that gave the same number."""
    number = normalise_phone(phone, "public-interest phone number")
    org_id = conn.execute(select(organisations.c.id).where(organisations.c.phone == number,
                                                           organisations.c.kind.in_(PUBLIC_INTEREST_KINDS))
                          .order_by(organisations.c.created_at)).scalar()
    if org_id is None:
        org_id = create(conn, "Public-interest contact", "commissioner", now=now, phone=number)
    cover(conn, org_id, [home_id])
    return org_id


def change(conn: Connection, org_id: str, *, name: str | None = None, phone: str | None = None,
           clear_phone: bool = False) -> None:
    get(conn, org_id)
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = check_name(name)
    if clear_phone:
        values["phone"] = None
    elif phone is not None:
        values["phone"] = normalise_phone(phone, "organisation's alert number")
    if values:
        conn.execute(update(organisations).where(organisations.c.id == org_id).values(**values))
