"""Device commands for staff and field workers: ``carekiosk status`` and ``verify`` (``add`` is the
tablet's own, in :mod:`kiosk.add_command`: it runs the anonymiser)."""

from __future__ import annotations

import json
from typing import Any

import click

from .errors import UserError
from .profile import open_store


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for scripts).")
def status(as_json: bool) -> None:
    """Show how many stories are waiting to be sent, when the device last synced, and its health.

    Example:  carekiosk status
    """
    store = open_store()
    try:
        info = store.status()
        info["problems"] = _extra_problems(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    home = "Demo House (DEMO profile — not enrolled)" if info["profile"] == "demo" else info["home_name"]
    table.add_row("Home", home)
    table.add_row("Waiting to be sent", str(info["pending"]))
    table.add_row("Received by the service", str(info["acknowledged"]))
    table.add_row("Stories written on this device", str(info["last_seq"]))
    table.add_row("Last sync", info["last_sync"] or "never")
    for problem in info["problems"]:
        table.add_row("Problem", problem)
    Console().print(table)


SMS_STATES = {
    "opted_out": "has opted out of texts (replied STOP); notices are printed instead",
    "invalid": "is not a valid number; check it with the home",
    "landline": "is a landline and cannot receive texts; give a mobile number",
    "undeliverable": "could not be reached; check it with the home",
}


def _extra_problems(store) -> list[str]:
    """Problems other parts of carekiosk record: numbers that cannot be texted. Only the last three
    digits are shown (enough to recognise the number, not enough to leak it)."""
    try:
        from print_notices.sms.suppressions import sms_problems
    except ImportError:
        return []
    problems = []
    for item in sms_problems(store):
        what = SMS_STATES.get(item["state"], item["state"])
        code = f" (code {item['code']})" if item.get("code") else ""
        problems.append(f"The mobile number ending {str(item['number'])[-3:]} {what}{code}.")
    return problems


@click.command()
def verify() -> None:
    """Check the story database: file integrity, no story removed, none altered.

    Exits 0 and says so when all is well; otherwise names the first problem and exits 1.

    Example:  carekiosk verify
    """
    store = open_store()
    try:
        problems = store.verify()
        count = store.status()["last_seq"]
    finally:
        store.close()
    if problems:
        extra = f" ({len(problems) - 1} more problem(s) after it)" if len(problems) > 1 else ""
        raise UserError(f"Problem found: {problems[0]}{extra}.")
    click.echo(f"OK: {count} story(ies) checked; none removed or altered.")


__all__ = ["status", "verify"]
