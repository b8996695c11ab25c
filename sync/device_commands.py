"""Device commands for staff and field workers: ``carekiosk status`` and ``verify`` (``add`` is the
tablet's own, in :mod:`kiosk.add_command`: it runs the anonymiser).

``status`` also lists problems other parts of carekiosk know about (e.g. the notifier's numbers that
cannot be texted). ``sync`` imports none of them: the ``carekiosk`` command (the composition root)
hands them in as ``ctx.obj[PROBLEM_SOURCES]``, a list of ``source(paths) -> [sentence, ...]``.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

import click

from .errors import StoreError, UserError
from .i18n import ngettext
from .paths import Paths

#: the key of ``ctx.obj`` under which the composition root lists status's problem sources
PROBLEM_SOURCES = "status.problem_sources"
ProblemSource = Callable[[Paths], list[str]]


def problem_sources(ctx: click.Context) -> Iterable[ProblemSource]:
    obj = ctx.find_object(dict)
    return (obj or {}).get(PROBLEM_SOURCES, ())


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for scripts).")
@click.option("--show-token", is_flag=True,
              help="Also show the device token (for `carekiosk import` of this kiosk's bundles on a laptop).")
@click.pass_context
def status(ctx: click.Context, as_json: bool, show_token: bool) -> None:
    """Show how many stories are waiting to be sent, when the device last synced, and its health.

    Example:  carekiosk status
    """
    from .profile import open_store  # the store brings sqlite-utils: only for the commands that use it

    paths = Paths.from_env()
    store = open_store(paths)
    try:
        info = store.status()
        token = store.device().token if show_token else None
    finally:
        store.close()
    if show_token:
        info["device_token"] = token
    info["problems"] = [problem for source in problem_sources(ctx) for problem in source(paths)]
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    home = "Demo House (DEMO profile — not enrolled)" if info["profile"] == "demo" else info["home_name"]
    table.add_row("Home", home)
    table.add_row("Waiting to be sent", str(info["pending"]))
    if info.get("updates_pending"):
        table.add_row("Authors' updates waiting", str(info["updates_pending"]))
    table.add_row("Received by the service", str(info["acknowledged"]))
    table.add_row("Stories written on this device", str(info["last_seq"]))
    table.add_row("Last sync", info["last_sync"] or "never")
    for problem in info["problems"]:
        table.add_row("Problem", problem)
    if show_token:
        table.add_row("Device token", token or "none: this device is not enrolled")
    Console().print(table)
    if show_token and token:
        click.echo("Keep the device token like a password: with it, anyone can send stories as this kiosk.")


@click.command()
def verify() -> None:
    """Check the story database: file integrity, no story removed, none altered.

    Exits 0 and says so when all is well; otherwise names the first problem and exits 1
    (3 if the file cannot be opened as a database at all).

    Example:  carekiosk verify
    """
    import sqlite3

    from .profile import open_store

    try:
        store = open_store()
    except sqlite3.DatabaseError:  # damaged past what opening the store itself reports
        raise StoreError(f"The story database {Paths.from_env().database} is damaged and cannot be read; "
                         "see docs/sync.md (looking inside a kiosk's database) and ask for help.") from None
    try:
        problems = store.verify()
        counts = {} if problems else _checked_per_chain(store)
    finally:
        store.close()
    if problems:
        more = len(problems) - 1
        extra = ngettext(" ({n} more problem after it)", " ({n} more problems after it)", more, "en") if more else ""
        raise UserError(f"Problem found: {problems[0]}{extra}.")
    total = sum(counts.values())
    closed = [(label, n) for label, n in counts.items() if label != "this device"]
    chains = [("this device", counts.get("this device", 0))] + closed
    detail = (" (" + "; ".join(f"{label}: {n}" for label, n in chains) + ")") if closed else ""
    click.echo(ngettext("OK: {n} story checked{detail}; none removed or altered.",
                        "OK: {n} stories checked{detail}; none removed or altered.", total, "en", detail=detail))


def _checked_per_chain(store) -> dict[str, int]:
    """How many stories ``verify`` checked on each chain: this device's, and those closed at enrolment
    (the demo profile's stories, which stay on the device and are never sent)."""
    device_id = store.device().device_id
    labels = {row["device_id"]: ("the demo profile (never sent)" if row["profile"] == "demo"
                                 else f"an earlier {row['profile']} chain")
              for row in store.query("SELECT device_id, profile FROM chains ORDER BY closed_at")}
    counts: dict[str, int] = {"this device": 0}
    for row in store.query("SELECT device_id, COUNT(*) AS n FROM stories GROUP BY device_id"):
        label = "this device" if row["device_id"] == device_id else labels.get(row["device_id"], "another device id")
        counts[label] = counts.get(label, 0) + row["n"]
    return counts


__all__ = ["status", "verify"]
