"""The ground floor: a story and its journey, shared by the kiosk, the notices and the service.

Story rules (``story``), sealing (``seal``), the hash chain (``chain``), settings and paths, the
durable SQLite plumbing, translations (``i18n``), retries and locks, the device store and outbox
(``store``), the one API client, bundles and the sync runner. The reference moderation service is
in ``sync.server``. Nothing here imports ``kiosk`` or ``print_notices`` (import-linter checks it).
"""
