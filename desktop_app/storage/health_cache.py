"""What the last batch check found per application (completion, errors), kept beside the
database in its own file: a cache, rebuilt at will, never backed up or migrated.

An entry holds for one revision of one application, judged by one form definition on one
day (rules may read today's date): anything else and it is not used. `apps validate` fills it
(one writer: the process that runs the batch); exports and lists read it instead of
validating 50,000 applications again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage.connection import make_private

FILE_NAME = "health-cache.sqlite3"


@dataclass(frozen=True)
class Key:
    rev: int
    form_hash: str
    day: str  # the judgement's ISO date and the first error's language ("2026-12-02 ko")


@dataclass(frozen=True)
class Entry:
    key: Key
    percent: int
    errors: int
    warnings: int
    first_error: str


class HealthCache:
    def __init__(self, db_file: Path) -> None:
        self.path = db_file.parent / FILE_NAME
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            make_private(self.path)  # it names applications and their first errors: 0600 too
            conn = sqlite3.connect(self.path, timeout=5.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a cache: losing it costs a re-check only
            conn.execute("CREATE TABLE IF NOT EXISTS health (app_id INTEGER PRIMARY KEY, "
                         "rev INTEGER NOT NULL, form_hash TEXT NOT NULL, day TEXT NOT NULL, "
                         "percent INTEGER NOT NULL, errors INTEGER NOT NULL, "
                         "warnings INTEGER NOT NULL, first_error TEXT NOT NULL)")
            self._conn = conn
        return self._conn

    def get(self, wanted: Mapping[int, Key]) -> dict[int, Entry]:
        """The entries that still hold for `wanted` (application id → its current key)."""
        if not wanted:
            return {}
        try:
            rows = self._db().execute(
                "SELECT app_id, rev, form_hash, day, percent, errors, warnings, first_error "
                "FROM health").fetchall() if len(wanted) > 500 else [
                r for chunk in _chunks(list(wanted), 500) for r in self._db().execute(
                    "SELECT app_id, rev, form_hash, day, percent, errors, warnings, first_error "
                    f"FROM health WHERE app_id IN ({','.join('?' * len(chunk))})", chunk)]
        except sqlite3.Error:
            return {}  # an unreadable cache is an empty one
        out: dict[int, Entry] = {}
        for app_id, rev, form_hash, day, percent, errors, warnings, first in rows:
            key = Key(rev, form_hash, day)
            if wanted.get(app_id) == key:
                out[app_id] = Entry(key, percent, errors, warnings, first)
        return out

    def put(self, entries: Mapping[int, Entry]) -> None:
        try:
            with self._db() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO health VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(i, e.key.rev, e.key.form_hash, e.key.day, e.percent, e.errors, e.warnings,
                      e.first_error) for i, e in entries.items()])
        except sqlite3.Error:
            pass  # a cache that cannot be written is only slower next time

    def forget(self, app_ids: Iterable[int]) -> None:
        """Drop the entries of these applications (something they are judged by changed that
        their key does not show, e.g. the client's own documents)."""
        ids = list(app_ids)
        if not ids or not self.path.exists():
            return
        try:
            with self._db() as conn:
                for chunk in _chunks(ids, 500):
                    conn.execute(f"DELETE FROM health WHERE app_id IN ({','.join('?' * len(chunk))})", chunk)
        except sqlite3.Error:
            pass  # a cache that cannot be written: as in put, only the next look is affected

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
