"""A sound card stand-in: ``python -m kiosk.speech.recorder FOLDER`` plays a WAV stream from
standard input into ``FOLDER/<n>.wav`` at real-time speed, as a sound card would.

For a machine with no audio device (a test machine, a kiosk before its speaker is fitted): set
``speech_player = "python -m kiosk.speech.recorder /some/folder"`` and espeak-ng writes to it. Each
sentence takes as long as it would to hear, so stopping one part-way leaves a shorter file: the
tests listen by measuring (Python's ``wave``). SIGTERM (how the kiosk stops a sentence) closes the
file cleanly at the point reached.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import wave
from pathlib import Path

CHUNK_SECONDS = 0.05


_stopping = False


def _stop(_signum, _frame):
    # Only a flag: raising here could interrupt ``wave`` half-way through writing the header, and
    # closing would then write a second one into the file ("RIFFRIFF...", not a WAVE file). The loop
    # looks at the flag after every chunk, so a sentence still stops within CHUNK_SECONDS.
    global _stopping
    _stopping = True


def record(stream, folder: Path) -> Path | None:
    """Play ``stream`` into a new WAV in ``folder``; None when it ended before its header (stopped at once).

    The file is written under a ``.part`` name and renamed when closed, so whoever lists ``*.wav``
    never reads a recording that is still being made."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{time.time_ns()}.wav"
    part = target.with_suffix(".wav.part")
    try:
        source = wave.open(stream, "rb")
    except (EOFError, wave.Error):  # espeak-ng was stopped before it said anything
        return None
    rate, width, channels = source.getframerate(), source.getsampwidth(), source.getnchannels()
    out = wave.open(str(part), "wb")
    out.setnchannels(channels)
    out.setsampwidth(width)
    out.setframerate(rate)
    started = time.monotonic()
    played = 0
    chunk = max(1, int(rate * CHUNK_SECONDS))
    try:
        while not _stopping:
            frames = source.readframes(chunk)
            if not frames:
                break
            out.writeframes(frames)
            played += len(frames) // (width * channels)
            ahead = played / rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
    except (EOFError, wave.Error):
        pass
    finally:
        out.close()
        os.replace(part, target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m kiosk.speech.recorder FOLDER  (a WAV stream on stdin)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    record(sys.stdin.buffer, Path(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
