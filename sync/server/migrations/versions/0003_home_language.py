"""Each home's language for the texts and notices its manager gets: ``en`` (default) or ``cy``.

Revision ID: 0003_home_language
Revises: 0002_baseline
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_home_language"
down_revision = "0002_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("homes", sa.Column("language", sa.Text, nullable=False, server_default=sa.text("'en'")))


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
