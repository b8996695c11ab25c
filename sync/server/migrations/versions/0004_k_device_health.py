"""Device health from heartbeats, and every head a device has reported (to catch a rewound chain).

``device_health``: the last report of each device (software version, pending count, last sequence
number, chain head, free disk, uptime) and the highest sequence number it ever reported.
``device_heads``: append-only, one row per (device, sequence number) reported as the chain head,
with its hash, so a number reported again with another hash is seen.

Revision ID: 0004_k_device_health
Revises: 0003_home_language
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_k_device_health"
down_revision = "0003_home_language"
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    op.create_table(
        "device_health",
        sa.Column("device_id", T, primary_key=True),
        sa.Column("reported_at", T, nullable=False),
        sa.Column("software_version", T, nullable=False),
        sa.Column("pending", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("head_hash", T, nullable=False),
        sa.Column("free_disk_bytes", sa.BigInteger),
        sa.Column("uptime_seconds", sa.BigInteger),
        sa.Column("highest_seq", sa.Integer, nullable=False),
        sa.Column("highest_hash", T, nullable=False),
        sa.Column("highest_at", T, nullable=False),
    )
    op.create_table(
        "device_heads",
        sa.Column("device_id", T, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("head_hash", T, nullable=False),
        sa.Column("reported_at", T, nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq"),
    )


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
