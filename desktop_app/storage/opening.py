"""Opening the database the way the app and the CLI do: configure, check, refuse, migrate.

Order matters: integrity first (a damaged file is never migrated; the error names the latest
backup), then the schema version (a newer file is refused before anything writes to it),
then a pre-migration backup, then the migrations. Raw sqlite/OS errors leave as typed errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from desktop_app import atomic
from desktop_app.storage import backups, health, schema
from desktop_app.storage.connection import (
    DEFAULT_BUSY_TIMEOUT,
    check_integrity,
    checkpoint,
    close,
    connect,
)
from desktop_app.storage.durability import Mode, WalSyncer
from desktop_app.storage.errors import DatabaseCorrupt, translate
from desktop_app.storage.location import Location


@contextmanager
def typed_errors(location: Location | None = None) -> Iterator[None]:
    """Turn sqlite3/OS errors into StorageError children; a corrupt one names the backup."""
    try:
        yield
    except Exception as exc:
        typed = translate(exc, location.db if location else None)
        if typed is None:
            raise
        if isinstance(typed, DatabaseCorrupt) and typed.backup is None and location:
            typed = DatabaseCorrupt(location.db, backups.latest(location.backups), typed.detail)
        if typed is exc:
            raise
        raise typed from exc


class Store:
    """An open database and where it lives. Belongs to the thread that opened it.

    `checked` says why the integrity check ran at open ("" when it was not needed);
    `crashed_since` when the session that did not close cleanly had begun (UTC ISO, or None).
    `durability` "full": a commit that returned is on the disk. "deferred" (the window):
    commits are quick and a background thread syncs the WAL after them; `after_sync(done)`
    says when everything committed so far is durable (storage.durability).
    """

    def __init__(self, db: Database, location: Location, *, tracked: bool = False,
                 checked: str = "", crashed_since: str | None = None,
                 durability: Mode = "full") -> None:
        self.db, self.location = db, location
        self.tracked, self.checked = tracked, checked
        self.crashed_since = crashed_since
        self.durability = durability
        self.syncer = WalSyncer(location.db) if durability == "deferred" else None
        self._changes = db.conn.total_changes

    def changed_elsewhere(self) -> bool:
        """True once after another connection (another window, the CLI, a colleague's sync)
        committed: SQLite's `data_version` moves only for commits not made on this one."""
        with typed_errors(self.location):
            version = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        before, self._data_version = getattr(self, "_data_version", version), version
        return bool(version != before)

    def wrote(self) -> None:
        """After a call that may have committed: a deferred store starts a WAL sync."""
        if self.syncer is not None and self.db.conn.total_changes != self._changes:
            self._changes = self.db.conn.total_changes
            self.syncer.request()

    def after_sync(self, done: Callable[[], None]) -> None:
        """`done()` once every commit so far is durable — at once for a "full" store, else
        from the syncer's thread."""
        if self.syncer is None:
            done()
            return
        self._changes = self.db.conn.total_changes
        self.syncer.request(done)

    def sync(self) -> None:
        """Every commit so far on the disk, now (close, checkpoint, export, Ctrl+S)."""
        if self.syncer is not None:
            with typed_errors(self.location):
                self.syncer.sync_now()

    def check_integrity(self) -> None:
        """The scheduled check (the window runs it on a worker with its own Store)."""
        with typed_errors(self.location):
            check_integrity(self.db, self.location.db)
        health.note_checked(self.location.db)

    def schema_version(self) -> int:
        with typed_errors(self.location):
            return schema.user_version(self.db)

    def checkpoint(self) -> bool:
        """Copy the WAL into the file (on export, submit, Ctrl+S); False (and logged) when
        another connection's read snapshot kept it from finishing. Every commit is already
        synced first, so an unfinished checkpoint loses nothing."""
        if self.db.conn.in_transaction:
            return False  # the caller checkpoints once its transaction is committed
        self.sync()
        with typed_errors(self.location):
            return checkpoint(self.db, "FULL")

    def close(self) -> None:
        try:
            if self.syncer is not None and not self.db.conn.in_transaction:
                self.syncer.sync_now()
        except OSError:
            pass  # close() below checkpoints (and syncs) or leaves the WAL for the next open
        finally:
            if self.syncer is not None:
                self.syncer.stop()
            close(self.db)
        if self.tracked:
            self.tracked = False
            with suppress(OSError):  # unnoted, the next open checks the file: nothing lost
                health.closed(self.location.db)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(where: Location | Path | str | None = None, *,
                  busy_timeout: float = DEFAULT_BUSY_TIMEOUT, read_only: bool = False,
                  check: bool | Literal["auto"] = "auto", migrate: bool = True,
                  durability: Mode = "full") -> Store:
    """An open, up-to-date database (default: the one in data_dir()), checked when `check`
    is True, or with "auto" when storage.health says so (unclean shutdown, changed, due)."""
    location = where if isinstance(where, Location) else Location.of(where)
    reason = ""
    new = not location.db.exists()  # nothing to check yet; noted as checked
    crashed = None
    if check == "auto":
        verdict = health.verdict(location.db)
        reason = verdict.reason if verdict.needed else ""
        crashed = verdict.since
    elif not read_only:
        crashed = health.crashed_since(location.db)
    elif check:
        reason = "asked"
    db = _open(location, busy_timeout, read_only, bool(reason), migrate,
               "NORMAL" if durability == "deferred" else None)
    tracked = False
    if not read_only:
        try:
            health.opened(location.db, checked=bool(reason) or new)
            tracked = True
        except OSError:
            pass  # cannot leave the marker: the next open checks instead
    return Store(db, location, tracked=tracked, checked=reason, crashed_since=crashed,
                 durability=durability)


def _open(location: Location, busy_timeout: float, read_only: bool, check: bool,
          migrate: bool, synchronous: str | None = None) -> Database:
    with typed_errors(location):
        if not read_only:
            prepare_folder(location)
        db = connect(location.db, busy_timeout=busy_timeout, read_only=read_only,
                     synchronous=synchronous)
        try:
            if check:
                check_integrity(db, location.db)
            schema.check_not_newer(db)
            if migrate and not read_only and schema.pending(db):
                if schema.user_version(db) > 0:
                    backups.take(db, location.backups, "pre-migrate")
                schema.migrate(db)
        except BaseException:
            db.close()
            raise
        return db


IN_FLIGHT = "in-flight"


def prepare_folder(location: Location) -> None:
    """The data folder private (0700), and what a killed writer left behind removed: temp
    files in the data folder and, through its in-flight notes, those in the user's folders."""
    atomic.make_dirs(location.root, atomic.DIR_MODE)
    # the folder itself is tightened by paths.data_dir() (never a folder chosen for --db)
    ours = [location.backups, location.attachments, location.root / "images",
            location.root / IN_FLIGHT]
    for folder in ours:
        if folder.is_dir() and folder.stat().st_mode & 0o077:
            with suppress(OSError):
                folder.chmod(atomic.DIR_MODE)
    atomic.set_journal(location.root / IN_FLIGHT)
    atomic.clean_stale(location.root, recursive=False)
    for folder in ours[:3]:
        atomic.clean_stale(folder)
