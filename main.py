"""The Android entry point (buildozer.spec's ``entrypoint``): the same kiosk as ``carekiosk run``.
On a desktop use ``carekiosk run`` or ``python -m kiosk`` instead."""

from kiosk.run_command import launch

if __name__ == "__main__":
    launch()
