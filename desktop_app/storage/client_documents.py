"""Rows of a client's own documents (kind, issue date, stored file). The newest issue of a
kind is the one applications use; older ones stay listed until removed."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound
from desktop_app.storage.records import ClientDocument, utc_now

_COLUMNS = "id, client_id, kind, issued_on, sha256, original_name, media_type, size, added_at"


def get(db: Database, doc_id: int) -> ClientDocument:
    row = db.execute(f"SELECT {_COLUMNS} FROM client_documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFound("client document", doc_id)
    return ClientDocument(*row)


def of_client(db: Database, client_id: int) -> list[ClientDocument]:
    """Every document of the client: by kind, newest issue first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM client_documents WHERE client_id = ? "
                      "ORDER BY kind, issued_on DESC, id DESC", (client_id,)).fetchall()
    return [ClientDocument(*r) for r in rows]


def newest(db: Database, client_id: int, kinds: Iterable[str]) -> dict[str, ClientDocument]:
    """The newest issue of each of `kinds` the client has (one indexed query)."""
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        return {}
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM client_documents WHERE client_id = ? "
        f"AND kind IN ({','.join('?' * len(wanted))}) ORDER BY kind, issued_on DESC, id DESC",
        (client_id, *wanted)).fetchall()
    out: dict[str, ClientDocument] = {}
    for r in rows:
        out.setdefault(r[2], ClientDocument(*r))
    return out


def add(db: Database, client_id: int, kind: str, issued_on: str, sha256: str, name: str,
        media_type: str, size: int) -> ClientDocument:
    at = utc_now()
    with transaction(db):
        if db.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is None:
            raise NotFound("client", client_id)
        row = db.execute(
            "INSERT INTO client_documents (client_id, kind, issued_on, sha256, original_name, "
            "media_type, size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (client_id, kind, issued_on, sha256, name, media_type, size, at)).fetchone()
    return ClientDocument(int(row[0]), client_id, kind, issued_on, sha256, name, media_type, size, at)


def remove(db: Database, doc_id: int) -> ClientDocument:
    with transaction(db):
        old = get(db, doc_id)
        db.execute("DELETE FROM client_documents WHERE id = ?", (doc_id,))
    return old
