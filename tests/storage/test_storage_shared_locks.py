"""The window and the command line at once: a second connection opened in the window's process
(a worker's own Desk) must not release the window's SQLite locks. POSIX locks belong to the
process and closing *any* descriptor of the file drops them all; the connection set-up once
opened and closed the database file itself (to make it 0600), so the next command line process
to close believed it was the last, checkpointed and deleted the WAL under the window, whose
later saves then went to a deleted file: lost, and once a corrupt database (a tester's report)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk

READ_AND_CLOSE = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                  "print(c.execute('SELECT count(*) FROM answers').fetchone()[0]); c.close()")
READ_ANSWER = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
               "r = c.execute('SELECT value FROM answers WHERE app_id = ? AND path = ?', "
               "(int(sys.argv[2]), sys.argv[3])).fetchone(); print(r[0] if r else ''); c.close()")


def _other_process(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_a_worker_desk_and_another_process_leave_the_windows_wal_alone(
        tmp_path: Path, forms: Callable[[str], FormDefinition], form_2026: FormDefinition) -> None:
    db = tmp_path / "book.sqlite3"
    with Desk.open(db, forms=forms, auto_backup=False, durability="deferred") as window:
        app = window.apps.new(form_2026).app_id or 0
        window.apps.save(app, "company_name", "첫 저장")
        wal = Path(str(db) + "-wal")
        assert wal.exists()
        with Desk.open(db, forms=forms, auto_backup=False):  # a worker's own Desk, same process
            pass
        _other_process(READ_AND_CLOSE, str(db))  # `voucher-desk apps show` in a terminal
        assert wal.exists(), "another process deleted the WAL the window is writing to"
        window.apps.save(app, "company_name", "창에서 고친 값")
        assert window.store.syncer is not None
        window.store.syncer.wait()
        # what a third process sees now: the window's latest save, not a vanished one
        assert _other_process(READ_ANSWER, str(db), str(app), "company_name") == '"창에서 고친 값"'
    assert window_closed_cleanly(db)


def window_closed_cleanly(db: Path) -> bool:
    return _other_process("import sqlite3, sys; print(sqlite3.connect(sys.argv[1])"
                          ".execute('PRAGMA integrity_check').fetchone()[0])", str(db)) == "ok"
