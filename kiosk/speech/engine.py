"""The speech interface, and the worker that keeps it asynchronous.

An utterance is a list of segments, ``(language, text)``: Welcome says its words in the visit's
language and then, in the other language's own voice, how to switch. ``say`` replaces whatever is
being said (a new screen stops the old sentence at once); ``stop`` silences it. Neither waits: the
screen never blocks on speech.
"""

from __future__ import annotations

import threading
from typing import Any, Sequence

Segment = tuple[str, str]          # (language, text)
Utterance = Sequence[Segment]


class Speech:
    """What every engine offers. ``available`` is False for the silent fallback."""

    name = "none"
    available = False

    def say(self, utterance: Utterance) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    @property
    def speaking(self) -> bool:
        return False

    def status(self) -> tuple[str, dict[str, Any]]:
        """One sentence for the staff panel, as (English msgid, placeholders)."""
        raise NotImplementedError

    def close(self) -> None:
        self.stop()


class WorkerSpeech(Speech):
    """An engine whose sentences run one at a time in a background thread.

    The caller's thread only records what is wanted (a numbered utterance) and wakes the worker;
    ``stop`` also ends the sentence in progress (:meth:`_halt`) so a sentence never outlives its
    screen. The worker speaks segment by segment and checks the number between segments and
    before starting any, so a stopped utterance never starts late.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._wanted: tuple[int, list[Segment]] | None = None
        self._serial = 0
        self._current: Any = None      # the engine's handle for the sentence in progress
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="carekiosk-speech", daemon=True)
        self._thread.start()

    # -- the caller's side (the UI thread) ---------------------------------------------------
    def say(self, utterance: Utterance) -> None:
        segments = [(lang, text) for lang, text in utterance if text and text.strip()]
        with self._lock:
            self._serial += 1
            self._wanted = (self._serial, segments) if segments else None
            current = self._current
            self._lock.notify_all()
        if current is not None:
            self._halt(current)

    def stop(self) -> None:
        with self._lock:
            self._serial += 1
            self._wanted = None
            current = self._current
            self._lock.notify_all()
        if current is not None:
            self._halt(current)

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._busy or self._wanted is not None

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.stop()
        self._thread.join(timeout=2)

    # -- the worker's side -------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                while self._wanted is None and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                serial, segments = self._wanted
                self._wanted = None
                self._busy = True
            try:
                for lang, text in segments:
                    with self._lock:
                        if serial != self._serial or self._closed:
                            break
                        try:
                            self._current = self._start(lang, text)
                        except Exception:  # an engine that cannot start says nothing; the kiosk goes on
                            self._current = None
                            break
                        current = self._current
                    self._wait(current)
                    with self._lock:
                        self._current = None
            finally:
                with self._lock:
                    self._busy = False
                    self._current = None

    # -- what an engine provides --------------------------------------------------------------
    def _start(self, lang: str, text: str) -> Any:
        """Begin saying ``text`` in ``lang`` (called with the lock held: must not block long)."""
        raise NotImplementedError

    def _wait(self, handle: Any) -> None:
        """Block the worker until the sentence ends (or is halted)."""
        raise NotImplementedError

    def _halt(self, handle: Any) -> None:
        """End the sentence now (called from the UI thread: must not block)."""
        raise NotImplementedError
