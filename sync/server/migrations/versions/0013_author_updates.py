"""Authors' updates told at the kiosk, held sealed until a moderator posts or rejects them.

Revision ID: 0013_author_updates
Revises: 0012_t_text_replies
Create Date: 2026-12-02

- ``author_updates``: one row per update a device sent (its uuid: a resend is ``duplicate``), kept
  sealed as it arrived (only opening it with the service's key shows the words); ``story_uuid`` is
  set once the update's reply code matched the story's. ``refused`` rows (the code did not match)
  are kept without their sealed bytes, to count wrong codes per story (``sync.reply_code.MAX_WRONG``).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = "0013_author_updates"
down_revision = "0012_t_text_replies"
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    op.create_table(
        "author_updates",
        sa.Column("uuid", T, primary_key=True),
        sa.Column("device_id", T, nullable=False),
        sa.Column("home_id", T, nullable=False),
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid")),
        sa.Column("target_uuid", T),
        sa.Column("payload_sha256", T, nullable=False),
        sa.Column("sealed", sa.LargeBinary),
        sa.Column("received_at", T, nullable=False),
        sa.Column("status", T, nullable=False),
        sa.Column("decided_at", T),
        sa.Column("update_id", T),
        sa.CheckConstraint("status IN ('held', 'posted', 'rejected', 'refused')", name="author_updates_status"),
    )
    op.create_index("author_updates_status", "author_updates", ["status"])
    op.create_index("author_updates_target", "author_updates", ["target_uuid", "status"])


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
