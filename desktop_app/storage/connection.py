"""One configured connection: WAL, foreign keys and synchronous=FULL on every open.

`synchronous` and `foreign_keys` are per connection, so they are set each time (PITFALLS.md).
WAL + NORMAL loses nothing when the process is killed, but a power cut loses the last commits
(tests/storage/test_storage_powercut.py measures it); with FULL every COMMIT syncs the WAL, so a
save that returned — "저장됨" — is on the disk (≈0.4 ms per save, well inside the autosave
budget). `checkpoint()` still runs on close, export and submit to keep the WAL short; one that
cannot finish (another process holds a read snapshot) is logged, not silent, and loses nothing.
A connection belongs to the thread that opened it (sqlite3's check_same_thread stays on).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from sqlite_utils import Database

from desktop_app.storage.errors import DatabaseCorrupt

DEFAULT_BUSY_TIMEOUT = 2.0   # a busy database is reported within 2 s (issue 14)
SYNCHRONOUS = "FULL"
_log = logging.getLogger(__name__)
CheckpointMode = Literal["PASSIVE", "FULL", "RESTART", "TRUNCATE"]


def connect(path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
            read_only: bool = False, synchronous: str | None = None) -> Database:
    """Open `path` (created when missing, unless read-only) and configure the connection."""
    mode = "ro" if read_only else "rwc"
    if not read_only:
        make_private(path)
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True,
                           timeout=busy_timeout)
    try:
        db = Database(conn, execute_plugins=False)
        configure(db, read_only=read_only, synchronous=synchronous)
    except BaseException:
        conn.close()
        raise
    return db


def configure(db: Database, *, read_only: bool = False, synchronous: str | None = None) -> None:
    """`synchronous` NORMAL only for a store that syncs the WAL itself (storage.durability)."""
    if not read_only:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA synchronous={synchronous or SYNCHRONOUS}")


def make_private(path: Path) -> None:
    """A database (and the -wal/-shm SQLite makes with the database's mode) is 0600.

    An existing file is only chmod-ed, never opened: POSIX locks belong to the process, and
    closing any descriptor of the file drops every lock this process's SQLite connections hold
    on it — the next process to close would then think itself the last, checkpoint and delete
    the WAL under a connection still writing to it (lost saves, a corrupt database). A new file
    is created exclusively, so the descriptor closed here is one no connection can share."""
    try:
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(path) + suffix)
            if part.exists() and part.stat().st_mode & 0o077:
                os.chmod(part, 0o600)
    except OSError:
        pass  # a read-only folder or a file we do not own: SQLite reports what matters


def check_integrity(db: Database, path: Path | None = None, *, full: bool = False) -> None:
    """quick_check by default: it skips the index-content cross-check, a fraction of the time."""
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        raise DatabaseCorrupt(path, detail="; ".join(str(r) for r in rows[:5]))


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """A write transaction holding the write lock from its first line (BEGIN IMMEDIATE).

    Under WAL a deferred transaction that reads and then writes fails at once with
    SQLITE_BUSY_SNAPSHOT when another process wrote in between; IMMEDIATE waits up to the
    busy timeout instead. Nested use is a savepoint through `Database.atomic()`.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def checkpoint(db: Database, mode: CheckpointMode = "FULL") -> bool:
    """Copy the WAL into the database file and sync it; False when readers kept some frames."""
    busy, log, done = db.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    if busy or (log > 0 and done < log):
        _log.warning("checkpoint (%s) incomplete: %s of %s WAL frames copied; another "
                     "connection holds a read snapshot (every commit is already synced)",
                     mode, done, log)
        return False
    return True


def close(db: Database) -> None:
    """Checkpoint (best effort: another process may be reading), optimise, close."""
    try:
        if not db.conn.in_transaction:
            db.execute("PRAGMA busy_timeout=0")  # never wait at close for another writer
            checkpoint(db, "TRUNCATE")
            db.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass  # the WAL stays and is replayed on the next open; nothing is lost
    finally:
        db.close()
