"""Alembic's entry point, run by :func:`sync.server.migrations.upgrade` on a connection it has
already opened inside a write transaction (so no alembic.ini and no URL are needed here)."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by running the alembic command by hand
    raise SystemExit("Run migrations through carekiosk (they run whenever the service database opens).")

context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
