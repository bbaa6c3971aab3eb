"""The integrity check at open runs only when it can find something (issue 18: 4.5–6.1 s on
every open of a 1.23 GB book): after an unclean shutdown, a change behind our back, or on the
weekly schedule."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.storage import DatabaseCorrupt, health, open_database


def _state(db: Path) -> dict[str, object]:
    return json.loads((db.parent / "sessions" / health.STATE_FILE).read_text(encoding="utf-8"))


def test_a_clean_close_skips_the_check_next_time(tmp_path: Path) -> None:
    db = tmp_path / "book.sqlite3"
    open_database(db).close()
    again = open_database(db)
    assert again.checked == ""
    again.close()
    assert list((tmp_path / "sessions").glob("open-*")) == [], "a clean close leaves no marker"
    copied = tmp_path / "elsewhere" / "book.sqlite3"  # a file we never closed ourselves
    copied.parent.mkdir()
    copied.write_bytes(db.read_bytes())
    first = open_database(copied)
    assert first.checked == "changed"
    first.close()


def test_a_killed_process_leaves_a_marker_and_the_next_open_checks(tmp_path: Path) -> None:
    db = tmp_path / "book.sqlite3"
    open_database(db).close()
    code = ("import os, signal, sys; from desktop_app.storage import open_database;"
            f"s = open_database({str(db)!r}); os.kill(os.getpid(), signal.SIGKILL)")
    run = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == -signal.SIGKILL
    assert len(list((tmp_path / "sessions").glob(f"open-{socket.gethostname()}-*"))) == 1
    store = open_database(db)
    assert store.checked == "unclean shutdown"
    assert [m.name for m in (tmp_path / "sessions").glob("open-*")] == \
        [f"open-{socket.gethostname()}-{os.getpid()}"], "the stale marker goes once checked"
    store.close()
    again = open_database(db)
    assert again.checked == ""
    again.close()


def test_the_check_is_due_weekly(tmp_path: Path) -> None:
    db = tmp_path / "book.sqlite3"
    open_database(db).close()
    assert not health.due(db)
    later = dt.datetime.now(dt.UTC) + health.CHECK_EVERY
    assert health.due(db, later) and health.verdict(db, later).reason == "scheduled"
    store = open_database(db)
    state = _state(db)
    state["checked_at"] = (dt.datetime.now(dt.UTC) - health.CHECK_EVERY).isoformat()
    (tmp_path / "sessions" / health.STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    assert health.due(db)
    store.check_integrity()  # what the window's worker does
    assert not health.due(db)
    store.close()


def test_a_scribbled_file_is_checked_and_refused(tmp_path: Path) -> None:
    db = tmp_path / "book.sqlite3"
    with open_database(db) as store:
        for i in range(300):
            store.db.execute("INSERT INTO clients (name, profile, created_at, updated_at) "
                             "VALUES (?, '{}', '', '')", (f"고객{i}" * 40,))
    open_database(db).close()
    data = bytearray(db.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xa5" * (4096 * 3)
    db.write_bytes(bytes(data))
    assert health.verdict(db).reason == "changed"
    with pytest.raises(DatabaseCorrupt):
        open_database(db)
