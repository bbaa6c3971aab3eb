"""Storage's errors (children of desktop_app.errors.DeskError), typed so the UI and the CLI can act.

Environment faults (locked, read-only, disk full, corrupt, too new) are the user's machine
talking, not bugs: each carries a readable Korean and English message and the UI shows it
as it is. Anything else sqlite raises is a `StorageBug`. Raw `sqlite3.Error`/`OSError` never
leave the façade: `translate()` turns them into these classes in one place.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from desktop_app import errors

# Primary SQLite result codes (extended codes keep them in the low byte).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


class StorageError(errors.DeskError):
    """Root of every storage error; str() is 'Korean (English)' for one-line output."""

    message_ko: str = "저장소 오류가 발생했습니다"
    message_en: str = "a storage error occurred"


class EnvironmentFault(StorageError, errors.EnvironmentFault):
    """The machine, not the program: shown to the user with what to do next."""


class DatabaseLocked(EnvironmentFault):
    """Busy past the 2 s timeout; `holders` are the other Voucher Desks that have it open."""

    message_ko = "다른 프로그램이 데이터베이스를 사용 중입니다. 잠시 후 다시 시도하세요"
    message_en = "the database is busy in another program; try again in a moment"

    def __init__(self, holders: list[str] | None = None) -> None:
        self.holders = list(holders or [])
        if self.holders:
            who = "; ".join(self.holders)
            super().__init__(f"데이터베이스를 사용 중입니다: {who}. 그 프로그램이 끝난 뒤 다시 시도하세요",
                             f"the database is busy, held by: {who}; try again when it is done")
        else:
            super().__init__()


class DatabaseReadOnly(EnvironmentFault):
    message_ko = "데이터베이스에 쓸 수 없습니다(읽기 전용). 폴더 권한이나 저장 장치를 확인하세요"
    message_en = "the database is read-only; check the folder's permissions or the drive"


class DiskFull(EnvironmentFault):
    message_ko = "저장 공간이 부족하여 저장하지 못했습니다. 공간을 확보한 뒤 다시 시도하세요"
    message_en = "the disk is full, nothing was saved; free some space and try again"


class CannotOpen(EnvironmentFault):
    message_ko = "데이터베이스 파일을 열 수 없습니다"
    message_en = "cannot open the database file"


class DatabaseCorrupt(EnvironmentFault):
    """A damaged file; `backup` is the latest backup that can replace it, if any."""

    def __init__(self, path: Path | None = None, backup: Path | None = None,
                 detail: str = "") -> None:
        self.path, self.backup, self.detail = path, backup, detail
        where = f": {path}" if path else ""
        if backup is not None:
            ko = (f"데이터베이스가 손상되었습니다{where}. 최근 백업으로 복원할 수 있습니다: "
                  f"voucher-desk restore {backup}")
            en = f"the database is damaged; restore the latest backup {backup}"
        else:
            ko, en = f"데이터베이스가 손상되었고 백업이 없습니다{where}", "the database is damaged and no backup exists"
        super().__init__(ko, en)


class SchemaTooNew(EnvironmentFault):
    """The file was written by a newer Voucher Desk; opening it here could damage it."""

    def __init__(self, found: int, supported: int) -> None:
        self.found, self.supported = found, supported
        super().__init__(
            f"이 데이터베이스는 더 새로운 버전의 바우처 데스크로 만들어졌습니다(스키마 {found}, 지원 {supported}). "
            "프로그램을 업데이트하세요",
            f"this database was written by a newer Voucher Desk (schema {found}, this version "
            f"supports {supported}); please update the program",
        )


class NotFound(StorageError, errors.Refused):
    """A client, application, revision or attachment that does not exist."""

    def __init__(self, what: str, key: object) -> None:
        self.what, self.key = what, key
        names = {"client": "고객", "application": "신청서", "revision": "버전",
                 "attachment": "첨부파일", "snapshot": "스냅숏", "backup": "백업",
                 "file": "파일"}
        super().__init__(f"{names.get(what, what)} {key}을(를) 찾을 수 없습니다", f"no {what} {key}")


class Rejected(StorageError, errors.Refused):
    """A request the data does not allow (wrong file type, a submitted application edited …)."""


class StorageBug(StorageError, errors.Bug):
    """An unexpected database error: a bug to report, not the user's fault."""


def _from_sqlite(exc: sqlite3.Error, path: Path | None) -> StorageError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (_BUSY, _LOCKED):
        from desktop_app.storage.health import holders

        return DatabaseLocked(holders(path) if path is not None else None)
    if code == _READONLY:
        return DatabaseReadOnly()
    if code == _FULL:
        return DiskFull()
    if code in (_CORRUPT, _NOTADB):
        return DatabaseCorrupt(path, detail=str(exc))
    if code == _CANTOPEN:
        return CannotOpen(f"데이터베이스 파일을 열 수 없습니다: {path}", f"cannot open the database {path}")
    if code == _IOERR:
        return CannotOpen(f"디스크 입출력 오류: {exc}", f"disk I/O error: {exc}")
    return StorageBug(f"예상하지 못한 데이터베이스 오류: {exc}", f"unexpected database error: {exc}")


def _from_os(exc: OSError) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull()
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return DatabaseReadOnly(f"파일에 쓸 수 없습니다: {exc.filename}",
                                f"cannot write {exc.filename}: {exc.strerror}")
    return CannotOpen(f"파일 오류: {exc}", f"file error: {exc}")


def translate(exc: BaseException, path: Path | None = None) -> StorageError | None:
    """The typed error for a raw sqlite3/OS error, or None when `exc` is not one of those."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        return _from_sqlite(exc, path)
    if isinstance(exc, OSError):
        return _from_os(exc)
    return None
