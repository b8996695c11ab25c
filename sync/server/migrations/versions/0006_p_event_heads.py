"""Each home's event feed gets a head row, locked by every transaction that adds to the feed, so
events of one home are numbered in the order their transactions commit (see domain/events.py).

Revision ID: 0006_p_event_heads
Revises: 0005_h_enrol_code_superseded
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_p_event_heads"
down_revision = "0005_h_enrol_code_superseded"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_heads",
        sa.Column("home_id", sa.Text, primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
    )
    # Homes that already have a feed start from the number of events they have.
    op.execute("INSERT INTO event_heads (home_id, events) SELECT home_id, COUNT(*) FROM events GROUP BY home_id")


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
