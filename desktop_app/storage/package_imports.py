"""Which package made which application (by the fingerprint of the package's contents)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.storage.records import utc_now


@dataclass(frozen=True)
class PackageImport:
    fingerprint: str
    app_id: int
    title: str
    file_name: str
    imported_at: str


def find(db: Database, fingerprint: str) -> list[PackageImport]:
    """The applications this package made before, that still exist (oldest first)."""
    rows = db.execute(
        "SELECT p.fingerprint, p.app_id, a.title, p.file_name, p.imported_at FROM package_imports p "
        "JOIN applications a ON a.id = p.app_id WHERE p.fingerprint = ? ORDER BY p.imported_at, p.app_id",
        (fingerprint,)).fetchall()
    return [PackageImport(*r) for r in rows]


def record(db: Database, fingerprint: str, app_id: int, file_name: str) -> None:
    """Inside the import's own transaction."""
    db.execute("INSERT OR REPLACE INTO package_imports (fingerprint, app_id, file_name, imported_at) "
               "VALUES (?, ?, ?, ?)", (fingerprint, app_id, file_name, utc_now()))
