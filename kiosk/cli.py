"""The ``carekiosk`` command: one subcommand per job, and the composition root.

Subcommands are loaded lazily from the module that owns them, so ``carekiosk status`` starts fast
and never imports Kivy, FastAPI or ReportLab it does not need. This is the one place that wires the
parts together across the layers: e.g. ``status`` (in ``sync``, which imports nothing above it)
is handed the notifier's "numbers that cannot be texted" through click's context object.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from sync.errors import UserError

#: problems ``carekiosk status`` lists from other parts: "module:attribute" of ``source(paths) -> [str]``
STATUS_PROBLEM_SOURCES = ("print_notices.notifier.problems:status_problems",)
#: the kiosk staff panel's "Print leaflet": ``print_leaflet(paths, lang) -> sentence``
KIOSK_LEAFLET_PRINTER = "print_notices.leaflet:print_for_staff"

#: subcommand name -> "module:attribute" of the click command that implements it.
COMMANDS: dict[str, str] = {
    "run": "kiosk.run_command:run",
    "add": "kiosk.add_command:add",
    "status": "sync.device_commands:status",
    "verify": "sync.device_commands:verify",
    "enrol": "sync.field_commands:enrol",
    "sync": "sync.field_commands:sync_command",
    "export": "sync.field_commands:export",
    "import": "sync.field_commands:import_command",
    "serve": "sync.server.commands:serve",
    "admin": "sync.server.commands:admin",
    "moderate": "sync.server.commands:moderate",
    "stories": "sync.org_commands:stories",
    "print": "print_notices.commands:print_command",
    "notify": "print_notices.commands:notify",
    "notify-authors": "print_notices.notifier.authors:notify_authors",
    "level": "print_notices.engagement.commands:level",
}


def _import(target: str):
    """The attribute ``target`` ("module:attribute") names, or None when that part is not installed."""
    module_name, attr = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # A part not installed (e.g. the server extra) or not built yet: leave it out.
        if exc.name and (exc.name == module_name or module_name.startswith(exc.name + ".")):
            return None
        raise
    return getattr(module, attr, None)


def _lazy_source(target: str):
    """A status problem source that imports its part only when ``status`` asks it."""
    def source(paths):
        found = _import(target)
        return found(paths) if found is not None else []
    return source


def _lazy_call(target: str):
    """``target`` as a function that imports its part on first call, or None if the part is missing.
    (Checked by spec, not imported: the kiosk must not pay for ReportLab until staff print.)"""
    import importlib.util

    if importlib.util.find_spec(target.split(":")[0].split(".")[0]) is None:
        return None

    def call(*args, **kwargs):
        return _import(target)(*args, **kwargs)
    return call


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        return _import(target) if target is not None else None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"carekiosk: {exc}", err=True)
            ctx.exit(getattr(exc, "exit_code", 1))
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence for a person at a terminal
            if os.environ.get("CAREKIOSK_DEBUG"):
                raise
            # Only the type: an exception's message could quote a story or a phone number.
            click.echo(f"carekiosk: something went wrong inside carekiosk ({type(exc).__name__}); "
                       "run again with CAREKIOSK_DEBUG=1 to see the details.", err=True)
            ctx.exit(70)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="carekiosk")
@click.pass_context
def main(ctx: click.Context) -> None:
    """carekiosk: the lobby feedback kiosk for small care homes, and the tools around it.

    Most people need only `carekiosk run` (start the kiosk) and `carekiosk status`
    (how many stories are waiting to be sent). Add --help after any command to see what it does.
    """
    found = ctx.ensure_object(dict)
    for key, value in wiring().items():
        found.setdefault(key, value)


def wiring() -> dict:
    """What the parts get from each other through click's context object (read with ``ctx.find_object(dict)``)."""
    from kiosk.run_command import PRINT_LEAFLET
    from sync.device_commands import PROBLEM_SOURCES

    return {PROBLEM_SOURCES: [_lazy_source(t) for t in STATUS_PROBLEM_SOURCES],
            PRINT_LEAFLET: _lazy_call(KIOSK_LEAFLET_PRINTER)}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
