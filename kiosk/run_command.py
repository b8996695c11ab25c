"""``carekiosk run``: start the lobby kiosk (Kivy is imported only inside the command)."""

from __future__ import annotations

import os

import click

from sync.errors import UserError
from sync.paths import Paths

#: the key under which the composition root (kiosk/cli.py) puts the staff panel's leaflet printer
PRINT_LEAFLET = "kiosk.print_leaflet"


def set_pin_interactively(paths=None) -> None:
    from sync.config import Config

    from .pin import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, valid_pin

    pin = click.prompt(f"New staff PIN ({MIN_PIN_LENGTH}-{MAX_PIN_LENGTH} digits)", hide_input=True,
                       confirmation_prompt="Type it again")
    if not valid_pin(pin):
        raise UserError(f"A staff PIN is {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits; nothing was changed.")
    paths = (paths or Paths.from_env()).ensure()
    config = Config.load(paths)
    config.set("kiosk", "pin_hash", hash_pin(pin))
    config.save()
    click.echo(f"Staff PIN saved (as a salted hash) in {config.path}.")


@click.command("run")
@click.option("--windowed", is_flag=True, help="Open in a window (for a desktop trial) instead of fullscreen.")
@click.option("--set-pin", is_flag=True, help="Set the staff PIN (asked twice, stored as a salted hash), then stop.")
@click.pass_context
def run(ctx: click.Context, windowed: bool, set_pin: bool) -> None:
    """Start the lobby kiosk, fullscreen. Staff: press and hold the top-right corner for 3 seconds."""
    if set_pin:
        set_pin_interactively()
        return
    wiring = ctx.find_object(dict) or {}
    launch(windowed=windowed, print_leaflet=wiring.get(PRINT_LEAFLET))


def launch(*, windowed: bool = False, **app_kwargs) -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    from .platform import StartupDeadline, current

    platform = current()
    platform.prepare_environment()
    home = platform.data_home()  # Android: the app's private storage
    if home is not None and not os.environ.get("CAREKIOSK_HOME"):
        os.environ["CAREKIOSK_HOME"] = str(home)
    # No black screen for minutes: Welcome shows within the deadline, or the kiosk stops with one
    # sentence (exit 3) and its supervisor starts it again (docs/kiosk.md "Start-up").
    deadline = StartupDeadline(startup_deadline()).start()
    if "KIVY_HOME" not in os.environ:
        # Kivy reads its settings and loads modules from KIVY_HOME: it must be a folder only this
        # user can write (never a guessable /tmp path), and not the user's own ~/.kivy, whose
        # settings could undo kiosk mode. So: inside carekiosk's own data folder (mode 0700).
        kivy_home = Paths.from_env().ensure().data_dir / "kivy"
        kivy_home.mkdir(mode=0o700, exist_ok=True)
        os.chmod(kivy_home, 0o700)
        os.environ["KIVY_HOME"] = str(kivy_home)
    from .app import configure_kivy

    configure_kivy(windowed=windowed)
    from .app import CareKioskApp

    try:
        CareKioskApp(windowed=windowed, platform=platform, on_ready=deadline.met, **app_kwargs).run()
    finally:
        if not platform.ready_sent:  # the app ended before Welcome was ever drawn: say so, exit 3
            deadline.met()
            from .platform.base import EXIT_NO_WINDOW

            # Straight to fd 2: with KIVY_NO_CONSOLELOG Kivy swallows what goes through sys.stderr.
            os.write(2, b"carekiosk: the kiosk's window could not be opened (no display, or the display "
                        b"refused the connection); stopping so it can be started again.\n")
            os._exit(EXIT_NO_WINDOW)


def startup_deadline() -> float:
    """``CAREKIOSK_STARTUP_DEADLINE`` (seconds), else ``[kiosk] startup_deadline``, else 60; 0 turns it off."""
    from sync.config import Config

    from .platform.base import DEFAULT_STARTUP_DEADLINE

    raw = os.environ.get("CAREKIOSK_STARTUP_DEADLINE")
    if raw is None:
        raw = Config.load(Paths.from_env()).section("kiosk", {}).get("startup_deadline", DEFAULT_STARTUP_DEADLINE)
    try:
        return max(0.0, float(raw))
    except (TypeError, ValueError):
        raise UserError(f"The start-up deadline must be a number of seconds, not {raw!r}.") from None
