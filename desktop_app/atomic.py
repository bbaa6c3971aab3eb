"""The one writer of every file the app writes for the user: never half a file, and on disk
when we say so.

Each write goes to a hidden temp file in the target folder (`.NAME.PID-RANDOM.part`, mode
0600), is flushed and fsynced (F_FULLFSYNC on macOS, where plain fsync leaves the data in the
drive's cache), renamed over the target, and the folder is fsynced so the rename itself
survives a power cut. On any failure the temp file is removed. A killed process may still
leave a temp file behind: `clean_stale` removes those whose writer is gone (its pid is in the
name), and every temp file made outside the data folder is noted in the data folder's
`in-flight/` list so the next start can clean it there too.

`stage` splits the write in two, so a command can write the file, record it in the database
and only then put it in place — nothing appears when the command reports a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
DIR_MODE = 0o700
_PART = re.compile(r"^\..+\.(\d+)-[0-9a-f]{8}\.part$")
_journal_dir: Path | None = None


def set_journal(folder: Path | None) -> None:
    """Where temp files made outside it are noted (the data folder's `in-flight/`)."""
    global _journal_dir
    _journal_dir = folder


def fsync_fd(fd: int) -> None:
    """Data on the medium, not only in the OS cache (nor, on macOS, in the drive's cache)."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, getattr(fcntl, "F_FULLFSYNC", 51))
            return
        except OSError:
            pass  # not supported by this file system: fsync is the best there is
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in `folder` durable (no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fsync_fd(fd)
    finally:
        os.close(fd)


def make_dirs(folder: Path, mode: int | None = None) -> None:
    """Create `folder` (and parents); a folder we create gets `mode` (0700 inside the data folder)."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is not None:
        for made in missing:
            with contextlib.suppress(OSError):
                os.chmod(made, mode)


def temp_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")


class Staged:
    """A complete, synced temp file beside `dest`; `commit` puts it in place, `discard` drops it."""

    def __init__(self, dest: Path, tmp: Path, note: Path | None) -> None:
        self.dest, self.tmp, self._note = dest, tmp, note
        self.done = False

    def read_bytes(self) -> bytes:
        return (self.dest if self.done else self.tmp).read_bytes()

    def commit(self) -> Path:
        if self.done:
            return self.dest
        try:
            os.replace(self.tmp, self.dest)
            fsync_dir(self.dest.parent)
        except BaseException:
            self.discard()
            raise
        self.done = True
        self._forget()
        return self.dest

    def discard(self) -> None:
        if not self.done:
            self.tmp.unlink(missing_ok=True)
            self.done = True
        self._forget()

    def _forget(self) -> None:
        if self._note is not None:
            self._note.unlink(missing_ok=True)
            self._note = None

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _note_temp(tmp: Path) -> Path | None:
    """Remember a temp file outside the data folder, so a crash does not leave it for ever."""
    journal = _journal_dir
    if journal is None:
        return None
    try:
        if tmp.resolve().is_relative_to(journal.parent.resolve()):
            return None  # inside the data folder: clean_stale finds it by name
        make_dirs(journal, DIR_MODE)
        note = journal / f"{tmp.name}.path"
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(str(tmp.resolve()))
        return note
    except OSError:
        return None  # best effort: the write itself matters more than its note


def stage_with(dest: Path, fill: Callable[[BinaryIO], object], *,
               dir_mode: int | None = None) -> Staged:
    """Write the temp file by calling `fill(stream)`, then fsync it; removed on failure."""
    make_dirs(dest.parent, dir_mode)
    tmp = temp_name(dest)
    note = _note_temp(tmp)
    staged = Staged(dest, tmp, note)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            fsync_fd(fh.fileno())
    except BaseException:
        staged.discard()
        raise
    return staged


def stage(dest: Path, data: bytes, *, dir_mode: int | None = None) -> Staged:
    return stage_with(dest, lambda fh: fh.write(data), dir_mode=dir_mode)


def write_atomic(dest: Path, data: bytes, *, dir_mode: int | None = None) -> Path:
    """Write `data` to `dest` completely and durably, or not at all."""
    return stage(dest, data, dir_mode=dir_mode).commit()


@contextlib.contextmanager
def atomic_path(dest: Path, *, dir_mode: int | None = None) -> Iterator[Path]:
    """A temp path for a writer that needs a file name (SQLite's backup API); on success it is
    synced and renamed to `dest`, on failure removed (with any -journal SQLite left)."""
    make_dirs(dest.parent, dir_mode)
    tmp = temp_name(dest)
    staged = Staged(dest, tmp, _note_temp(tmp))
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            fsync_fd(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, FILE_MODE)
    except BaseException:
        staged.discard()
        raise
    finally:
        for extra in ("-journal", "-wal", "-shm"):
            Path(str(tmp) + extra).unlink(missing_ok=True)
    staged.commit()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale(folder: Path, *, recursive: bool = True) -> list[Path]:
    """Remove temp files whose writing process is gone; returns what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    candidates = folder.rglob(".*.part") if recursive else folder.glob(".*.part")
    for path in candidates:
        m = _PART.match(path.name)
        if m and not _alive(int(m.group(1))) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    journal = _journal_dir
    if journal is not None and journal.is_dir() and journal.parent == folder:
        for note in journal.glob("*.path"):
            try:
                target = Path(note.read_text(encoding="utf-8").strip())
                m = _PART.match(target.name)
                if m and _alive(int(m.group(1))):
                    continue
                if m and target.is_file():
                    target.unlink()
                    removed.append(target)
                note.unlink()
            except OSError:
                continue
    return removed


def write_private(path: Path, data: bytes) -> None:
    """A rebuildable cache file: whole (rename) and 0600 in a 0700 folder, but not synced —
    losing it costs a re-parse, and an fsync per form at start-up would cost more."""
    make_dirs(path.parent, DIR_MODE)
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
