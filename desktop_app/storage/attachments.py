"""Attachment rows (which requirement, original name, media type, size, SHA-256) and the
record of exports (what was produced from which revision, when, with which hash)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound
from desktop_app.storage.records import AttachmentRow, ExportRow, utc_now

_COLUMNS = "id, app_id, requirement_id, sha256, original_name, media_type, size, added_at"


def get(db: Database, attachment_id: int) -> AttachmentRow:
    row = db.execute(f"SELECT {_COLUMNS} FROM attachments WHERE id = ?",
                     (attachment_id,)).fetchone()
    if row is None:
        raise NotFound("attachment", attachment_id)
    return AttachmentRow(*row)


def of_app(db: Database, app_id: int) -> list[AttachmentRow]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM attachments WHERE app_id = ? "
                      "ORDER BY requirement_id, id", (app_id,)).fetchall()
    return [AttachmentRow(*r) for r in rows]


def add(db: Database, app_id: int, requirement_id: str, sha256: str, name: str,
        media_type: str, size: int) -> AttachmentRow:
    at = utc_now()
    with transaction(db):
        row = db.execute(
            "INSERT INTO attachments (app_id, requirement_id, sha256, original_name, media_type, "
            "size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (app_id, requirement_id, sha256, name, media_type, size, at)).fetchone()
        db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (at, app_id))
    return AttachmentRow(int(row[0]), app_id, requirement_id, sha256, name, media_type, size, at)


def replace(db: Database, attachment_id: int, sha256: str, name: str, media_type: str,
            size: int) -> AttachmentRow:
    at = utc_now()
    with transaction(db):
        old = get(db, attachment_id)
        db.execute("UPDATE attachments SET sha256 = ?, original_name = ?, media_type = ?, "
                   "size = ?, added_at = ? WHERE id = ?",
                   (sha256, name, media_type, size, at, attachment_id))
        db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (at, old.app_id))
    return AttachmentRow(attachment_id, old.app_id, old.requirement_id, sha256, name,
                         media_type, size, at)


def remove(db: Database, attachment_id: int) -> AttachmentRow:
    with transaction(db):
        old = get(db, attachment_id)
        db.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (utc_now(), old.app_id))
    return old


def is_referenced(db: Database, sha256: str) -> bool:
    """An application's attachment or a client's document names the stored file."""
    return db.execute("SELECT 1 FROM attachments WHERE sha256 = ? UNION ALL "
                      "SELECT 1 FROM client_documents WHERE sha256 = ? LIMIT 1",
                      (sha256, sha256)).fetchone() is not None


def referenced_hashes(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT sha256 FROM attachments UNION "
                                     "SELECT sha256 FROM client_documents")}


def record_export(db: Database, app_id: int, kind: str, file_name: str, sha256: str,
                  size: int) -> ExportRow:
    at = utc_now()
    with transaction(db):
        row = db.execute(
            "INSERT INTO exports (app_id, kind, file_name, sha256, size, rev, created_at) "
            "SELECT id, ?, ?, ?, ?, head_rev, ? FROM applications WHERE id = ? "
            "RETURNING id, rev", (kind, file_name, sha256, size, at, app_id)).fetchone()
    if row is None:
        raise NotFound("application", app_id)
    return ExportRow(int(row[0]), app_id, kind, file_name, sha256, size, int(row[1]), at)


def exports_of(db: Database, app_id: int) -> list[ExportRow]:
    rows: list[Any] = db.execute(
        "SELECT id, app_id, kind, file_name, sha256, size, rev, created_at FROM exports "
        "WHERE app_id = ? ORDER BY id DESC", (app_id,)).fetchall()
    return [ExportRow(*r) for r in rows]
