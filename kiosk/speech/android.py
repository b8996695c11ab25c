"""Android speech: the platform's ``android.speech.tts.TextToSpeech``, through pyjnius.

plyer's ``tts`` facade makes a new engine for every sentence, always speaks US English and cannot be
stopped, so the kiosk talks to the same platform class directly (pyjnius is what plyer uses
underneath): one engine for the app, ``setLanguage`` per segment (``cy-GB`` for Welsh, ``en-GB``),
``QUEUE_FLUSH`` for a new utterance and ``stop()`` when the screen changes. The platform speaks
asynchronously already, so nothing here blocks. If Welsh is not installed on the tablet, Welsh
segments are left out and the staff panel says so.
"""

from __future__ import annotations

from typing import Any

from sync.i18n import N_

from .engine import Speech, Utterance
from .silent import SilentSpeech

LOCALES = {"en": ("en", "GB"), "cy": ("cy", "GB")}


class AndroidSpeech(Speech):  # pragma: no cover - runs on a tablet only
    name = "android"
    available = True

    def __init__(self, tts: Any, locale_class: Any, rate: int):
        self._tts = tts
        self._Locale = locale_class
        self._missing: set[str] = set()
        self._tts.setSpeechRate(rate / 175.0)  # 1.0 is the platform's normal rate (about 175 wpm)

    @classmethod
    def open(cls, *, rate: int = 150):
        try:
            from jnius import autoclass

            activity = autoclass("org.kivy.android.PythonActivity").mActivity
            TextToSpeech = autoclass("android.speech.tts.TextToSpeech")
            return cls(TextToSpeech(activity, None), autoclass("java.util.Locale"), rate)
        except Exception:
            return SilentSpeech("This tablet's text-to-speech could not be started.")

    def say(self, utterance: Utterance) -> None:
        from jnius import autoclass

        TextToSpeech = autoclass("android.speech.tts.TextToSpeech")
        mode = TextToSpeech.QUEUE_FLUSH
        for lang, text in utterance:
            if self._tts.setLanguage(self._Locale(*LOCALES.get(lang, LOCALES["en"]))) < 0:
                self._missing.add(lang)
                continue
            self._tts.speak(text, mode, None, None)
            mode = TextToSpeech.QUEUE_ADD

    def stop(self) -> None:
        self._tts.stop()

    @property
    def speaking(self) -> bool:
        return bool(self._tts.isSpeaking())

    def status(self) -> tuple[str, dict[str, Any]]:
        if "cy" in self._missing:
            return N_("Read aloud: {engine}, but this tablet has no Welsh voice."), {"engine": "Android"}
        return N_("Read aloud: {engine}."), {"engine": "Android"}

    def close(self) -> None:
        self._tts.stop()
        self._tts.shutdown()
