"""``python -m kiosk``: start the lobby kiosk (``--windowed`` for a desktop trial)."""

from kiosk.run_command import run

if __name__ == "__main__":
    run(prog_name="python -m kiosk")
