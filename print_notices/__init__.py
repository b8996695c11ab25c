"""Reaching managers without email: printable PDF notices, SMS texts, and the notifier that sends them.

It renders what the service computes (stories, responses, the level page) and imports only
``sync``: never ``kiosk`` (import-linter checks it). ``sms/`` the senders, ``notifier/`` events to
texts and printouts exactly once, ``engagement/`` the level page, ``printing`` CUPS.
"""
