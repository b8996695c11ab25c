"""The service database's tables as SQLAlchemy Core objects: what queries are built from.

This describes the schema at the newest migration; the migrations in ``migrations/versions/``
are what make it (a test compares the two). Types are plain and portable (text, integers,
bytes), so the same queries run on SQLite and PostgreSQL. Timestamps are ISO 8601 text in UTC.
"""

from __future__ import annotations

from sqlalchemy import (BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer, LargeBinary, MetaData, Table, Text,
                        UniqueConstraint, cast, func, text)

metadata = MetaData()
#: A device's story number: up to 2**40 (BIGINT on PostgreSQL; SQLite's INTEGER is 64-bit).
StoryNumber = Integer().with_variant(BigInteger(), "postgresql")

homes = Table(
    "homes", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("manager_phone", Text, nullable=False),
    Column("roster_json", Text, nullable=False, server_default=text("'{}'")),
    Column("created_at", Text, nullable=False),
    Column("language", Text, nullable=False, server_default=text("'en'")),
)

enrol_codes = Table(
    "enrol_codes", metadata,
    Column("code_hash", Text, primary_key=True),
    Column("home_id", Text, ForeignKey("homes.id"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("used_at", Text),
    Column("device_id", Text),
    Column("superseded_at", Text),  # the device enrolled again with a newer code: no retry with this one
)

#: An organisation that holds keys and speaks as itself: a provider (its homes), or a public-interest
#: body (commissioner, regulator, Healthwatch; its area's homes). ``phone`` is where its alerts go.
organisations = Table(
    "organisations", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("phone", Text),
    Column("created_at", Text, nullable=False),
    CheckConstraint("kind IN ('provider', 'commissioner', 'regulator', 'healthwatch')", name="organisations_kind"),
)

organisation_homes = Table(
    "organisation_homes", metadata,
    Column("org_id", Text, ForeignKey("organisations.id"), primary_key=True),
    Column("home_id", Text, ForeignKey("homes.id"), primary_key=True),
)
Index("organisation_homes_home", organisation_homes.c.home_id)

tokens = Table(
    "tokens", metadata,
    Column("token_hash", Text, primary_key=True),
    Column("key_id", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("device_id", Text),
    Column("label", Text),
    Column("created_at", Text, nullable=False),
    Column("revoked_at", Text),
    Column("org_id", Text, ForeignKey("organisations.id", name="tokens_org")),
    CheckConstraint("role IN ('device', 'provider', 'public_interest', 'moderator')", name="tokens_role"),
)
Index("tokens_device", tokens.c.device_id)

token_homes = Table(
    "token_homes", metadata,
    Column("token_hash", Text, ForeignKey("tokens.token_hash"), primary_key=True),
    Column("home_id", Text, ForeignKey("homes.id"), primary_key=True),
)

devices = Table(
    "devices", metadata,
    Column("device_id", Text, primary_key=True),
    Column("home_id", Text, ForeignKey("homes.id"), nullable=False),
    Column("label", Text),
    Column("enrolled_at", Text, nullable=False),
    Column("last_seen_at", Text),
    Column("ref_slot", Integer),  # sync.refs: its references end in this digit; none = enrolled before slots
)
Index("devices_home_slot", devices.c.home_id, devices.c.ref_slot, unique=True)
Index("devices_home", devices.c.home_id)

stories = Table(
    "stories", metadata,
    Column("uuid", Text, primary_key=True),
    Column("device_id", Text, nullable=False),
    Column("home_id", Text, nullable=False),
    Column("seq", StoryNumber, nullable=False),
    Column("ref", Text, nullable=False),
    Column("created_hour", Text, nullable=False),
    Column("route", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("payload_sha256", Text, nullable=False),
    Column("prev_hash", Text, nullable=False),
    Column("chain_hash", Text, nullable=False),
    Column("sealed", LargeBinary, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("status_at", Text, nullable=False),
    Column("public_id", Text, unique=True),
    Column("title", Text),
    Column("body", Text),
    Column("author_role", Text),
    Column("tags_json", Text, nullable=False, server_default=text("'[]'")),
    Column("reason", Text),
    Column("level", Text),
    Column("decision_deadline", Text),
    Column("provider_decision", Text),
    Column("review_requested", Integer, nullable=False, server_default=text("0")),
    Column("published_at", Text),
    Column("criticality", Integer),  # 0 not critical .. 5 severely critical (the moderator's view; never public)
    Column("feelings_json", Text, nullable=False, server_default=text("'[]'")),
    UniqueConstraint("device_id", "seq"),
)
Index("stories_status", stories.c.status)
Index("stories_home", stories.c.home_id, stories.c.status)
Index("stories_deadline", stories.c.decision_deadline, sqlite_where=text("status = 'awaiting_provider'"),
      postgresql_where=text("status = 'awaiting_provider'"))
#: The public list's order (queries/public.py builds its ORDER BY from these very expressions, so the
#: database reads a page straight off the index).
PUBLIC_STATUSES = ("published", "restricted")
PUBLIC_NEWEST_FIRST = (func.coalesce(stories.c.published_at, stories.c.status_at).desc(),
                       cast(stories.c.public_id, Integer).desc())
_public = text("status IN ('published', 'restricted')")
Index("stories_public", *PUBLIC_NEWEST_FIRST, sqlite_where=_public, postgresql_where=_public)
Index("stories_public_home", stories.c.home_id, *PUBLIC_NEWEST_FIRST, sqlite_where=_public, postgresql_where=_public)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("story_uuid", Text, ForeignKey("stories.uuid"), nullable=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("from_status", Text),
    Column("to_status", Text),
    Column("note", Text),
)
Index("history_story", history.c.story_uuid)

#: The story's conversation: every voice in order. ``responder_kind`` is the organisation's kind
#: (provider, commissioner, regulator, healthwatch) or ``author`` (posted by the moderator for the
#: writer; no organisation). ``change`` is ``planned`` or ``made`` (or none) and ``change_made`` says
#: what, in a few words. A response on a restricted story is a public-interest body's comment.
responses = Table(
    "responses", metadata,
    Column("id", Text, primary_key=True),
    Column("story_uuid", Text, ForeignKey("stories.uuid"), nullable=False),
    Column("body", Text, nullable=False),
    Column("responder_name", Text, nullable=False),
    Column("responder_role", Text, nullable=False),
    Column("change_made", Text),
    Column("posted_at", Text, nullable=False),
    Column("key_id", Text),
    Column("org_id", Text),
    Column("responder_kind", Text, nullable=False, server_default=text("'provider'")),
    Column("change", Text),
    Column("seq", Integer),  # the conversation's order (counter ``response_seq``)
)
Index("responses_story", responses.c.story_uuid)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("home_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("story_uuid", Text),
    Column("ref", Text),
    Column("data_json", Text, nullable=False, server_default=text("'{}'")),
    sqlite_autoincrement=True,  # a cursor is never reused, even after deletes
)
Index("events_home", events.c.home_id, events.c.id)

#: One row per home with a feed: every transaction that adds to a home's feed updates (and so locks)
#: it first, so that home's events are numbered in commit order (domain/events.py).
event_heads = Table(
    "event_heads", metadata,
    Column("home_id", Text, primary_key=True),
    Column("events", Integer, nullable=False),
)

integrity_flags = Table(
    "integrity_flags", metadata,
    Column("device_id", Text, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("seq", StoryNumber, primary_key=True),
    Column("flagged_at", Text, nullable=False),
)

counters = Table(
    "counters", metadata,
    Column("name", Text, primary_key=True),
    Column("value", Integer, nullable=False),
)

#: Every inbound text (Twilio's ``MessageSid``), recorded in the same transaction as what it did, with
#: the answer it got: a replay is answered the same and acts no more. No number and no body are kept.
inbound_texts = Table(
    "inbound_texts", metadata,
    Column("message_sid", Text, primary_key=True),
    Column("home_id", Text),
    Column("received_at", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("reply", Text),
)

#: A manager's reply by text (``REPLY 4821 …``), held until a moderator posts or rejects it; once
#: posted, ``response_id`` is the response it became and the manager is told by text.
held_responses = Table(
    "held_responses", metadata,
    Column("id", Text, primary_key=True),
    Column("story_uuid", Text, ForeignKey("stories.uuid"), nullable=False),
    Column("home_id", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("via", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("status", Text, nullable=False, server_default=text("'held'")),
    Column("decided_at", Text),
    Column("response_id", Text),
    CheckConstraint("status IN ('held', 'posted', 'rejected')", name="held_responses_status"),
)
Index("held_responses_status", held_responses.c.status)

#: Authors' updates from the kiosk (``domain.author_updates``): sealed as they arrived until a moderator
#: posts (``update_id``: the response it became) or rejects them; ``refused``: the reply code did not
#: match ``target_uuid`` (kept without the sealed bytes, to count wrong codes).
author_updates = Table(
    "author_updates", metadata,
    Column("uuid", Text, primary_key=True),
    Column("device_id", Text, nullable=False),
    Column("home_id", Text, nullable=False),
    Column("story_uuid", Text, ForeignKey("stories.uuid")),
    Column("target_uuid", Text),
    Column("payload_sha256", Text, nullable=False),
    Column("sealed", LargeBinary),
    Column("received_at", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("decided_at", Text),
    Column("update_id", Text),
    CheckConstraint("status IN ('held', 'posted', 'rejected', 'refused')", name="author_updates_status"),
)
Index("author_updates_status", author_updates.c.status)
Index("author_updates_target", author_updates.c.target_uuid, author_updates.c.status)

#: What was done about each author's texts (``published``, ``answered``): ``sent`` (with the provider's
#: reference), ``no_number``, ``opted_out``, ``invalid``, ``failed``. Never the number itself.
author_texts = Table(
    "author_texts", metadata,
    Column("story_uuid", Text, ForeignKey("stories.uuid"), primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("state", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("provider_ref", Text),
)

#: Authors' numbers that replied STOP: an HMAC of the number under the service's private key.
author_opt_outs = Table(
    "author_opt_outs", metadata,
    Column("number_hash", Text, primary_key=True),
    Column("at", Text, nullable=False),
)

shares = Table(
    "shares", metadata,
    Column("id", Text, primary_key=True),
    Column("home_id", Text, ForeignKey("homes.id"), nullable=False),
    Column("kind", Text, CheckConstraint("kind IN ('notice', 'digest', 'poster', 'leaflet')"), nullable=False),
    Column("ref", Text),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
)
Index("shares_home", shares.c.home_id, shares.c.at)

# Device health (migration 0004_k_device_health; domain/health.py): each device's last heartbeat and
# the highest sequence number it ever reported, and every chain head it reported (append-only).
device_health = Table(
    "device_health", metadata,
    Column("device_id", Text, primary_key=True),
    Column("reported_at", Text, nullable=False),
    Column("software_version", Text, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("head_hash", Text, nullable=False),
    Column("free_disk_bytes", BigInteger),
    Column("uptime_seconds", BigInteger),
    Column("highest_seq", Integer, nullable=False),
    Column("highest_hash", Text, nullable=False),
    Column("highest_at", Text, nullable=False),
)

device_heads = Table(
    "device_heads", metadata,
    Column("device_id", Text, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("head_hash", Text, nullable=False),
    Column("reported_at", Text, nullable=False),
)
