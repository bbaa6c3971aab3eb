"""Environment faults become typed errors with readable Korean and English messages."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk
from desktop_app.storage import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    StorageError,
    open_database,
)
from desktop_app.storage.errors import translate

Lookup = Callable[[str], FormDefinition]


def test_disk_full_is_typed_and_loses_nothing_saved(desk: Desk, app_id: int) -> None:
    desk.apps.save(app_id, "summary", "앞서 저장된 내용")
    db = desk.store.db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as err:
        for i in range(200):
            desk.apps.save(app_id, "summary", "가" * 3000 + str(i))
    assert "저장 공간" in str(err.value) and "disk is full" in str(err.value)
    db.execute("PRAGMA max_page_count = 1073741823")
    assert desk.apps.open(app_id).values["summary"].startswith(("앞서", "가"))
    assert desk.history.undo(app_id).rev is not None  # still consistent and writable


def test_locked_database_is_typed(db_path: Path, form_2026: FormDefinition, forms: Lookup) -> None:
    with Desk.open(db_path, forms=forms, auto_backup=False, busy_timeout=0.05) as desk:
        app = desk.apps.new(form_2026).app_id
        assert app is not None
        other = sqlite3.connect(db_path)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(DatabaseLocked) as err:
                desk.apps.save(app, "summary", "잠김")
            assert "사용 중" in str(err.value) and "busy" in str(err.value)
        finally:
            other.rollback()
            other.close()
        assert desk.apps.save(app, "summary", "풀림").rev is not None


def test_read_only_database_is_typed(db_path: Path, form_2026: FormDefinition, forms: Lookup
                                     ) -> None:
    with Desk.open(db_path, forms=forms, auto_backup=False) as desk:
        app = desk.apps.new(form_2026).app_id
        assert app is not None
    store = open_database(db_path, read_only=True)
    desk = Desk(store, forms=forms)
    try:
        assert desk.apps.open(app).app.id == app  # reading works
        with pytest.raises(DatabaseReadOnly) as err:
            desk.apps.save(app, "summary", "쓰기")
        assert "읽기 전용" in str(err.value) and "read-only" in str(err.value)
    finally:
        desk.close()


def test_corrupt_database_names_the_latest_backup(db_path: Path, form_2026: FormDefinition,
                                                  forms: Lookup) -> None:
    with Desk.open(db_path, forms=forms) as desk:  # takes the daily backup
        desk.apps.new(form_2026)
        for i in range(300):
            desk.clients.create({"company.name": f"고객{i}", "company.address": "서울" * 50})
    backup = sorted((db_path.parent / "backups").glob("*.sqlite3"))[-1]
    data = bytearray(db_path.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xa5" * (4096 * 3)  # scribble over a few pages
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt) as err:
        Desk.open(db_path, forms=forms)
    assert err.value.backup == backup
    assert "손상" in str(err.value) and str(backup) in str(err.value)


def test_not_a_database_is_corrupt_without_backup(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseCorrupt) as err:
        open_database(db_path)
    assert err.value.backup is None and "no backup" in str(err.value)


@pytest.mark.parametrize("code, kind", [(5, DatabaseLocked), (8, DatabaseReadOnly),
                                        (13, DiskFull), (11, DatabaseCorrupt), (26, DatabaseCorrupt)])
def test_sqlite_codes_map_to_types(code: int, kind: type[StorageError]) -> None:
    exc = sqlite3.OperationalError("x")
    exc.sqlite_errorcode = code | 0x100  # extended codes keep the primary in the low byte
    assert isinstance(translate(exc), kind)


def test_no_space_os_error_is_disk_full() -> None:
    assert isinstance(translate(OSError(28, "No space left on device")), DiskFull)


def test_a_desk_belongs_to_its_thread(desk: Desk, app_id: int) -> None:
    import threading

    from desktop_app.storage import StorageBug

    caught: list[BaseException] = []

    def worker() -> None:
        try:
            desk.apps.save(app_id, "summary", "다른 스레드")
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert len(caught) == 1 and isinstance(caught[0], StorageBug)
    assert "thread" in str(caught[0])
    assert "summary" not in desk.apps.open(app_id).values
