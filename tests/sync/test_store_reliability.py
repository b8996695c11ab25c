"""Power cuts, two processes at once, and a full disk: every saved story survives, nothing is half-written."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sync.errors import StoreError
from sync.paths import Paths
from sync.profile import open_store
from sync.story import validate_story

CHILD = Path(__file__).with_name("child_writer.py")


def _reported(lines: list[str]) -> list[dict]:
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pass  # a line cut short by the kill: that story was not reported as added
    return out


@pytest.mark.slow
def test_sigkill_at_50_random_moments_loses_nothing_reported(ck_env):
    rng = random.Random(20261122)
    reported: dict[str, int] = {}
    for i in range(50):
        child = subprocess.Popen([sys.executable, str(CHILD)], env=ck_env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        lines: list[str] = []
        opened = threading.Event()

        def read(child=child, lines=lines, opened=opened):
            for line in child.stdout:
                lines.append(line)
                if line.strip() == "open":
                    opened.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if i % 5 == 0:
            time.sleep(rng.uniform(0.0, 0.3))  # some kills land while Python starts or the file opens
        else:
            # The rest land among the writes, timed from the moment the store is open, so a slow,
            # loaded machine still kills mid-write rather than always during start-up.
            assert opened.wait(60), "the writer never opened the store"
            time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(5)
        for item in _reported(lines):
            reported[item["uuid"]] = item["seq"]

    paths = Paths.from_env(ck_env["CAREKIOSK_HOME"])
    raw = sqlite3.connect(paths.database)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    store = open_store(paths)
    try:
        assert store.verify() == []
        rows = {r["uuid"]: r["seq"] for r in store.story_rows()}
        assert len(reported) > 50, "the kills landed too early to test anything"
        for story_uuid, seq in reported.items():
            assert rows.get(story_uuid) == seq
        seqs = sorted(rows.values())
        assert seqs == list(range(1, len(seqs) + 1))
    finally:
        store.close()


@pytest.mark.slow
def test_two_writers_and_a_reader_never_see_database_is_locked(ck_env, ck_home):
    open_store().close()  # create the file first, as the kiosk would
    writers = [subprocess.Popen([sys.executable, str(CHILD), "150", tag], env=ck_env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    reader_errors: list[str] = []
    reads = 0
    deadline = time.monotonic() + 60
    store = open_store()
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        try:
            store.status()
            store.verify()
            reads += 1
        except Exception as exc:  # noqa: BLE001 - any failure is what we are looking for
            reader_errors.append(repr(exc))
    outs = [w.communicate(timeout=60) for w in writers]
    for writer, (out, err) in zip(writers, outs):
        assert writer.returncode == 0, err
        assert "locked" not in err
        lines = out.splitlines()
        assert lines[0] == "open" and len(lines[1:]) == 150  # the child says "open" once its store is open
    assert reader_errors == []
    assert reads > 0
    status = store.status()
    assert status["last_seq"] == 300 and store.verify() == []
    store.close()


def test_full_disk_gives_a_clear_error_and_keeps_earlier_stories(ck_home):
    store = open_store()
    for i in range(5):
        store.add_story(validate_story({"text": f"Earlier story {i}.", "author_role": "visitor"}))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # a nearly full disk
    big = validate_story({"text": "x" * 9_000, "author_role": "visitor"})
    with pytest.raises(StoreError) as info:
        for _ in range(50):
            store.add_stories([big, big, big])
    message = str(info.value)
    assert "storage is full" in message and "xxxx" not in message
    store.close()

    again = open_store()
    assert again.verify() == []
    assert again.status()["last_seq"] >= 5
    texts_ok = [r["seq"] for r in again.story_rows()]
    assert texts_ok[:5] == [1, 2, 3, 4, 5]
    again.close()


@pytest.mark.slow
def test_processes_opening_a_new_device_together_agree_on_one_demo_key(tmp_path):
    """Six processes open a brand-new device at once (the kiosk starting while a field worker runs
    `carekiosk status`), ten times over: one demo key, and every story opens with it."""
    import os

    from sync.profile import demo_private_key
    from sync.seal import unseal

    script = ("import sys; from sync.profile import open_store; from sync.story import validate_story\n"
              "s = open_store(); s.add_story(validate_story({'text': 'hello', 'author_role': 'visitor'}));"
              " s.close()")
    for round_ in range(10):
        home = tmp_path / f"device-{round_}"
        env = dict(os.environ, CAREKIOSK_HOME=str(home))
        children = [subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
                    for _ in range(6)]
        for child in children:
            _, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
        paths = Paths.from_env(home)
        store = open_store(paths)
        key = demo_private_key(paths)
        assert len(store.story_rows()) == 6 and store.verify() == []
        for row in store.story_rows():
            assert unseal(row["sealed"], key)["story"]["text"] == "hello"
        store.close()
