"""Reading the revision log: list, state at a revision, diff, undo/redo targets, snapshots.

The log is append-only: undo, redo and restore are new revisions, so history never loses
a state. The state at revision r is the current answers with every later change taken back:
for each path the `old` of its first change after r (one query, cost ∝ changes since r).
Named snapshots are bookmarks on a revision.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop_app.storage.changelog import changes_of, entries
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound, Rejected
from desktop_app.storage.records import Entry, Revision, Snapshot, decode, utc_now

UNDO_KINDS = ("undo",)
REDO_KINDS = ("redo",)


def revisions(db: Database, app_id: int, limit: int | None = None) -> list[Revision]:
    """Newest first, each with the paths it changed."""
    sql = ("SELECT r.rev, r.kind, r.label, r.reverts, r.at, "
           "(SELECT group_concat(path, char(31)) FROM changes c "
           " WHERE c.app_id = r.app_id AND c.rev = r.rev) "
           "FROM revisions r WHERE r.app_id = ? ORDER BY r.rev DESC")
    params: tuple[Any, ...] = (app_id,)
    if limit is not None:
        sql += " LIMIT ?"
        params += (limit,)
    return [Revision(rev, kind, label, reverts, at, tuple(paths.split("\x1f")) if paths else ())
            for rev, kind, label, reverts, at, paths in db.execute(sql, params).fetchall()]


def edits_since(db: Database, since: str) -> list[tuple[int, str, str, tuple[str, ...]]]:
    """Per application, what was saved at or after `since` (UTC ISO): (app id, title, time of
    the last revision, the paths it changed), the most recently saved first."""
    rows = db.execute(
        "SELECT r.app_id, a.title, max(r.at), "
        "(SELECT group_concat(DISTINCT c.path) FROM changes c JOIN revisions r2 "
        "  ON r2.app_id = c.app_id AND r2.rev = c.rev WHERE c.app_id = r.app_id AND r2.at >= ?) "
        "FROM revisions r JOIN applications a ON a.id = r.app_id "
        "WHERE r.at >= ? GROUP BY r.app_id ORDER BY max(r.at) DESC", (since, since)).fetchall()
    return [(app_id, title, at, tuple(sorted(paths.split(","))) if paths else ())
            for app_id, title, at, paths in rows]


def head(db: Database, app_id: int) -> int:
    row = db.execute("SELECT head_rev FROM applications WHERE id = ?", (app_id,)).fetchone()
    if row is None:
        raise NotFound("application", app_id)
    return int(row[0])


def state_at(db: Database, app_id: int, rev: int) -> dict[str, Entry]:
    """The answers as they were right after revision `rev` (0: before the first)."""
    if not 0 <= rev <= head(db, app_id):
        raise NotFound("revision", rev)
    state = entries(db, app_id)
    rows = db.execute(
        "SELECT c.path, c.old, c.old_provenance FROM changes c "
        "WHERE c.app_id = ? AND c.rev > ? AND c.rev = (SELECT min(rev) FROM changes "
        "  WHERE app_id = c.app_id AND path = c.path AND rev > ?)", (app_id, rev, rev)).fetchall()
    for path, old, old_prov in rows:
        if old is None:
            state.pop(path, None)
        else:
            state[path] = (decode(old), old_prov)
    return state


@dataclass(frozen=True)
class Diff:
    """Paths whose answer differs between two states: path → (before, after), None = absent."""

    added: dict[str, Any]
    removed: dict[str, Any]
    changed: dict[str, tuple[Any, Any]]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def diff_states(a: dict[str, Entry], b: dict[str, Entry]) -> Diff:
    added = {p: b[p][0] for p in b.keys() - a.keys()}
    removed = {p: a[p][0] for p in a.keys() - b.keys()}
    changed = {p: (a[p][0], b[p][0]) for p in a.keys() & b.keys() if a[p][0] != b[p][0]}
    return Diff(dict(sorted(added.items())), dict(sorted(removed.items())),
                dict(sorted(changed.items())))


def _stacks(db: Database, app_id: int) -> tuple[list[int], list[int]]:
    """Replay the log into the undo and redo stacks (revision numbers).

    A normal revision pushes on undo and clears redo; an undo pops undo and pushes itself on
    redo; a redo pops redo and pushes itself on undo (so a redo can be undone again).
    """
    undo: list[int] = []
    redo: list[int] = []
    for rev, kind in db.execute("SELECT rev, kind FROM revisions WHERE app_id = ? ORDER BY rev",
                                (app_id,)):
        if kind in UNDO_KINDS:
            if undo:
                undo.pop()
            redo.append(rev)
        elif kind in REDO_KINDS:
            if redo:
                redo.pop()
            undo.append(rev)
        else:
            undo.append(rev)
            redo.clear()
    return undo, redo


def undo_target(db: Database, app_id: int) -> int | None:
    """The revision an undo would take back (None: nothing to undo)."""
    return targets(db, app_id)[0]


def redo_target(db: Database, app_id: int) -> int | None:
    """The undo revision a redo would take back (None: nothing to redo)."""
    return targets(db, app_id)[1]


def targets(db: Database, app_id: int) -> tuple[int | None, int | None]:
    """(undo target, redo target) in one pass over the log."""
    undo, redo = _stacks(db, app_id)
    return (undo[-1] if undo else None), (redo[-1] if redo else None)


def inverse(db: Database, app_id: int, rev: int) -> dict[str, Entry | None]:
    """The puts that take revision `rev` back."""
    return {c.path: None if c.old is None else (c.old, c.old_provenance or "typed")
            for c in changes_of(db, app_id, rev)}


def add_snapshot(db: Database, app_id: int, name: str, rev: int | None = None) -> Snapshot:
    rev = head(db, app_id) if rev is None else rev
    at = utc_now()
    try:
        with transaction(db):
            row = db.execute("INSERT INTO snapshots (app_id, name, rev, created_at) "
                             "VALUES (?, ?, ?, ?) RETURNING id", (app_id, name, rev, at)).fetchone()
    except sqlite3.IntegrityError:
        raise Rejected(f"이미 같은 이름의 스냅숏이 있습니다: {name}",
                       f"a snapshot named {name!r} already exists") from None
    return Snapshot(int(row[0]), name, rev, at)


def snapshots(db: Database, app_id: int) -> list[Snapshot]:
    rows = db.execute("SELECT id, name, rev, created_at FROM snapshots WHERE app_id = ? "
                      "ORDER BY rev DESC, id DESC", (app_id,)).fetchall()
    return [Snapshot(*r) for r in rows]


def snapshot_rev(db: Database, app_id: int, name: str) -> int:
    row = db.execute("SELECT rev FROM snapshots WHERE app_id = ? AND name = ?",
                     (app_id, name)).fetchone()
    if row is None:
        raise NotFound("snapshot", name)
    return int(row[0])
