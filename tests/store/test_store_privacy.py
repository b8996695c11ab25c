"""The story's words never reach the disk: not in the database file, not in its write-ahead log."""

from __future__ import annotations

from sync.paths import Paths
from sync.profile import open_store
from sync.story import validate_story

WORDS = ["Bartholomew", "Zanzibar", "marmalade", "wheelchair", "07911123456", "quietly@example.org"]


def test_database_and_wal_hold_no_story_words(ck_home):
    store = open_store()
    text = f"{WORDS[0]} from {WORDS[1]} spilled {WORDS[2]} on my {WORDS[3]}."
    store.add_story(validate_story({"text": text, "title": f"{WORDS[2]} trouble", "author_role": "resident",
                                    "contact": {"email": WORDS[5]}}))
    store.add_story(validate_story({"text": text, "author_role": "relative",
                                    "contact": {"mobile": "07911 123456"}}))
    paths = Paths.from_env()
    files = [p for p in paths.data_dir.iterdir() if p.name.startswith(paths.database.name)]
    assert any(p.name.endswith("-wal") for p in files), "expected a WAL file while the store is open"
    for path in files:
        blob = path.read_bytes()
        for word in WORDS + ["+447911123456"]:
            for encoding in ("utf-8", "utf-16-le"):
                assert word.encode(encoding) not in blob, f"{word!r} found in {path.name}"
    store.close()
    for path in paths.data_dir.iterdir():  # after checkpoint on close too
        for word in WORDS:
            assert word.encode() not in path.read_bytes()
