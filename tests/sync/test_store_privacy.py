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


def test_every_database_file_is_owner_only_even_in_an_open_folder(tmp_path):
    """SQLite gives -wal/-shm the main file's mode when it creates them: all three must be 0600
    for the device store, the service database and the notifier's send log."""
    import os
    import stat

    from print_notices.notifier.ledger import Ledger
    from sync.server.db import Database

    folder = tmp_path / "shared-folder"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    store = open_store(Paths.from_env(folder))
    store.add_story(validate_story({"text": "A private story.", "author_role": "visitor"}))
    service = Database(folder / "svc")
    os.chmod(folder / "svc", 0o755)
    service.close()
    service = Database(folder / "svc")
    with service.transaction() as conn:
        conn.exec_driver_sql("INSERT INTO counters (name, value) VALUES ('x', 1)")
    ledger = Ledger(folder / "notifier.sqlite3")
    with ledger.transaction() as conn:
        conn.execute("INSERT INTO cursors (home_id, cursor, updated_at) VALUES ('h', 1, 'now')")
    files = [p for p in folder.rglob("*.sqlite3*")]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    store.close()
    service.close()
    ledger.conn.close()
