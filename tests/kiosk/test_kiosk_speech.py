"""Read aloud, without a display: what each screen says (both languages), real espeak-ng audio
measured with ``wave``, the asynchronous engine stopping a sentence part-way, and the privacy rules
(no story unless "Read my story back", nothing after a reset)."""

from __future__ import annotations

import shutil
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.session import Session, Step
from kiosk.speech import SPEECH_DEFAULTS, open_speech, script
from kiosk.speech.engine import Speech
from kiosk.speech.narrator import Narrator
from kiosk.speech.silent import SilentSpeech
from sync.i18n import read_catalogue, translator

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (scripts/setup-machine test)")
T = translator().gettext
SECRET_STORY = "Marjorie in room 14 shouted at me about the zebra biscuits"


@dataclass(frozen=True)
class F:
    start: int
    end: int
    kind: str
    suggestion: str
    reason: str


def flag_marjorie(text, roster=None):
    start = text.find("Marjorie")
    return [F(start, start + 8, "name", "a carer", "This looks like a person's name.")] if start >= 0 else []


class Heard(Speech):
    """The loudspeaker's side of the interface: keeps what it was asked to say, in order."""

    name = "heard"
    available = True

    def __init__(self):
        self.said: list[list[tuple[str, str]]] = []
        self.stops = 0

    def say(self, utterance):
        self.said.append(list(utterance))

    def stop(self):
        self.stops += 1

    def status(self):
        return "Read aloud: {engine}.", {"engine": "test"}

    def texts(self) -> list[str]:
        return [" ".join(text for _lang, text in u) for u in self.said]


def session_at(step: Step, lang: str, store=None) -> Session:
    """A session standing on ``step`` with sample answers (no store needed before Send)."""
    s = Session(store, finder=flag_marjorie, applier=lambda text, f, r: text[:f.start] + r + text[f.end:],
                localise=T)
    s.set_language(lang)
    s.draft.ref = "4821"
    s.sent_ref = "4821"
    s.sent_code = "381904"
    s.draft.update_for = ("0b7e6f3a-0000-4000-8000-0000000000aa", "4821")
    if step is Step.CHECK:
        s.start(); s.choose_role("visitor"); s.next(); s.choose_way("writing"); s.next()
        s.set_text(SECRET_STORY); s.next()
        assert s.step is Step.CHECK
        return s
    if step is Step.PICTURES:
        s.start(); s.choose_role("visitor"); s.next(); s.choose_way("pictures"); s.place("happy")
        return s
    s.step = step
    return s


SCREENS = list(script.SCRIPT)
STEP_OF = {name: Step(name) for name in SCREENS if name != "idle"}


def rendered(screen: str, lang: str) -> str:
    s = session_at(STEP_OF.get(screen, Step.STORY), lang)
    return " ".join(text for _l, text in script.render(screen, s, T, seconds=15))


def test_every_screen_says_something_and_every_visit_screen_has_a_script():
    from kiosk.session import ORDER, PICTURE_ORDER, UPDATE_ORDER

    assert set(ORDER) | set(PICTURE_ORDER) | set(UPDATE_ORDER) == {Step(n) for n in STEP_OF}, "a visit screen without spoken words"
    assert "idle" in script.SCRIPT


@pytest.mark.parametrize("screen", SCREENS)
def test_every_screens_spoken_text_exists_in_both_languages(screen):
    cy = {m.id: m for m in read_catalogue("cy") if m.id}
    en = {m.id: m for m in read_catalogue("en") if m.id}
    for msgid in script.msgids(screen):
        assert msgid in en and msgid in cy, f"{screen}: {msgid!r} is not in the catalogues (extract)"
        assert cy[msgid].string and "fuzzy" not in cy[msgid].flags, f"{screen}: no Welsh for {msgid!r}"
    english, welsh = rendered(screen, "en"), rendered(screen, "cy")
    assert english.strip() and welsh.strip()
    assert english != welsh
    welsh = script.render(screen, session_at(STEP_OF.get(screen, Step.STORY), "cy"), T)[0][1]  # the Welsh voice's part
    # No English sentence of the screen is left in the Welsh words (names such as "English" aside).
    for msgid in script.msgids(screen):
        if T(msgid, "cy") != msgid and len(msgid) > 12:
            assert script.sentence(msgid) not in welsh, f"{screen}: {msgid!r} said in English on a Welsh visit"


def test_welcome_invites_the_other_language_in_its_own_voice():
    s = session_at(Step.WELCOME, "en")
    segments = script.render("welcome", s, T)
    assert segments[0][0] == "en" and segments[-1] == ("cy", "Am Gymraeg, cyffyrddwch â’r botwm Cymraeg.")
    s.set_language("cy")
    assert script.render("welcome", s, T)[-1] == ("en", "For English, touch the English button.")


def test_references_are_said_digit_by_digit_and_the_check_never_says_the_phrase():
    assert "4 8 2 1" in rendered("send", "en")
    check = rendered("check", "en")
    assert "This looks like a person" in check and "a carer" in check
    assert "Marjorie" not in check and "zebra" not in check


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@needs_espeak
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_espeak_renders_every_screen_as_audio_of_plausible_length(lang, tmp_path, record_property):
    """Listening by measuring: each screen's words as a WAV (espeak-ng -w, the kiosk's own voice and
    rate), not empty, and about as long as its words take at 150 words a minute."""
    engine = open_speech({"speech": "espeak-ng"})
    assert engine.available, engine.status()
    durations = {}
    for screen in SCREENS:
        segments = script.render(screen, session_at(STEP_OF.get(screen, Step.STORY), lang), T, seconds=15)
        seconds = sum(wav_seconds(engine.render(text, voice, tmp_path / f"{screen}-{lang}-{i}.wav"))
                      for i, (voice, text) in enumerate(segments))  # each segment in its own voice
        words = sum(len(text.split()) for _voice, text in segments)
        expected = words / (SPEECH_DEFAULTS["speech_rate"] / 60)
        assert 0.4 * expected < seconds < 2.5 * expected, f"{screen} ({lang}): {seconds:.1f} s for {words} words"
        durations[screen] = round(seconds, 1)
    engine.close()
    record_property("wav_seconds", durations)
    print(f"\nWAV seconds ({lang}):", durations)


@needs_espeak
def test_speech_never_blocks_and_a_new_sentence_stops_the_old_one(tmp_path):
    """Real espeak-ng into the real-time recorder (a sound card stand-in): say() returns at once;
    saying something new ends the sentence in progress, whose recording is cut short."""
    folder = tmp_path / "heard"
    player = f"{sys.executable} -m kiosk.speech.recorder {folder}"
    engine = open_speech({"speech": "espeak-ng", "speech_player": player})
    first = rendered("send", "en")
    full = wav_seconds(engine.render(first, "en", tmp_path / "full.wav"))
    assert full > 6
    started = time.perf_counter()
    engine.say([("en", first)])
    assert time.perf_counter() - started < 0.05, "say() must not wait for the engine"
    # Wait for the sound to start (espeak-ng renders first; on a loaded machine that can take a
    # second or more), then let a second of it play.
    deadline = time.monotonic() + 20
    # (a recording is "N.wav.part" while it plays and "N.wav" once closed)
    while not any(p.stat().st_size > 4096 for p in folder.glob("*.wav*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)
    assert engine.speaking
    engine.say([("cy", rendered("thanks", "cy"))])
    time.sleep(0.3)
    assert engine.speaking
    deadline = time.monotonic() + 30
    while engine.speaking and time.monotonic() < deadline:
        time.sleep(0.1)
    engine.say([("en", rendered("who", "en"))])
    time.sleep(0.8)
    engine.stop()
    time.sleep(0.5)
    assert not engine.speaking
    engine.close()
    heard = [wav_seconds(p) for p in sorted(folder.glob("*.wav"))]
    assert len(heard) == 3, heard
    assert 1.0 < heard[0] < full - 3, f"the first sentence ran {heard[0]:.1f} s of {full:.1f} s: it was not stopped"
    assert heard[1] > 3, "the second sentence was heard to its end"
    assert heard[2] < 2, "stop() ends the sentence in progress"


def test_no_espeak_means_a_silent_kiosk_that_says_why(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    engine = open_speech({"speech": "auto"})
    assert isinstance(engine, SilentSpeech) and not engine.available
    msgid, args = engine.status()
    assert T(msgid, "en").format(**{k: T(v, "en") for k, v in args.items()}) == \
        "Read aloud is silent: espeak-ng is not installed."
    assert T(msgid, "cy").format(**{k: T(v, "cy") for k, v in args.items()}) == \
        "Mae darllen yn uchel yn dawel: Nid yw espeak-ng wedi’i osod."
    off = open_speech({"speech": "off"})
    assert off.status()[1]["why"] == "Read aloud is turned off in the settings."
    engine.say([("en", "nothing")])  # says nothing, and does not fail
    engine.stop()


# -- the privacy rules -------------------------------------------------------------------------------

def walk_visit_with_narrator(store, heard: Heard, narrator: Narrator, *, read_back: bool) -> Session:
    s = Session(store, finder=flag_marjorie, applier=lambda text, f, r: text[:f.start] + r + text[f.end:],
                localise=T)
    s.bind(lambda sess: narrator.update(sess, sess.step.value))
    s.toggle_read_aloud()
    s.start(); s.choose_role("resident"); s.next(); s.choose_way("writing"); s.toggle_topic("food"); s.next()
    s.set_text(SECRET_STORY)
    if read_back:
        narrator.read_back(s)
    s.next()
    assert s.step is Step.CHECK
    s.keep()  # "Marjorie" kept as written: the story still holds it
    narrator.idle_warning(s, 12)
    s.toggle_feeling("sad"); s.next(); s.no_thanks()
    narrator.repeat(s, s.step.value)
    s.send()
    return s


def test_no_story_text_is_ever_said_unless_read_back_is_asked_for(store):
    heard = Heard()
    narrator = Narrator(heard, T)
    walk_visit_with_narrator(store, heard, narrator, read_back=False)
    said = " ".join(heard.texts())
    assert "Who are you?" in said and "Are you still there?" in said and "Thank you" in said
    for word in ("Marjorie", "zebra", "biscuits", "shouted", "room 14"):
        assert word not in said, f"{word!r} was said without Read my story back"
    assert all(entry[3] > 0 for entry in narrator.log) and not any(isinstance(e, str) and "zebra" in e
                                                                    for entry in narrator.log for e in entry)


def test_read_my_story_back_says_the_story_and_nothing_is_said_after_a_reset(store):
    heard = Heard()
    narrator = Narrator(heard, T)
    s = walk_visit_with_narrator(store, heard, narrator, read_back=True)
    read = [t for t in heard.texts() if "zebra" in t]
    assert read == ["Your story: " + SECRET_STORY]
    count, stops = len(heard.said), heard.stops
    s.reset()  # the end of the visit (or the idle timeout)
    assert heard.stops > stops, "a reset stops the sentence in progress"
    narrator.repeat(s, "welcome")
    narrator.read_back(s)
    narrator.idle_warning(s, 10)
    narrator.confirm(s, "Visitor", True)
    s.start(); s.choose_role("visitor"); s.next()
    assert len(heard.said) == count, "nothing is said after a reset until Read aloud is chosen again"


def test_a_screen_is_said_once_and_again_only_when_it_changes(store):
    heard = Heard()
    narrator = Narrator(heard, T)
    s = Session(store, localise=T)
    s.bind(lambda sess: narrator.update(sess, sess.step.value))
    s.toggle_read_aloud()
    assert len(heard.said) == 1  # Welcome
    s.toggle_large_text()
    assert len(heard.said) == 1  # same words: not said again
    s.set_language("cy")
    assert len(heard.said) == 2 and heard.said[-1][0][0] == "cy"
    s.start(); s.choose_role("visitor"); s.next(); s.choose_way("pictures")
    tile1 = heard.texts()[-1]
    s.place("okay")
    assert heard.texts()[-1] != tile1 and "Gofal" in heard.texts()[-1]  # the next tile: Care
    narrator.repeat(s, "pictures")
    assert heard.texts()[-1] == heard.texts()[-2]
    narrator.update(s, "staff_pin")
    assert heard.said[-1] == heard.said[-2]  # staff screens are never read


@pytest.fixture
def store(ck_home):
    from sync.profile import open_store

    st = open_store()
    yield st
    st.close()


def test_thank_you_says_the_reply_code_digit_by_digit_and_the_update_screens_name_the_story():
    english = rendered("thanks", "en")
    assert "381" not in english.replace(" ", "") and "To hear it, tap Listen" in english  # private: not unasked
    asked = script.render("thanks", session_at(Step.THANKS, "en"), T, asked=True)[0][1]
    assert "Your reply code is 3 8 1, 9 0 4." in asked and "Keep it private" in asked and "tap Listen" not in asked
    assert "Add to your story 4 8 2 1." in rendered("update_code", "en")
    assert "story 4 8 2 1" in rendered("update_thanks", "en")
    assert "Eich cod ateb yw 3 8 1, 9 0 4." in script.render("thanks", session_at(Step.THANKS, "cy"), T,
                                                             asked=True)[0][1]


def _silence_wav(seconds: float) -> bytes:
    import io

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"\0\0" * int(22050 * seconds))
    return buf.getvalue()


def test_the_recorder_stopped_at_any_moment_leaves_only_whole_wav_files(tmp_path):
    """SIGTERM, as the kiosk sends it, at moments from start-up to mid-sentence: each file the
    recorder leaves is a valid WAV, none is left as ".part" (a stop inside the header once wrote it
    twice, "RIFFRIFF...": the handler now only sets a flag, so that cannot happen)."""
    import signal
    import subprocess

    folder = tmp_path / "heard"
    sound = _silence_wav(0.5)  # (smaller than a pipe's buffer: the write never waits for the player)
    procs = []
    for i in range(16):
        before = set(folder.glob("*.part"))
        proc = subprocess.Popen([sys.executable, "-m", "kiosk.speech.recorder", str(folder)], stdin=subprocess.PIPE)
        proc.stdin.write(sound)
        proc.stdin.close()
        procs.append(proc)
        if i % 2:  # every other one once it is recording (start-up takes longer on a busy machine)
            deadline = time.monotonic() + 20
            while set(folder.glob("*.part")) <= before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
        time.sleep(0.01 * i)  # stopped later each time: start-up, header, first chunks, near the end
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
    assert not list(folder.glob("*.part"))
    heard = [wav_seconds(p) for p in sorted(folder.glob("*.wav"))]
    assert heard, "no recorder got as far as its first chunk"
    assert all(0 <= s <= 0.5 for s in heard), heard


class _SignalAtRead:
    """A WAV stream that delivers a real SIGTERM to this process on its k-th read."""

    def __init__(self, data: bytes, k: int):
        import io

        self.buf, self.k, self.reads = io.BytesIO(data), k, 0

    def read(self, n=-1):
        import os
        import signal

        self.reads += 1
        if self.reads == self.k:
            os.kill(os.getpid(), signal.SIGTERM)
        return self.buf.read(n)


@pytest.mark.parametrize("k", range(1, 9))
def test_a_stop_while_the_recorder_reads_never_raises_and_leaves_a_whole_file_or_none(tmp_path, k):
    import signal

    from kiosk.speech import recorder

    old = signal.signal(signal.SIGTERM, recorder._stop)
    recorder._stopping = False
    try:
        made = recorder.record(_SignalAtRead(_silence_wav(2.0), k), tmp_path)
    finally:
        signal.signal(signal.SIGTERM, old)
        recorder._stopping = False
    assert not list(tmp_path.glob("*.part"))
    if made is not None:
        assert made.exists() and 0 <= wav_seconds(made) < 0.5  # stopped within a chunk or two
