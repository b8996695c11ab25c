"""``carekiosk notify``: moderation events -> texts and printouts, each exactly once.

- ``config``      the ``[notify]`` settings (+ environment)
- ``ledger``      the durable send-once log (``notifier.sqlite3`` in the data folder)
- ``feed``        the moderation API client (homes, events with a cursor per home, devices, opinions, shares)
- ``rules``       events and state -> notifications (SMS kind, recipient, body, printable twin)
- ``quiet_hours`` holding texts overnight
- ``batching``    more than three texts for one number within an hour -> one summary text
- ``printouts``   the printable twins (PDF, optionally to CUPS)
- ``status``      Twilio/Notify delivery status callbacks (validated) into the ledger
- ``lock``        one notifier per data folder (``notifier.sqlite3.lock``)
- ``hooks``       test-only pause points for the crash tests
- ``runner``      one pass (``run_once``) and the loop
"""
