"""Text replies handled exactly once, references unique within a home, replies by text held.

Revision ID: 0012_t_text_replies
Revises: 0011_r_criticality
Create Date: 2026-12-01

- ``devices.ref_slot``: the reference slot (0-9) given at enrolment (``sync.refs``), unique within a
  home; empty for devices enrolled before slots (they keep working, drawing codes as before);
- ``inbound_texts``: every inbound text's ``MessageSid`` with the answer it got (no number, no body);
- ``held_responses``: a manager's ``REPLY 4821 …`` waiting for a moderator;
- ``author_texts``: the one text each author who left a mobile number gets when their story is
  published and when the home answers it (what was done, never the number); ``author_opt_outs``:
  numbers that replied STOP, kept only as a keyed hash.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = "0012_t_text_replies"
down_revision = "0011_r_criticality"
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    op.add_column("devices", sa.Column("ref_slot", sa.Integer))
    op.create_index("devices_home_slot", "devices", ["home_id", "ref_slot"], unique=True)
    op.create_table(
        "inbound_texts",
        sa.Column("message_sid", T, primary_key=True),
        sa.Column("home_id", T),
        sa.Column("received_at", T, nullable=False),
        sa.Column("outcome", T, nullable=False),
        sa.Column("reply", T),
    )
    op.create_table(
        "held_responses",
        sa.Column("id", T, primary_key=True),
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid"), nullable=False),
        sa.Column("home_id", T, nullable=False),
        sa.Column("body", T, nullable=False),
        sa.Column("via", T, nullable=False),
        sa.Column("received_at", T, nullable=False),
        sa.Column("status", T, nullable=False, server_default=sa.text("'held'")),
        sa.Column("decided_at", T),
        sa.Column("response_id", T),
        sa.CheckConstraint("status IN ('held', 'posted', 'rejected')", name="held_responses_status"),
    )
    op.create_index("held_responses_status", "held_responses", ["status"])
    op.create_table(
        "author_texts",
        sa.Column("story_uuid", T, sa.ForeignKey("stories.uuid"), primary_key=True),
        sa.Column("kind", T, primary_key=True),
        sa.Column("state", T, nullable=False),
        sa.Column("at", T, nullable=False),
        sa.Column("provider_ref", T),
    )
    op.create_table(
        "author_opt_outs",
        sa.Column("number_hash", T, primary_key=True),
        sa.Column("at", T, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
