"""The service database's schema history: Alembic revisions in ``versions/``, applied by
:func:`upgrade` whenever the service or a command opens the database (no alembic.ini needed).
Forward only. A database made before Alembic (``PRAGMA user_version`` 1 or 2) is adopted in place.

How a database is brought up to date, inside one write transaction (so a second process opening
the same old file at the same moment waits, then finds nothing left to do):

- it has ``alembic_version``: upgrade from that revision to the newest (a revision this carekiosk
  does not know means a newer carekiosk wrote it: refused, nothing changed);
- it has none and ``user_version = 2`` (made by carekiosk before Alembic): stamp the baseline
  revision, which is exactly that schema, then upgrade; ``user_version = 1`` first gets the one
  step schema 1 lacked;
- it is empty: every revision runs from the start.

Each revision id starts with its schema number; on SQLite that number is also written to
``PRAGMA user_version``, so a carekiosk from before Alembic refuses a database it cannot read.

To add a revision: ``python -c "from alembic import command; from sync.server import migrations;
command.revision(migrations.config(), 'what it does', rev_id='0004_what_it_does')"``, write its
``upgrade()`` with ``op`` calls that run on SQLite and PostgreSQL, and update ``schema.py`` (a test
compares the two).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, String, Table, inspect, select
from sqlalchemy.engine import Connection

from sync.errors import UserError

if TYPE_CHECKING:  # Alembic itself is imported only to migrate: opening an up-to-date database needs none of it
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ..db import Database

HERE = Path(__file__).resolve().parent
BASELINE = "0002_baseline"
#: ``PRAGMA user_version`` values written by carekiosk before Alembic (schema 1 and 2).
LEGACY_VERSIONS = (1, 2)
#: Alembic's own record of the revision a database is at (read here without loading Alembic).
version_table = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


def config(connection: Connection | None = None) -> "Config":
    """An Alembic configuration in code: the script folder here and, to migrate, an open connection."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s")  # a revision's file is named by its id
    cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def scripts() -> "ScriptDirectory":
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


@functools.cache
def revisions() -> tuple[str, ...]:
    """Every revision id, oldest first, read from the file names in ``versions/`` (each id is its
    file's name), so finding the newest needs no Alembic; a test checks this against Alembic's view."""
    return tuple(sorted(p.stem for p in (HERE / "versions").glob("[0-9]*.py")))


def head() -> str:
    return revisions()[-1]


def schema_number(revision: str) -> int:
    """The number a revision id starts with (``0003_home_language`` → 3)."""
    return int(revision.split("_", 1)[0])


def _newer(found: str) -> UserError:
    return UserError(f"The service database was written by a newer carekiosk ({found}); update carekiosk first.")


def _user_version(conn: Connection) -> int:
    if conn.dialect.name != "sqlite":
        return 0
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def state(conn: Connection) -> tuple[str, str | int | None]:
    """``("alembic", revision)``, ``("legacy", user_version)`` or ``("empty", None)``; raises a
    UserError for a database from a newer carekiosk or one carekiosk did not make."""
    revision = None
    if inspect(conn).has_table(version_table.name):
        revision = conn.execute(select(version_table.c.version_num)).scalar()
    if revision is not None:
        if revision not in revisions():
            raise _newer(f"schema revision {revision}")
        return "alembic", revision
    legacy = _user_version(conn)
    if legacy in LEGACY_VERSIONS:
        return "legacy", legacy
    if legacy > max(LEGACY_VERSIONS):
        raise _newer(f"schema {legacy}")
    if any(name != "alembic_version" for name in inspect(conn).get_table_names()):
        raise UserError("The service database holds tables carekiosk did not make; check that it is the right file.")
    return "empty", None


def _legacy_schema_2(conn: Connection) -> None:
    """The step from schema 1 to 2, as carekiosk ran it before Alembic (such files are SQLite)."""
    conn.exec_driver_sql("""
        CREATE TABLE shares (
            id TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            kind TEXT NOT NULL CHECK (kind IN ('notice', 'digest', 'poster', 'leaflet')),
            ref TEXT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        )""")
    conn.exec_driver_sql("CREATE INDEX shares_home ON shares(home_id, at)")
    conn.exec_driver_sql("ALTER TABLE devices ADD COLUMN last_seen_at TEXT")


def upgrade(db: "Database") -> str:
    """Bring ``db`` to the newest revision (cheap when it is there already); returns that revision."""
    target = head()
    with db.read() as conn:
        kind, found = state(conn)
    if kind == "alembic" and found == target:
        return target
    from alembic import command

    with db.schema_transaction() as conn:
        kind, found = state(conn)  # again, holding the write lock: another process may have done it
        if kind == "alembic" and found == target:
            return target
        if kind == "legacy":
            if found == 1:
                _legacy_schema_2(conn)
            command.stamp(config(conn), BASELINE)
        command.upgrade(config(conn), "head")
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA user_version = {schema_number(target)}")
    return target
