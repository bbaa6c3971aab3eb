"""SQLite storage through sqlite-utils: schema, opening, repositories, history, backups, search.

All SQL of the application lives in this package. Modules by job: `schema` (migrations),
`connection` (pragmas, transactions, checkpoints), `opening` (check, refuse, migrate),
`clients`/`applications`/`changelog`/`attachments` (repositories), `history`, `search`,
`backups`, `blobs` (attachment files), `errors` (the one exception root).
Nothing here opens a file at import time; a connection belongs to the thread that opened it.
"""

from typing import TYPE_CHECKING, Any

from desktop_app.storage.errors import (
    CannotOpen,
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    EnvironmentFault,
    NotFound,
    Rejected,
    SchemaTooNew,
    StorageBug,
    StorageError,
)
from desktop_app.storage.location import Location

if TYPE_CHECKING:
    from desktop_app.storage.opening import Store, open_database

__all__ = [
    "CannotOpen", "DatabaseCorrupt", "DatabaseLocked", "DatabaseReadOnly", "DiskFull",
    "EnvironmentFault", "Location", "NotFound", "Rejected", "SchemaTooNew", "StorageBug",
    "StorageError", "Store", "open_database",
]


def __getattr__(name: str) -> Any:
    """`open_database` and `Store` load sqlite-utils on first use, not at import (start-up)."""
    if name in ("open_database", "Store"):
        from desktop_app.storage import opening

        return getattr(opening, name)
    raise AttributeError(name)
