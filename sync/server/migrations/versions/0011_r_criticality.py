"""Each story's criticality (0 not critical … 5 severely critical, set by the moderator) and its
feelings kept apart from its topic tags.

Revision ID: 0011_r_criticality
Revises: 0010_r_conversation
Create Date: 2026-12-10

``stories.criticality`` is empty for stories decided before it existed. ``stories.feelings_json``
takes the feelings out of ``tags_json``, where publishing used to put both (``["food", "happy"]``):
a word from the kiosk's list of feelings moves, every other word stays a tag.
"""
from __future__ import annotations

import json

from alembic import op
import sqlalchemy as sa

revision = "0011_r_criticality"
down_revision = "0010_r_conversation"
branch_labels = None
depends_on = None

#: the kiosk's feelings when this revision was written (``sync.story.FEELINGS``), fixed here on purpose
FEELINGS = ("happy", "grateful", "safe", "okay", "worried", "sad", "angry", "ignored")


def upgrade() -> None:
    op.add_column("stories", sa.Column("criticality", sa.Integer))
    op.add_column("stories", sa.Column("feelings_json", sa.Text, nullable=False, server_default=sa.text("'[]'")))
    bind = op.get_bind()
    for uuid, tags_json in bind.execute(sa.text("SELECT uuid, tags_json FROM stories WHERE tags_json <> '[]'")).all():
        try:
            words = [w for w in json.loads(tags_json or "[]") if isinstance(w, str)]
        except ValueError:
            continue
        feelings = [w for w in words if w in FEELINGS]
        if feelings:
            bind.execute(sa.text("UPDATE stories SET tags_json = :t, feelings_json = :f WHERE uuid = :u"),
                         {"t": json.dumps([w for w in words if w not in FEELINGS]), "f": json.dumps(feelings),
                          "u": uuid})


def downgrade() -> None:
    raise NotImplementedError("The service database migrates forward only; restore a backup instead.")
