"""Writing answers: every change is one small transaction with its change-log rows.

A revision is the unit of history, undo and restore: one per save (one path), or one per
restore/undo/copy (many paths). The log keeps deltas (old and new per path), never whole
snapshots, so the file grows with what was typed, not with the size of the draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound
from desktop_app.storage.records import Answer, Change, Entry, decode, encode, utc_now

_Stored = tuple[str, str]  # (JSON text, provenance) as in the answers table

FORM_PIN_PATH = "meta:form"
"""An answer-like row holding {"id", "edition", "hash"}: the form pin, logged with the answers so
that undoing an edition upgrade (or restoring a revision before it) puts the old pin back in
the same transaction. Removing it leaves the pin as it is."""


@dataclass(frozen=True)
class Written:
    rev: int
    changes: tuple[Change, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes)


def _current(db: Database, app_id: int, paths: list[str]) -> dict[str, _Stored]:
    if len(paths) == 1:
        row = db.execute("SELECT value, provenance FROM answers WHERE app_id = ? AND path = ?",
                         (app_id, paths[0])).fetchone()
        return {} if row is None else {paths[0]: (row[0], row[1])}
    rows = db.execute("SELECT path, value, provenance FROM answers WHERE app_id = ?",
                      (app_id,)).fetchall()
    wanted = set(paths)
    return {p: (v, prov) for p, v, prov in rows if p in wanted}


def _deltas(current: dict[str, _Stored], puts: Mapping[str, Entry | None]
            ) -> list[tuple[str, _Stored | None, _Stored | None]]:
    out = []
    for path, entry in puts.items():
        new = None if entry is None or entry[0] is None else (encode(entry[0]), entry[1])
        old = current.get(path)
        if new != old:
            out.append((path, old, new))
    return out


def is_unchanged(db: Database, app_id: int, path: str, entry: Entry | None) -> bool:
    """A cheap read outside any transaction, so saving an unchanged field costs no write."""
    return not _deltas(_current(db, app_id, [path]), {path: entry})


def write(db: Database, app_id: int, kind: str, puts: Mapping[str, Entry | None], *,
          label: str = "", reverts: int | None = None, at: str | None = None,
          force: bool = False) -> Written | None:
    """Apply `puts` (path → (value, provenance), or None to clear) as one revision.

    Returns None, writing nothing, when no value or provenance actually changes (unless
    `force`: then an empty revision is still recorded).
    """
    at = at or utc_now()
    with transaction(db):
        deltas = _deltas(_current(db, app_id, list(puts)), puts)
        if not deltas and not force:
            return None
        row = db.execute("UPDATE applications SET head_rev = head_rev + 1, updated_at = ? "
                         "WHERE id = ? RETURNING head_rev", (at, app_id)).fetchone()
        if row is None:
            raise NotFound("application", app_id)
        rev = int(row[0])
        db.execute("INSERT INTO revisions (app_id, rev, kind, label, reverts, at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (app_id, rev, kind, label, reverts, at))
        for path, old, new in deltas:
            _apply(db, app_id, path, new, at)
            if path == FORM_PIN_PATH:
                _pin(db, app_id, decode(new[0]) if new is not None else _first_pin(db, app_id))
            db.execute("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (app_id, rev, path, *(old or (None, None)), *(new or (None, None))))
    return Written(rev, tuple(_change(p, o, n) for p, o, n in deltas))


def amend(db: Database, app_id: int, rev: int, path: str, entry: Entry | None, *,
          at: str | None = None) -> Written | None:
    """Fold a further change of `path` into revision `rev`, so typing in one field is one undo
    step however many pauses autosaved it. Only while `rev` is still the newest revision and an
    edit of that one path; otherwise None (nothing written: the caller writes a new revision).
    The revision keeps its `old`, so undo goes back to before the whole field edit."""
    at = at or utc_now()
    with transaction(db):
        row = db.execute("SELECT a.head_rev, r.kind FROM applications a JOIN revisions r "
                         "ON r.app_id = a.id AND r.rev = ? WHERE a.id = ?", (rev, app_id)).fetchone()
        if row is None or int(row[0]) != rev or row[1] != "edit":
            return None
        paths = [p for (p,) in db.execute("SELECT path FROM changes WHERE app_id = ? AND rev = ?",
                                          (app_id, rev))]
        if paths != [path] or path == FORM_PIN_PATH:
            return None
        deltas = _deltas(_current(db, app_id, [path]), {path: entry})
        if not deltas:
            return Written(rev, ())
        _path, _now, new = deltas[0]
        _apply(db, app_id, path, new, at)
        db.execute("UPDATE changes SET new = ?, new_provenance = ? WHERE app_id = ? AND rev = ? AND path = ?",
                   (*(new or (None, None)), app_id, rev, path))
        db.execute("UPDATE revisions SET at = ? WHERE app_id = ? AND rev = ?", (at, app_id, rev))
        db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (at, app_id))
        first = db.execute("SELECT old, old_provenance FROM changes WHERE app_id = ? AND rev = ? AND path = ?",
                           (app_id, rev, path)).fetchone()
    old = None if first is None or first[0] is None else (first[0], first[1])
    return Written(rev, (_change(path, old, new),))


def _first_pin(db: Database, app_id: int) -> Any:
    """The pin a draft had before its first upgrade (recorded then): what 'no pin row' means."""
    row = db.execute("SELECT new FROM changes WHERE app_id = ? AND path = ? AND new IS NOT NULL "
                     "ORDER BY rev LIMIT 1", (app_id, FORM_PIN_PATH)).fetchone()
    return decode(row[0]) if row else None


def _pin(db: Database, app_id: int, pin: Any) -> None:
    if isinstance(pin, dict) and {"id", "edition", "hash"} <= pin.keys():
        db.execute("UPDATE applications SET form_id = ?, form_edition = ?, form_hash = ? WHERE id = ?",
                   (pin["id"], pin["edition"], pin["hash"], app_id))


def _apply(db: Database, app_id: int, path: str, new: _Stored | None, at: str) -> None:
    if new is None:
        db.execute("DELETE FROM answers WHERE app_id = ? AND path = ?", (app_id, path))
    else:
        db.execute("INSERT INTO answers (app_id, path, value, provenance, updated_at) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_id, path) DO UPDATE SET "
                   "value = excluded.value, provenance = excluded.provenance, "
                   "updated_at = excluded.updated_at", (app_id, path, *new, at))


def _change(path: str, old: _Stored | None, new: _Stored | None) -> Change:
    return Change(path, decode(old[0]) if old else None, old[1] if old else None,
                  decode(new[0]) if new else None, new[1] if new else None)


def changes_of(db: Database, app_id: int, rev: int) -> list[Change]:
    rows = db.execute("SELECT path, old, old_provenance, new, new_provenance FROM changes "
                      "WHERE app_id = ? AND rev = ? ORDER BY path", (app_id, rev)).fetchall()
    return [Change(p, decode(o), op, decode(n), np) for p, o, op, n, np in rows]


def entries(db: Database, app_id: int) -> dict[str, Entry]:
    """The current answers as (value, provenance) by path."""
    rows = db.execute("SELECT path, value, provenance FROM answers WHERE app_id = ?",
                      (app_id,)).fetchall()
    return {p: (decode(v), prov) for p, v, prov in rows}


def values(db: Database, app_id: int) -> dict[str, Any]:
    return {p: v for p, (v, _prov) in entries(db, app_id).items()}


def answers(db: Database, app_id: int) -> dict[str, Answer]:
    rows = db.execute("SELECT path, value, provenance, updated_at FROM answers "
                      "WHERE app_id = ? ORDER BY path", (app_id,)).fetchall()
    return {p: Answer(p, decode(v), prov, at) for p, v, prov, at in rows}
