"""A device's story numbers go up to 2**40 (the API allows it); PostgreSQL's INTEGER stops at 2**31,
so there they become BIGINT (SQLite's INTEGER is 64-bit already: nothing to do).

Revision ID: 0008_p_story_numbers
Revises: 0007_p_read_indexes
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_p_story_numbers"
down_revision = "0007_p_read_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("stories", "seq", type_=sa.BigInteger, existing_nullable=False)
        op.alter_column("integrity_flags", "seq", type_=sa.BigInteger, existing_nullable=False)


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
