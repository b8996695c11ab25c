"""The Alembic revisions of the service database, oldest first: each file is named by its revision
id, which starts with its schema number. Alembic reads these files itself; nothing imports them."""
