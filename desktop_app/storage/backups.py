"""Backups with the SQLite backup API: rolling daily copies, manual copies, restore.

The backup API copies a consistent snapshot while the database stays in use (a plain file
copy of a WAL database can miss committed pages). A copy is written beside its final name,
switched to a single self-contained file (journal_mode=DELETE), checked, synced and renamed,
so a half-written backup never looks like a backup.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from sqlite_utils import Database

from desktop_app.atomic import DIR_MODE, atomic_path, fsync_dir
from desktop_app.storage import schema
from desktop_app.storage.errors import CannotOpen, DatabaseCorrupt, NotFound
from desktop_app.storage.location import Location

Kind = Literal["auto", "manual", "pre-restore", "pre-migrate"]
KEEP: dict[str, int] = {"auto": 7, "pre-restore": 3, "pre-migrate": 3}  # manual: all kept
_NAME = re.compile(r"^voucher-desk-(\d{8}-\d{6})-([a-z-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    taken_at: dt.datetime  # local time, from the name


def _copy(source: sqlite3.Connection, dest: Path) -> Path:
    """Through the one writer (desktop_app.atomic): a temp file beside `dest`, synced,
    renamed, the folder synced; 0600 in a 0700 folder; nothing left when it fails."""
    with atomic_path(dest, dir_mode=DIR_MODE) as tmp:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise DatabaseCorrupt(dest, detail="the copy failed its integrity check")
        finally:
            target.close()
    return dest


def copy_to(db: Database, dest: Path) -> Path:
    """A consistent copy of the open database at `dest` (replaced if it exists)."""
    return _copy(db.conn, dest)


def take(db: Database, directory: Path, kind: Kind, now: dt.datetime | None = None) -> BackupFile:
    now = now or dt.datetime.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = directory / f"voucher-desk-{stamp}-{kind}.sqlite3"
    n = 1
    while path.exists():  # two backups within one second
        n += 1
        path = directory / f"voucher-desk-{stamp}-{kind}-{n}.sqlite3"
    copy_to(db, path)
    prune(directory, kind)
    return BackupFile(path, kind, now)


def list_backups(directory: Path) -> list[BackupFile]:
    """Newest first."""
    found = []
    for path in directory.glob("voucher-desk-*.sqlite3") if directory.is_dir() else ():
        m = _NAME.match(re.sub(r"-\d+(\.sqlite3)$", r"\1", path.name))
        if m:
            taken = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            found.append(BackupFile(path, m.group(2), taken))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def latest(directory: Path) -> Path | None:
    backups = list_backups(directory)
    return backups[0].path if backups else None


AUTO_BUDGET_COPIES = 3     # daily backups may take the room of this many copies of the newest
AUTO_BUDGET_FLOOR = 512 << 20  # … but a small book keeps its 7 days (under 512 MiB in all)
AUTO_MIN = 2               # today's and yesterday's always stay


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def within_budget(paths: list[Path]) -> list[Path]:
    """The daily backups (newest first) to keep in a bounded space: the newest two, and the
    oldest as an older point to go back to; middle days go first when over the budget.

    A 1.23 GB book kept 7 full copies (8.6 GB); under this budget it keeps 3 (3.7 GB):
    today, yesterday and one 2–6 days older. A book under ≈73 MB keeps all 7."""
    if not paths:
        return []
    budget = max(AUTO_BUDGET_COPIES * _size(paths[0]), AUTO_BUDGET_FLOOR)
    kept = list(paths)
    while len(kept) > AUTO_MIN and sum(_size(p) for p in kept) > budget:
        kept.pop(len(kept) - 2 if len(kept) > AUTO_MIN + 1 else len(kept) - 1)
    return kept


def prune(directory: Path, kind: str) -> list[Path]:
    keep = KEEP.get(kind)
    if keep is None:
        return []
    backups = [b for b in list_backups(directory) if b.kind == kind]
    mine = [b.path for b in backups]
    kept = mine[:keep]
    if kind == "auto" and backups:  # the last `keep` days, then the space budget
        first = backups[0].taken_at.date() - dt.timedelta(days=keep)
        kept = within_budget([b.path for b in backups[:keep] if b.taken_at.date() > first])
    old = [p for p in mine if p not in kept]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def auto_backup(db: Database, directory: Path, now: dt.datetime | None = None
                ) -> BackupFile | None:
    """The daily rolling backup: taken when none exists for today's (local) date."""
    now = now or dt.datetime.now()
    autos = [b for b in list_backups(directory) if b.kind == "auto"]
    if autos and autos[0].taken_at.date() == now.date():
        return None
    return take(db, directory, "auto", now)


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise NotFound("backup", path)
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def attachment_hashes(directory: Path) -> set[str]:
    """Attachment files the kept backups name: they must outlive a removal in the live
    database, or restoring such a backup would bring back rows without their files."""
    hashes: set[str] = set()
    for backup in list_backups(directory):
        try:
            conn = _open_read_only(backup.path)
            try:
                hashes |= {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachments")}
                has_documents = conn.execute(  # a backup taken before schema 7 has none
                    "SELECT 1 FROM sqlite_master WHERE name = 'client_documents'").fetchone()
                if has_documents:
                    hashes |= {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM client_documents")}
            finally:
                conn.close()
        except (sqlite3.Error, NotFound):
            continue  # a damaged or vanished backup names nothing we can keep for it
    return hashes


def verify(path: Path) -> int:
    """Check that `path` is a sound Voucher Desk database we can read; returns its schema."""
    conn = _open_read_only(path)
    try:
        db = Database(conn, execute_plugins=False)
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DatabaseCorrupt(path)
        if "applications" not in db.table_names():
            raise CannotOpen(f"바우처 데스크 데이터베이스가 아닙니다: {path}",
                             f"not a Voucher Desk database: {path}")
        schema.check_not_newer(db)
        return schema.user_version(db)
    finally:
        conn.close()


def restore_into(db: Database, source: Path) -> list[str]:
    """Replace the open database's content with `source` (verified first); then migrate.

    Goes through the backup API into the live connection, so other connections see a
    consistent switch. Returns the migrations applied to bring an older backup up to date.
    """
    verify(source)
    src = _open_read_only(source)
    try:
        src.backup(db.conn)
    finally:
        src.close()
    db.execute("PRAGMA journal_mode=WAL")
    return schema.migrate(db)


def replace_damaged(location: Location, source: Path) -> Path:
    """When the database cannot be opened at all: move it aside, put `source` in its place.

    Only when no other program has the file open. Returns where the damaged file went.
    """
    verify(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = location.db.with_name(f"{location.db.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(location.db) + suffix)
        if part.exists():
            os.replace(part, Path(str(aside) + suffix))
    fsync_dir(location.root)
    src = _open_read_only(source)
    try:
        _copy(src, location.db)
    finally:
        src.close()
    return aside
