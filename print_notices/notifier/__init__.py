"""``carekiosk notify``: moderation events -> texts and printouts, each exactly once.

- ``config``      the ``[notify]`` settings (+ environment)
- ``ledger``      the durable send-once log (``notifier.sqlite3`` in the data folder)
- ``rules``       events and state -> notifications (SMS kind, recipient, body, printable twin)
- ``quiet_hours`` holding texts overnight
- ``batching``    more than three texts for one number within an hour -> one summary text
- ``printouts``   the printable twins (PDF, optionally to CUPS)
- ``status``      Twilio/Notify delivery status callbacks (validated) into the ledger
- ``problems``    what ``carekiosk status`` shows from the ledger (numbers that cannot be texted)
- ``runner``      one pass (``run_once``), the loop, and one notifier per data folder (``sync.lock``)

It talks to the moderation service through ``sync.organisation_api`` (the one API client) and
retries through ``sync.retry`` (the one retry policy).
"""
