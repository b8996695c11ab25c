"""Indexes for the reads that run under load: the public list in its own order (newest first) so a
page is read straight off an index instead of sorting every public story, a home's devices, and a
device's tokens (re-enrolment revokes them).

Revision ID: 0007_p_read_indexes
Revises: 0006_p_event_heads
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_p_read_indexes"
down_revision = "0006_p_event_heads"
branch_labels = None
depends_on = None

PUBLIC = sa.text("status IN ('published', 'restricted')")
NEWEST_FIRST = [sa.text("coalesce(published_at, status_at) DESC"), sa.text("CAST(public_id AS INTEGER) DESC")]


def upgrade() -> None:
    op.create_index("stories_public", "stories", NEWEST_FIRST, sqlite_where=PUBLIC, postgresql_where=PUBLIC)
    op.create_index("stories_public_home", "stories", [sa.text("home_id"), *NEWEST_FIRST],
                    sqlite_where=PUBLIC, postgresql_where=PUBLIC)
    op.create_index("devices_home", "devices", ["home_id"])
    op.create_index("tokens_device", "tokens", ["device_id"])


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
