"""When a device enrols again with a new code, its earlier codes are superseded: their retry hour ends
at once, so a code someone saw earlier cannot take the kiosk over (issue 11).

Revision ID: 0005_h_enrol_code_superseded
Revises: 0004_k_device_health
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_h_enrol_code_superseded"
down_revision = "0004_k_device_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enrol_codes", sa.Column("superseded_at", sa.Text, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
