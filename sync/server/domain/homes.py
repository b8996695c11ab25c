"""Care homes as ``carekiosk admin`` sets them up: name, the manager's number in E.164, the roster
given to kiosks at enrolment, and the language of the manager's texts and notices (``en`` or ``cy``).
A home's public-interest bodies are organisations covering it (:mod:`.organisations`);
``--public-interest-phone`` makes (or reuses) one for that number."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from sync.errors import UserError
from sync.i18n import LANGS

from ..clock import iso
from ..queries.homes import require_home
from ..schema import homes

MAX_NAME_CHARS = 120
MAX_ROSTER_BYTES = 64 * 1024
DEFAULT_LANGUAGE = "en"


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


_TEXTABLE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def check_textable(e164: str, what: str = "manager's mobile number", *, allow_landline: bool = False) -> str:
    """``e164`` if texts can reach it (a mobile, or Ofcom's drama range), else UserError unless the
    caller was told it is a landline on purpose (``--allow-landline``: some landlines read texts aloud)."""
    if allow_landline or (e164.startswith("+447700900") and len(e164) == 13):
        return e164
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    if kind in _TEXTABLE:
        return e164
    looks = "looks like a landline" if kind == phonenumbers.PhoneNumberType.FIXED_LINE else "is not a mobile number"
    raise UserError(f"The {what} {looks}, so texts would not reach it; give a mobile number, or add "
                    "--allow-landline if that line can receive texts.")


def same_name(conn: Connection, name: str) -> list[str]:
    """The ids of homes already called ``name`` (ignoring case and spaces at the ends)."""
    wanted = " ".join((name or "").split()).casefold()
    return [row.id for row in conn.execute(select(homes.c.id, homes.c.name).order_by(homes.c.created_at))
            if " ".join(row.name.split()).casefold() == wanted]


def check_roster(roster: Any) -> dict[str, Any]:
    if not isinstance(roster, dict):
        raise UserError("A roster must be a JSON object (for example {\"staff\": [...], \"residents\": [...]}).")
    if len(json.dumps(roster, ensure_ascii=False).encode("utf-8")) > MAX_ROSTER_BYTES:
        raise UserError(f"The roster is too large; keep it under {MAX_ROSTER_BYTES // 1024} KB.")
    return roster


def check_language(language: str) -> str:
    if language not in LANGS:
        raise UserError(f"A home's language is one of {', '.join(LANGS)} (en English, cy Welsh), not {language!r}.")
    return language


def add_home(conn: Connection, name: str, manager_phone: str, *, now: datetime,
             public_interest_phone: str | None = None, roster: dict[str, Any] | None = None,
             language: str = DEFAULT_LANGUAGE, allow_landline: bool = False) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise UserError(f"A home needs a name of 1 to {MAX_NAME_CHARS} characters.")
    manager = check_textable(normalise_phone(manager_phone), allow_landline=allow_landline)
    if public_interest_phone:
        normalise_phone(public_interest_phone, "public-interest phone number")  # refused before anything is written
    home_id = "home_" + secrets.token_hex(4)
    conn.execute(insert(homes).values(id=home_id, name=name, manager_phone=manager,
                                      roster_json=json.dumps(check_roster(roster or {})), created_at=iso(now),
                                      language=check_language(language)))
    if public_interest_phone:
        from .organisations import public_interest_contact

        public_interest_contact(conn, home_id, public_interest_phone, now=now)
    return home_id


def set_roster(conn: Connection, home_id: str, roster: Any) -> None:
    require_home(conn, home_id)
    conn.execute(update(homes).where(homes.c.id == home_id).values(roster_json=json.dumps(check_roster(roster))))


def set_language(conn: Connection, home_id: str, language: str) -> None:
    require_home(conn, home_id)
    conn.execute(update(homes).where(homes.c.id == home_id).values(language=check_language(language)))
