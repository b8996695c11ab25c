"""Texts to authors who left a mobile number: one when their story is published, one when the home
answers it. Who sends them: **the service's own sender** (``carekiosk notify-authors``, run on the
service's machine with its data folder), because the number is inside the sealed story and only the
service's private key opens it. No endpoint gives the number to anyone - not the provider, not the
notifier that texts managers, not the device. The number is read, used for the one text and
forgotten; ``author_texts`` records what was done (``sent``, ``no_number``, ``opted_out``...), and a
number that replied STOP is kept only as an HMAC under the private key (``author_opt_outs``).

This module finds what is due and records outcomes; composing and sending (GSM-7, quiet hours,
the provider's answers) is the notifier's (``print_notices.notifier.authors``).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from sync.errors import UserError
from sync.seal import unseal

from ..clock import iso
from ..schema import author_opt_outs, author_texts, homes, responses, stories

KINDS = ("published", "answered")


@dataclass(frozen=True)
class Due:
    story_uuid: str
    kind: str  # published or answered
    ref: str
    home_name: str
    lang: str
    number: str  # E.164; held in memory for the one send only


def _number_hash(number: str, private_key: str) -> str:
    return hmac.new(private_key.encode("ascii"), number.encode("ascii"), hashlib.sha256).hexdigest()


def due(conn: Connection, private_key: str, *, limit: int = 200) -> list[Due]:
    """The texts not yet handled, oldest story first. Stories without a number are recorded
    ``no_number`` here, so their seal is opened once, not on every run."""
    answered = exists().where(responses.c.story_uuid == stories.c.uuid,
                              responses.c.responder_kind == "provider")
    def handled(kind: str):
        return exists().where(author_texts.c.story_uuid == stories.c.uuid, author_texts.c.kind == kind)

    # only stories with something left to do (so the limit never hides newer ones behind done ones)
    rows = conn.execute(
        select(stories.c.uuid, stories.c.ref, stories.c.sealed, homes.c.name, homes.c.language,
               answered.label("answered"))
        .join(homes, homes.c.id == stories.c.home_id)
        .where(stories.c.status == "published", ~handled("published") | (answered & ~handled("answered")))
        .order_by(stories.c.published_at, stories.c.uuid).limit(limit)).all()
    done = {(r.story_uuid, r.kind) for r in conn.execute(
        select(author_texts.c.story_uuid, author_texts.c.kind)
        .where(author_texts.c.story_uuid.in_([r.uuid for r in rows])))} if rows else set()
    out: list[Due] = []
    for r in rows:
        kinds = [k for k in KINDS if (r.uuid, k) not in done and (k == "published" or r.answered)]
        if not kinds:
            continue
        try:
            story = (unseal(bytes(r.sealed), private_key) or {}).get("story") or {}
        except (UserError, ValueError, AttributeError):
            story = {}
        contact = story.get("contact") if isinstance(story, dict) else None
        number = contact.get("mobile") if isinstance(contact, dict) else None
        if not isinstance(number, str) or not number.startswith("+"):
            for kind in KINDS:
                if (r.uuid, kind) not in done:
                    record(conn, r.uuid, kind, "no_number", now=None)
            continue
        if opted_out(conn, number, private_key):
            for kind in kinds:
                record(conn, r.uuid, kind, "opted_out", now=None)
            continue
        lang = story.get("language") if story.get("language") in ("en", "cy") else (r.language or "en")
        out += [Due(r.uuid, kind, r.ref, r.name, lang, number) for kind in kinds]
    return out


def record(conn: Connection, story_uuid: str, kind: str, state: str, *, now: datetime | None,
           provider_ref: str | None = None) -> None:
    from ..clock import utcnow

    try:
        with conn.begin_nested():
            conn.execute(insert(author_texts).values(story_uuid=story_uuid, kind=kind, state=state,
                                                     at=iso(now or utcnow()), provider_ref=provider_ref))
    except IntegrityError:
        pass  # recorded already (a second sender on the same folder): the first answer stands


def opt_out(conn: Connection, number: str, private_key: str, *, now: datetime) -> None:
    try:
        with conn.begin_nested():
            conn.execute(insert(author_opt_outs).values(number_hash=_number_hash(number, private_key), at=iso(now)))
    except IntegrityError:
        pass


def opted_out(conn: Connection, number: str, private_key: str) -> bool:
    return conn.execute(select(author_opt_outs.c.number_hash).where(
        author_opt_outs.c.number_hash == _number_hash(number, private_key))).first() is not None


def is_recorded(conn: Connection, story_uuid: str, kind: str) -> bool:
    return conn.execute(select(author_texts.c.state).where(author_texts.c.story_uuid == story_uuid,
                                                           author_texts.c.kind == kind)).first() is not None
