"""``carekiosk notify-authors``: the one text an author who left a mobile number gets when their
story is published, and the one when the home answers it.

It runs where the service's data folder is (next to ``carekiosk serve``), because the number is
sealed inside the story and only the service's private key opens it
(:mod:`sync.server.domain.author_texts`): no key, endpoint or notifier elsewhere ever holds an
author's number. Quiet hours are the managers' (``[notify] quiet_start``/``quiet_end``, 21:00-08:00):
a text due at night waits for the morning run. A number that replied STOP (Twilio 21610) is never
texted again; an invalid number or a permanent failure is recorded and not retried; a temporary
failure, or an answer lost on the way (``Ambiguous``), is left for the next run only when it surely
did not go - an ambiguous send is recorded ``uncertain`` and never sent twice. The texts are in the
story's language, one GSM-7 segment, with the reference and no words of the story.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from print_notices.sms import messages
from print_notices.sms.base import Ambiguous, InvalidNumber, OptedOut, PermanentFailure, Sender, SmsError

from .config import NotifySettings
from .quiet_hours import is_quiet

COMPOSE = {"published": messages.author_published, "answered": messages.author_answered}


def run_once(data_dir: Path, sender: Sender, settings: NotifySettings, now: datetime) -> dict[str, int]:
    """One pass over the service's folder: returns counts (sent, waiting for morning, no number...)."""
    from sync.server.db import Database
    from sync.server.domain import author_texts
    from sync.server.keys import load_or_create

    counts: dict[str, Any] = {"sent": 0, "quiet": 0, "opted_out": 0, "invalid": 0, "failed": 0, "uncertain": 0}
    keys = load_or_create(data_dir, create=False)
    with Database(data_dir) as db:
        with db.transaction() as conn:
            due = author_texts.due(conn, keys.private)
        if due and is_quiet(now, settings.quiet_start, settings.quiet_end, settings.timezone):
            counts["quiet"] = len(due)
            return counts
        for item in due:
            body = COMPOSE[item.kind](home=item.home_name, ref=item.ref, lang=item.lang)
            state, ref = "sent", None
            try:
                ref = sender.send(item.number, body, reference=f"author:{item.story_uuid}:{item.kind}").provider_ref
            except OptedOut:
                state = "opted_out"
            except InvalidNumber:
                state = "invalid"
            except Ambiguous:
                state = "uncertain"
            except PermanentFailure:
                state = "failed"
            except SmsError:
                counts["failed"] += 1
                continue  # temporary: it surely did not go; the next run tries again
            with db.transaction() as conn:
                if state == "opted_out":
                    author_texts.opt_out(conn, item.number, keys.private, now=now)
                author_texts.record(conn, item.story_uuid, item.kind, state, now=now, provider_ref=ref)
            counts[state] += 1
    return counts


@click.command("notify-authors")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The service's data folder (default: $CAREKIOSK_HOME, else the user data folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def notify_authors(data_dir: Path | None, as_json: bool) -> None:
    """Text authors who left a mobile number: their story is public, the home has replied (one pass;
    run it from a timer on the service's machine). Texts go through [sms] as for managers."""
    import json

    from sync.errors import UserError
    from sync.server.clock import utcnow
    from sync.server.db import resolve_data_dir

    from print_notices.sms.config import sender_from_config

    sender = sender_from_config()
    if sender is None:
        raise UserError("Texts to authors need [sms] settings (or TWILIO_* variables); nothing was sent.")
    counts = run_once(resolve_data_dir(data_dir), sender, NotifySettings.load(), utcnow())
    if as_json:
        click.echo(json.dumps(counts, sort_keys=True))
    else:
        click.echo(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
