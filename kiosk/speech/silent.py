"""No speech engine: the kiosk works the same, says nothing, and the staff panel says why."""

from __future__ import annotations

from typing import Any

from sync.i18n import N_

from .engine import Speech, Utterance

#: The reasons an engine can give, as English msgids (the staff panel shows them in its language).
WHY = {
    "Read aloud is turned off in the settings.": N_("Read aloud is turned off in the settings."),
    "The speech setting is not one the kiosk knows.": N_("The speech setting is not one the kiosk knows."),
    "espeak-ng is not installed.": N_("espeak-ng is not installed."),
    "This tablet's text-to-speech could not be started.": N_("This tablet's text-to-speech could not be started."),
}


class SilentSpeech(Speech):
    name = "silent"
    available = False

    def __init__(self, why: str):
        self.why = why

    def say(self, utterance: Utterance) -> None:
        pass

    def stop(self) -> None:
        pass

    def status(self) -> tuple[str, dict[str, Any]]:
        return N_("Read aloud is silent: {why}"), {"why": WHY.get(self.why, self.why)}
