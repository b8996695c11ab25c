"""The field guide's way to look inside a kiosk's database: a consistent copy made with ``VACUUM INTO``
and read with the ``sqlite-utils`` command (the ``field`` extra), never the live file itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sync.profile import open_store
from sync.story import validate_story

SQLITE_UTILS = shutil.which("sqlite-utils", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(SQLITE_UTILS is None, reason="the field extra (sqlite-utils) is not installed")
def test_a_copy_of_the_device_database_is_read_with_sqlite_utils(ck_home, tmp_path):
    store = open_store()
    try:
        store.add_stories([validate_story({"text": f"Secret words number {i}.", "author_role": "resident"})
                           for i in range(3)])
        live = store.path
        status = store.status()
    finally:
        store.close()
    copy = tmp_path / "copy.sqlite3"
    subprocess.run([SQLITE_UTILS, "query", str(live), f"VACUUM INTO '{copy}'"], check=True, capture_output=True)

    tables = json.loads(subprocess.run([SQLITE_UTILS, "tables", str(copy), "--counts"], check=True,
                                       capture_output=True, text=True).stdout)
    counts = {t["table"]: t["count"] for t in tables}
    assert counts["stories"] == status["last_seq"] == 3
    assert counts["outbox"] == 3
    rows = json.loads(subprocess.run([SQLITE_UTILS, "rows", str(copy), "outbox"], check=True,
                                     capture_output=True, text=True).stdout)
    assert {r["state"] for r in rows} == {"pending"}
    # The copy holds sealed bytes only: no story words to leak.
    assert b"Secret words" not in copy.read_bytes()
