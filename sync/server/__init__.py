"""The reference moderation service: ``carekiosk serve`` (FastAPI + uvicorn + SQLite).

It implements ``docs/api.md`` (the contract) and generates ``docs/openapi.json``. Modules:

- ``db``         its own SQLite file (WAL, synchronous=FULL, migrations) and data-dir resolution
- ``keys``       the service key pair (private key owner-only, refused if readable by others)
- ``auth``       bearer tokens (stored as SHA-256) and the device / provider / moderator roles
- ``admin``      homes, enrolment codes, keys, rosters (used by ``carekiosk admin`` and tests)
- ``submissions``the per-story checks of ``POST /v1/stories``
- ``lifecycle``  the moderation state machine and the 72-hour provider window
- ``events``     the per-home event feed with an integer cursor
- ``integrity``  per-device missing sequence numbers and chain checks
- ``public``     Care Opinion v2-like opinions
- ``app``        ``create_app(data_dir)``; ``commands`` the click commands
- ``engagement`` the nine-levels computation over the service's records
"""

API_VERSION = "carekiosk/v1"
