"""Read aloud: a small speech interface with no Kivy in it.

- :mod:`.engine`   the interface every engine meets (``say`` segments, ``stop``, ``status``), and the
                   worker thread that keeps speech off the screen's way;
- :mod:`.espeak`   Linux: ``espeak-ng`` (Debian's package, voices ``en-gb`` and ``cy``);
- :mod:`.android`  Android: the platform's ``TextToSpeech``;
- :mod:`.silent`   no engine: says nothing, and tells the staff panel why;
- :mod:`.script`   what each screen says, as data (English msgids, spoken in the visit's language);
- :mod:`.narrator` when to say it: the privacy rules (never the story unless asked, nothing after a reset);
- :mod:`.recorder` a sound card stand-in for machines without one: plays a WAV stream into a file at
                   real-time speed (the tests listen by measuring what it recorded).

:func:`open_speech` picks the engine from the ``[kiosk]`` settings (``speech``, ``speech_player``,
``speech_rate``).
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import Any, Mapping

from .engine import Segment, Speech, Utterance  # noqa: F401
from .silent import SilentSpeech

#: ``[kiosk]`` settings for read aloud (added to the kiosk's defaults by ``kiosk.app``).
SPEECH_DEFAULTS: dict[str, Any] = {
    "speech": "auto",      # "auto", "espeak-ng", "android" or "off"
    "speech_player": "",   # espeak-ng only: a command that plays a WAV stream from stdin (e.g. "aplay -q")
    "speech_rate": 150,    # words per minute; older listeners are most comfortable at about 150
}


def on_android() -> bool:
    return sys.platform == "android" or "ANDROID_ARGUMENT" in os.environ


def open_speech(settings: Mapping[str, Any] | None = None) -> Speech:
    """The engine the settings ask for, or a :class:`SilentSpeech` that says why there is none."""
    cfg = {**SPEECH_DEFAULTS, **(settings or {})}
    choice = str(cfg.get("speech") or "auto").strip().lower()
    try:
        rate = int(cfg.get("speech_rate") or 150)
    except (TypeError, ValueError):
        rate = 150
    rate = max(80, min(rate, 300))
    if choice == "off":
        return SilentSpeech("Read aloud is turned off in the settings.")
    if choice in ("android",) or (choice == "auto" and on_android()):
        from .android import AndroidSpeech

        return AndroidSpeech.open(rate=rate)
    if choice in ("auto", "espeak-ng", "espeak"):
        from .espeak import EspeakSpeech

        player = shlex.split(str(cfg.get("speech_player") or ""))
        return EspeakSpeech.open(rate=rate, player=player or None)
    return SilentSpeech("The speech setting is not one the kiosk knows.")
