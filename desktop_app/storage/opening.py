"""Opening the database the way the app and the CLI do: configure, check, refuse, migrate.

Order matters: integrity first (a damaged file is never migrated; the error names the latest
backup), then the schema version (a newer file is refused before anything writes to it),
then a pre-migration backup, then the migrations. Raw sqlite/OS errors leave as typed errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from desktop_app.storage import backups, schema
from desktop_app.storage.connection import DEFAULT_BUSY_TIMEOUT, check_integrity, connect
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


def open_database(location: Location, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                  read_only: bool = False, check: bool = True, migrate: bool = True) -> Database:
    """An open, checked, up-to-date database; the caller closes it with connection.close."""
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
