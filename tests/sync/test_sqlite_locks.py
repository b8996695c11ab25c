"""Opening one more connection to a database must not take away the locks this process already holds
on it. POSIX drops every fcntl lock a process holds on a file when any descriptor for that file is
closed (SQLite's "How To Corrupt An SQLite Database File", 2.2). In WAL mode each open connection
holds a shared lock on the database file; without it, another process closing its last connection
believes it is the last one anywhere, checkpoints and deletes the write-ahead log and the shared
memory file under this process ("disk I/O error", a stale view of the data). Checked with a second,
real process."""

from __future__ import annotations

import subprocess
import sys

from sync.sqlite_durable import connect_private, setup_durable

OPEN_AND_CLOSE = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode = WAL")
print(c.execute("SELECT COUNT(*) FROM t").fetchone()[0])
c.close()
"""


def test_a_new_connection_keeps_this_process_s_hold_on_the_write_ahead_log(tmp_path):
    path = tmp_path / "service.sqlite3"
    wal = tmp_path / "service.sqlite3-wal"
    first = connect_private(path, timeout=1)
    setup_durable(first, 1000)
    first.execute("CREATE TABLE t (x)")
    first.execute("INSERT INTO t VALUES (1)")
    second = connect_private(path, timeout=1)  # e.g. the service's pool growing, or a background sync
    setup_durable(second, 1000)
    seen = subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(path)], capture_output=True, text=True,
                          timeout=30)
    assert seen.stdout.strip() == "1", seen.stderr
    assert wal.exists(), "another process deleted the write-ahead log while this one had the database open"
    first.execute("INSERT INTO t VALUES (2)")
    assert second.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 2
    second.close()
    first.close()


def test_a_new_file_is_still_created_owner_only(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = connect_private(path, timeout=1)
    setup_durable(conn, 1000)
    conn.execute("CREATE TABLE t (x)")
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new.sqlite3-wal").stat().st_mode & 0o777 == 0o600
    conn.close()
