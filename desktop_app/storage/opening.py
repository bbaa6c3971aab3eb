"""Opening the database the way the app and the CLI do: configure, check, refuse, migrate.

Order matters: integrity first (a damaged file is never migrated; the error names the latest
backup), then the schema version (a newer file is refused before anything writes to it),
then a pre-migration backup, then the migrations. Raw sqlite/OS errors leave as typed errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from desktop_app.storage import backups, health, schema
from desktop_app.storage.connection import (
    DEFAULT_BUSY_TIMEOUT,
    check_integrity,
    checkpoint,
    close,
    connect,
)
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
    `crashed_since` when the session that did not close cleanly had begun (UTC ISO, or None)."""

    def __init__(self, db: Database, location: Location, *, tracked: bool = False,
                 checked: str = "", crashed_since: str | None = None) -> None:
        self.db, self.location = db, location
        self.tracked, self.checked = tracked, checked
        self.crashed_since = crashed_since

    def check_integrity(self) -> None:
        """The scheduled check (the window runs it on a worker with its own Store)."""
        with typed_errors(self.location):
            check_integrity(self.db, self.location.db)
        health.note_checked(self.location.db)

    def schema_version(self) -> int:
        with typed_errors(self.location):
            return schema.user_version(self.db)

    def checkpoint(self) -> bool:
        """Sync the WAL into the file (on export and submit): survives a power cut too."""
        with typed_errors(self.location):
            return checkpoint(self.db, "FULL")

    def close(self) -> None:
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
                  check: bool | Literal["auto"] = "auto", migrate: bool = True) -> Store:
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
    db = _open(location, busy_timeout, read_only, bool(reason), migrate)
    tracked = False
    if not read_only:
        try:
            health.opened(location.db, checked=bool(reason) or new)
            tracked = True
        except OSError:
            pass  # cannot leave the marker: the next open checks instead
    return Store(db, location, tracked=tracked, checked=reason, crashed_since=crashed)


def _open(location: Location, busy_timeout: float, read_only: bool, check: bool,
          migrate: bool) -> Database:
    with typed_errors(location):
        location.root.mkdir(parents=True, exist_ok=True)
        db = connect(location.db, busy_timeout=busy_timeout, read_only=read_only)
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
