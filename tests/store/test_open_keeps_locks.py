"""Opening a second connection in a process must not drop the POSIX locks the first one holds.

Reading the file with open() and closing it would: another process closing its connection could
then checkpoint and delete the -wal and -shm under our live connections (seen as "disk I/O error").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench.store.database import open_database

PROBE = "SELECT value FROM meta WHERE key = 'probe'"


def test_second_open_keeps_the_first_connections_locks(tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    first = open_database(path)
    second = open_database(path)
    try:
        first.conn.execute("SELECT count(*) FROM claims").fetchone()
        code = (
            f"import sqlite3; c = sqlite3.connect({str(path)!r}); c.execute('SELECT 1 FROM meta'); c.close()"
        )
        subprocess.run([sys.executable, "-c", code], check=True)
        assert path.with_name("review.db-wal").exists() and path.with_name("review.db-shm").exists()
        with second.write_unit() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', '1')")
        read = f"import sqlite3; print(sqlite3.connect({str(path)!r}).execute({PROBE!r}).fetchone()[0])"
        fresh = subprocess.run([sys.executable, "-c", read], capture_output=True, text=True)
        assert fresh.returncode == 0, fresh.stderr
        assert fresh.stdout.strip() == "1"
    finally:
        second.close()
        first.close()
