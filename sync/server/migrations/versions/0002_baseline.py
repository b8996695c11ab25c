"""Baseline: the schema carekiosk made before Alembic (``PRAGMA user_version = 2``).

Revision ID: 0002_baseline
Revises:
Create Date: 2026-12-01

A new database gets these tables here; a database made by that older code already has them and is
stamped with this revision instead (see ``sync/server/migrations/__init__.py``). Schema 1 was
these tables without ``shares`` and ``devices.last_seen_at``.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_baseline"
down_revision = None
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    op.create_table(
        "homes",
        sa.Column("id", T, primary_key=True),
        sa.Column("name", T, nullable=False),
        sa.Column("manager_phone", T, nullable=False),
        sa.Column("public_interest_phone", T),
        sa.Column("roster_json", T, nullable=False, server_default=sa.text("'{}'")),
        sa.Column("created_at", T, nullable=False),
    )
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", T, primary_key=True),
        sa.Column("home_id", T, sa.ForeignKey("homes.id"), nullable=False),
        sa.Column("created_at", T, nullable=False),
        sa.Column("expires_at", T, nullable=False),
        sa.Column("used_at", T),
        sa.Column("device_id", T),
    )
    op.create_table(
        "tokens",
        sa.Column("token_hash", T, primary_key=True),
        sa.Column("key_id", T, nullable=False, unique=True),
        sa.Column("role", T, nullable=False),
        sa.Column("device_id", T),
        sa.Column("label", T),
        sa.Column("created_at", T, nullable=False),
        sa.Column("revoked_at", T),
        sa.CheckConstraint("role IN ('device', 'provider', 'moderator')"),
    )
    op.create_table(
        "token_homes",
        sa.Column("token_hash", T, sa.ForeignKey("tokens.token_hash"), nullable=False),
        sa.Column("home_id", T, sa.ForeignKey("homes.id"), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", "home_id"),
    )
    op.create_table(
        "devices",
        sa.Column("device_id", T, primary_key=True),
        sa.Column("home_id", T, sa.ForeignKey("homes.id"), nullable=False),
        sa.Column("label", T),
        sa.Column("enrolled_at", T, nullable=False),
        sa.Column("last_seen_at", T),
    )
    op.create_table(
        "stories",
        sa.Column("uuid", T, primary_key=True),
        sa.Column("device_id", T, nullable=False),
        sa.Column("home_id", T, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("ref", T, nullable=False),
        sa.Column("created_hour", T, nullable=False),
        sa.Column("route", T, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("payload_sha256", T, nullable=False),
        sa.Column("prev_hash", T, nullable=False),
        sa.Column("chain_hash", T, nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("received_at", T, nullable=False),
        sa.Column("status", T, nullable=False),
        sa.Column("status_at", T, nullable=False),
        sa.Column("public_id", T, unique=True),
        sa.Column("title", T),
        sa.Column("body", T),
        sa.Column("author_role", T),
        sa.Column("tags_json", T, nullable=False, server_default=sa.text("'[]'")),
        sa.Column("reason", T),
        sa.Column("level", T),
        sa.Column("decision_deadline", T),
        sa.Column("provider_decision", T),
        sa.Column("review_requested", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("published_at", T),
        sa.UniqueConstraint("device_id", "seq"),
    )
    op.create_index("stories_status", "stories", ["status"])
    op.create_index("stories_home", "stories", ["home_id", "status"])
    op.create_index("stories_deadline", "stories", ["decision_deadline"],
                    sqlite_where=sa.text("status = 'awaiting_provider'"),
                    postgresql_where=sa.text("status = 'awaiting_provider'"))
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid"), nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("actor", T, nullable=False),
        sa.Column("action", T, nullable=False),
        sa.Column("from_status", T),
        sa.Column("to_status", T),
        sa.Column("note", T),
    )
    op.create_index("history_story", "history", ["story_uuid"])
    op.create_table(
        "responses",
        sa.Column("id", T, primary_key=True),
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid"), nullable=False),
        sa.Column("body", T, nullable=False),
        sa.Column("responder_name", T, nullable=False),
        sa.Column("responder_role", T, nullable=False),
        sa.Column("change_made", T),
        sa.Column("posted_at", T, nullable=False),
        sa.Column("key_id", T),
    )
    op.create_index("responses_story", "responses", ["story_uuid"])
    op.create_table(
        "updates",
        sa.Column("id", T, primary_key=True),
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid"), nullable=False),
        sa.Column("body", T, nullable=False),
        sa.Column("posted_at", T, nullable=False),
    )
    op.create_index("updates_story", "updates", ["story_uuid"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("home_id", T, nullable=False),
        sa.Column("type", T, nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("story_uuid", T),
        sa.Column("ref", T),
        sa.Column("data_json", T, nullable=False, server_default=sa.text("'{}'")),
        sqlite_autoincrement=True,
    )
    op.create_index("events_home", "events", ["home_id", "id"])
    op.create_table(
        "integrity_flags",
        sa.Column("device_id", T, nullable=False),
        sa.Column("kind", T, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("flagged_at", T, nullable=False),
        sa.PrimaryKeyConstraint("device_id", "kind", "seq"),
    )
    op.create_table(
        "counters",
        sa.Column("name", T, primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.create_table(
        "shares",
        sa.Column("id", T, primary_key=True),
        sa.Column("home_id", T, sa.ForeignKey("homes.id"), nullable=False),
        sa.Column("kind", T, nullable=False),
        sa.Column("ref", T),
        sa.Column("at", T, nullable=False),
        sa.Column("actor", T, nullable=False),
        sa.CheckConstraint("kind IN ('notice', 'digest', 'poster', 'leaflet')"),
    )
    op.create_index("shares_home", "shares", ["home_id", "at"])


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
