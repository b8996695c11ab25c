"""One conversation per story: every response says which organisation (and kind) spoke, and may flag
a change as planned or made; the author's updates become the author's responses.

Revision ID: 0010_r_conversation
Revises: 0009_r_organisations
Create Date: 2026-12-10

- ``responses.org_id`` (the organisation whose key posted it; none for the author),
  ``responses.responder_kind`` (provider, commissioner, regulator, healthwatch or author) and
  ``responses.change`` (``planned``, ``made`` or none); ``change_made`` keeps its text: what was, or
  will be, changed, in a few words;
- existing responses were all providers': each gets its key's organisation, and ``change = 'made'``
  where it described a change;
- each row of ``updates`` (an author's update posted by the moderator) becomes a response of kind
  ``author`` with the same id, date and words; ``updates`` is dropped;
- ``responses.seq`` numbers every response in the order it was posted (the conversation's order, even
  within one second), from the counter ``response_seq``.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa

revision = "0010_r_conversation"
down_revision = "0009_r_organisations"
branch_labels = None
depends_on = None

T = sa.Text


def upgrade() -> None:
    op.add_column("responses", sa.Column("org_id", T))
    op.add_column("responses", sa.Column("responder_kind", T, nullable=False, server_default=sa.text("'provider'")))
    op.add_column("responses", sa.Column("change", T))
    op.execute("UPDATE responses SET org_id = (SELECT tokens.org_id FROM tokens WHERE tokens.key_id = responses.key_id)")
    op.execute("UPDATE responses SET change = 'made' WHERE change_made IS NOT NULL AND TRIM(change_made) <> ''")
    op.execute("INSERT INTO responses (id, story_uuid, body, responder_name, responder_role, change_made, posted_at,"
               " key_id, org_id, responder_kind, change)"
               " SELECT updates.id, updates.story_uuid, updates.body, '', COALESCE(stories.author_role, ''), NULL,"
               " updates.posted_at, NULL, NULL, 'author', NULL"
               " FROM updates JOIN stories ON stories.uuid = updates.story_uuid")
    op.drop_index("updates_story", table_name="updates")
    op.drop_table("updates")
    op.add_column("responses", sa.Column("seq", sa.Integer))
    bind = op.get_bind()
    ordered = bind.execute(sa.text("SELECT id FROM responses ORDER BY posted_at, LENGTH(id), id")).scalars().all()
    for n, response_id in enumerate(ordered, start=1):
        bind.execute(sa.text("UPDATE responses SET seq = :n WHERE id = :id"), {"n": n, "id": response_id})
    if ordered:  # an empty database starts the counter on its first response
        bind.execute(sa.text("INSERT INTO counters (name, value) VALUES ('response_seq', :n)"), {"n": len(ordered)})


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
