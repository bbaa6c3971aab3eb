"""Application rows: which client, which form edition (id, edition and definition hash
pinned), status, where the user was (section and scroll), and timestamps.

Answers are written through `changelog.write`; this module owns the row itself.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound, Rejected
from desktop_app.storage.records import Application, utc_now
from desktop_app.storage.schema import STATUSES

COLUMNS = ("a.id, a.client_id, a.title, a.form_id, a.form_edition, a.form_hash, a.status, "
           "a.current_section, a.scroll_pos, a.head_rev, a.created_at, a.updated_at, "
           "coalesce(c.name, '')")
FROM = "FROM applications a LEFT JOIN clients c ON c.id = a.client_id"


def from_row(row: tuple[Any, ...]) -> Application:
    return Application(*row)


def get(db: Database, app_id: int) -> Application:
    row = db.execute(f"SELECT {COLUMNS} {FROM} WHERE a.id = ?", (app_id,)).fetchone()
    if row is None:
        raise NotFound("application", app_id)
    return from_row(row)


def status_of(db: Database, app_id: int) -> str:
    """Just the status: checked before every save, so cheaper than `get`."""
    row = db.execute("SELECT status FROM applications WHERE id = ?", (app_id,)).fetchone()
    if row is None:
        raise NotFound("application", app_id)
    return str(row[0])


def insert(db: Database, *, client_id: int | None, title: str, form_id: str,
           form_edition: str, form_hash: str, status: str = "draft") -> int:
    """A new, empty application; callers fill it with `changelog.write` in the same transaction."""
    now = utc_now()
    with transaction(db):
        row = db.execute(
            "INSERT INTO applications (client_id, title, form_id, form_edition, form_hash, "
            "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (client_id, composed(title), form_id, form_edition, form_hash, status, now, now),
        ).fetchone()
    return int(row[0])


def _update(db: Database, app_id: int, assignments: str, params: tuple[Any, ...]) -> bool:
    with transaction(db):
        cur = db.execute(f"UPDATE applications SET {assignments} WHERE id = ?", (*params, app_id))
    if cur.rowcount == 0:
        raise NotFound("application", app_id)
    return True


def set_status(db: Database, app_id: int, status: str) -> None:
    if status not in STATUSES:
        raise Rejected(f"알 수 없는 상태: {status}", f"unknown status {status!r}")
    _update(db, app_id, "status = ?, updated_at = ?", (status, utc_now()))


def set_title(db: Database, app_id: int, title: str) -> None:
    _update(db, app_id, "title = ?, updated_at = ?", (composed(title), utc_now()))


def composed(title: str) -> str:
    """Titles are stored composed (NFC: the same text; search matches what an IME types)."""
    return unicodedata.normalize("NFC", title)


def set_position(db: Database, app_id: int, section: str | None, scroll: int) -> None:
    """Where the user was; not a revision and not an edit, so updated_at stays."""
    _update(db, app_id, "current_section = ?, scroll_pos = ?", (section, scroll))


def set_client(db: Database, app_id: int, client_id: int | None) -> None:
    _update(db, app_id, "client_id = ?, updated_at = ?", (client_id, utc_now()))
