"""The reference moderation service: ``carekiosk serve`` (FastAPI + uvicorn), its database
(SQLAlchemy Core + Alembic; one SQLite file by default) and the ``admin``/``moderate`` commands.

It implements ``docs/api.md`` (the contract) and generates ``docs/openapi.json``. Where things are:

- ``app``         ``create_app(data_dir)``: middleware, error shapes, the routers; the OpenAPI text
- ``routes/``     one ``APIRouter`` per resource (no SQL in them); ``deps`` what they depend on
- ``service``     one running service: data folder, database, key pair, clock, the lazy 72-hour rule
- ``domain/``     the rules and the writes they make: submissions, lifecycle, integrity, events, auth…
- ``queries/``    reads and their shapes, shared by the routes and the commands
- ``db``          ``make_engine`` / ``Database``; ``schema`` the tables; ``migrations/`` Alembic revisions
- ``keys``        the service key pair (private key owner-only, refused if readable by others)
- ``models``      request and response bodies (pydantic); ``errors`` the API's one-sentence errors
- ``commands``    the click commands; ``engagement/`` the nine-levels computation over the records
"""

API_VERSION = "carekiosk/v1"
