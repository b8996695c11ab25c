"""Organisations own keys and speak as themselves: providers, commissioners, regulators, Healthwatch.

Revision ID: 0009_r_organisations
Revises: 0008_p_story_numbers
Create Date: 2026-12-10

- ``organisations`` (id, name, kind, an optional phone for alerts) and ``organisation_homes`` (the
  homes each covers: a provider's homes, a public-interest body's area);
- ``tokens.org_id`` (the organisation a key belongs to) and a fourth role, ``public_interest``;
- every provider key becomes its own provider organisation (named by the key's label, else by its
  homes), covering the homes the key had;
- each home's single ``public_interest_phone`` becomes a public-interest body of kind
  ``commissioner`` (the local authority is where adult-safeguarding concerns go) named
  "Public-interest contact", covering every home that had that number; the column is dropped.
Nothing is lost: the keys keep working with the same homes, the numbers keep getting alerts.
"""
from __future__ import annotations

import hashlib

from alembic import op
import sqlalchemy as sa

revision = "0009_r_organisations"
down_revision = "0008_p_story_numbers"
branch_labels = None
depends_on = None

T = sa.Text
ROLES_CHECK = "role IN ('device', 'provider', 'public_interest', 'moderator')"
MIGRATED_CONTACT = "Public-interest contact"


def _tokens_before() -> sa.Table:
    """``tokens`` as 0002 made it (with 0007's index), without its unnamed CHECK (replaced by a named one)."""
    return sa.Table(
        "tokens", sa.MetaData(),
        sa.Column("token_hash", T, primary_key=True),
        sa.Column("key_id", T, nullable=False, unique=True),
        sa.Column("role", T, nullable=False),
        sa.Column("device_id", T),
        sa.Column("label", T),
        sa.Column("created_at", T, nullable=False),
        sa.Column("revoked_at", T),
        sa.Index("tokens_device", "device_id"),  # 0007_p_read_indexes: kept when SQLite copies the table
    )


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "organisations",
        sa.Column("id", T, primary_key=True),
        sa.Column("name", T, nullable=False),
        sa.Column("kind", T, nullable=False),
        sa.Column("phone", T),
        sa.Column("created_at", T, nullable=False),
        sa.CheckConstraint("kind IN ('provider', 'commissioner', 'regulator', 'healthwatch')",
                           name="organisations_kind"),
    )
    op.create_table(
        "organisation_homes",
        sa.Column("org_id", T, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("home_id", T, sa.ForeignKey("homes.id"), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "home_id"),
    )
    op.create_index("organisation_homes_home", "organisation_homes", ["home_id"])

    if bind.dialect.name == "postgresql":  # the name PostgreSQL gave 0002's unnamed CHECK
        op.execute("ALTER TABLE tokens DROP CONSTRAINT IF EXISTS tokens_role_check")
    with op.batch_alter_table("tokens", copy_from=_tokens_before()) as batch:
        batch.add_column(sa.Column("org_id", T, sa.ForeignKey("organisations.id", name="tokens_org")))
        batch.create_check_constraint("tokens_role", ROLES_CHECK)

    names = dict(bind.execute(sa.text("SELECT id, name FROM homes")).all())
    for token_hash, key_id, label, created in bind.execute(sa.text(
            "SELECT token_hash, key_id, label, created_at FROM tokens WHERE role = 'provider' ORDER BY created_at")).all():
        homes = [h for (h,) in bind.execute(sa.text("SELECT home_id FROM token_homes WHERE token_hash = :t"
                                                    " ORDER BY home_id"), {"t": token_hash})]
        org_id = "org_" + key_id.removeprefix("k_")
        name = (label or "").strip() or ("Provider of " + ", ".join(names.get(h, h) for h in homes))[:120]
        bind.execute(sa.text("INSERT INTO organisations (id, name, kind, phone, created_at)"
                             " VALUES (:id, :name, 'provider', NULL, :at)"), {"id": org_id, "name": name, "at": created})
        for home_id in homes:
            bind.execute(sa.text("INSERT INTO organisation_homes (org_id, home_id) VALUES (:o, :h)"),
                         {"o": org_id, "h": home_id})
        bind.execute(sa.text("UPDATE tokens SET org_id = :o WHERE token_hash = :t"), {"o": org_id, "t": token_hash})

    contacts: dict[str, list[tuple[str, str]]] = {}
    for home_id, phone, created in bind.execute(sa.text(
            "SELECT id, public_interest_phone, created_at FROM homes WHERE public_interest_phone IS NOT NULL"
            " AND public_interest_phone <> '' ORDER BY created_at, id")).all():
        contacts.setdefault(phone, []).append((home_id, created))
    for phone, homes in contacts.items():
        org_id = "org_" + hashlib.sha256(phone.encode()).hexdigest()[:12]
        bind.execute(sa.text("INSERT INTO organisations (id, name, kind, phone, created_at)"
                             " VALUES (:id, :name, 'commissioner', :phone, :at)"),
                     {"id": org_id, "name": MIGRATED_CONTACT, "phone": phone, "at": homes[0][1]})
        for home_id, _created in homes:
            bind.execute(sa.text("INSERT INTO organisation_homes (org_id, home_id) VALUES (:o, :h)"),
                         {"o": org_id, "h": home_id})
    with op.batch_alter_table("homes") as batch:
        batch.drop_column("public_interest_phone")


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
