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

from .errors import UserError
from .paths import Paths

#: the key of ``ctx.obj`` under which the composition root lists status's problem sources
PROBLEM_SOURCES = "status.problem_sources"
ProblemSource = Callable[[Paths], list[str]]


def problem_sources(ctx: click.Context) -> Iterable[ProblemSource]:
    obj = ctx.find_object(dict)
    return (obj or {}).get(PROBLEM_SOURCES, ())


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for scripts).")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show how many stories are waiting to be sent, when the device last synced, and its health.

    Example:  carekiosk status
    """
    from .profile import open_store  # the store brings sqlite-utils: only for the commands that use it

    paths = Paths.from_env()
    store = open_store(paths)
    try:
        info = store.status()
    finally:
        store.close()
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
    table.add_row("Received by the service", str(info["acknowledged"]))
    table.add_row("Stories written on this device", str(info["last_seq"]))
    table.add_row("Last sync", info["last_sync"] or "never")
    for problem in info["problems"]:
        table.add_row("Problem", problem)
    Console().print(table)


@click.command()
def verify() -> None:
    """Check the story database: file integrity, no story removed, none altered.

    Exits 0 and says so when all is well; otherwise names the first problem and exits 1.

    Example:  carekiosk verify
    """
    from .profile import open_store

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
