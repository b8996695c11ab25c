"""Linux speech: ``espeak-ng`` (Debian's package; its ``cy`` voice speaks Welsh).

Each sentence is one ``espeak-ng`` process (and its player) in a process group of its own, reading its words from
standard input (so a story read back never shows in the process list). By default espeak-ng plays
the sound itself; with a ``player`` command it writes a WAV stream to that player instead
(``espeak-ng --stdout | aplay -q``, or :mod:`kiosk.speech.recorder` on a machine with no sound card).
Stopping kills the whole group at once, so a new screen never waits for the old sentence.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from sync.i18n import N_

from .engine import WorkerSpeech
from .silent import SilentSpeech

#: The visit's language -> the espeak-ng voice.
VOICES = {"en": "en-gb", "cy": "cy"}


@dataclass
class _Sentence:
    procs: list[subprocess.Popen]
    halted: threading.Event


class EspeakSpeech(WorkerSpeech):
    name = "espeak-ng"
    available = True

    def __init__(self, binary: str, *, rate: int = 150, player: Sequence[str] | None = None):
        self.binary = binary
        self.rate = rate
        self.player = list(player) if player else None
        super().__init__()

    @classmethod
    def open(cls, *, rate: int = 150, player: Sequence[str] | None = None):
        binary = shutil.which("espeak-ng")
        if binary is None:
            return SilentSpeech("espeak-ng is not installed.")
        return cls(binary, rate=rate, player=player)

    def command(self, lang: str, *, out: str | None = None) -> list[str]:
        """The espeak-ng command for ``lang`` (text on stdin); ``out``: a WAV file, or "-" for stdout."""
        cmd = [self.binary, "-v", VOICES.get(lang, VOICES["en"]), "-s", str(self.rate)]
        if out == "-":
            cmd.append("--stdout")
        elif out:
            cmd += ["-w", out]
        return cmd

    def render(self, text: str, lang: str, path: Path) -> Path:
        """Write ``text`` spoken in ``lang`` to a WAV file (waits; for tests and the docs' table)."""
        subprocess.run(self.command(lang, out=str(path)), input=text.encode("utf-8"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        return Path(path)

    def status(self) -> tuple[str, dict[str, Any]]:
        return N_("Read aloud: {engine}, English and Welsh voices."), {"engine": "espeak-ng"}

    # -- the worker's engine -------------------------------------------------------------------
    def _start(self, lang: str, text: str) -> _Sentence:
        quiet = dict(stderr=subprocess.DEVNULL)
        # A process group of its own (in the kiosk's session, so a player can join it): one signal
        # stops espeak-ng and its player together.
        if self.player is None:
            speaker = subprocess.Popen(self.command(lang), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       process_group=0, **quiet)
            procs = [speaker]
        else:
            speaker = subprocess.Popen(self.command(lang, out="-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       process_group=0, **quiet)
            try:
                player = subprocess.Popen(self.player, stdin=speaker.stdout, stdout=subprocess.DEVNULL,
                                          process_group=speaker.pid, **quiet)
            except OSError:
                speaker.kill()
                speaker.wait()
                raise
            finally:
                speaker.stdout.close()  # the player holds the pipe now
            procs = [speaker, player]
        sentence = _Sentence(procs, threading.Event())
        try:
            speaker.stdin.write(text.encode("utf-8"))
            speaker.stdin.close()
        except OSError:  # halted already, or espeak-ng died: nothing to say
            pass
        return sentence

    def _wait(self, sentence: _Sentence) -> None:
        for proc in sentence.procs:
            try:
                proc.wait(timeout=600)
            except subprocess.TimeoutExpired:  # pragma: no cover - a sentence of ten minutes
                self._halt(sentence)
                proc.wait()

    def _halt(self, sentence: _Sentence) -> None:
        sentence.halted.set()
        try:
            # SIGTERM lets a player close its output cleanly; espeak-ng ends at once either way.
            os.killpg(sentence.procs[0].pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
