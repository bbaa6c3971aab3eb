"""Backups: daily rolling copies, manual copies, restore (itself undoable), damaged files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk
from desktop_app.storage import DatabaseCorrupt, Location, NotFound, SchemaTooNew, backups
from desktop_app.storage.schema import SCHEMA_VERSION


def test_daily_backup_once_a_day_keeping_seven(desk: Desk) -> None:
    day = dt.datetime(2026, 1, 1, 9, 0)
    for n in range(10):
        assert desk.auto_backup(day + dt.timedelta(days=n)) is not None
        assert desk.auto_backup(day + dt.timedelta(days=n, hours=5)) is None
    autos = [b for b in desk.backups() if b.kind == "auto"]
    assert len(autos) == backups.KEEP["auto"] == 7
    assert autos[0].taken_at.date() == dt.date(2026, 1, 10)


def test_manual_backup_is_a_sound_copy(desk: Desk, app_id: int, tmp_path: Path) -> None:
    desk.apps.save(app_id, "summary", "백업 전 내용")
    copy = desk.backup(tmp_path / "mine.sqlite3")
    assert backups.verify(copy) == SCHEMA_VERSION
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
        assert conn.execute("SELECT value FROM answers WHERE path = 'summary'").fetchone()[0] \
            == '"백업 전 내용"'
    finally:
        conn.close()
    kept = desk.backup()
    assert kept.parent == desk.location.backups and "manual" in kept.name


def test_restore_replaces_everything_and_keeps_the_previous_state(desk: Desk, app_id: int
                                                                  ) -> None:
    desk.apps.save(app_id, "summary", "그때")
    snapshot = desk.backup()
    desk.apps.save(app_id, "summary", "지금")
    desk.clients.create({"company.name": "나중에 생긴 고객"})
    changed = desk.restore(snapshot)
    assert changed.clients and changed.applications and "pre-restore" in changed.note
    assert desk.apps.open(app_id).values["summary"] == "그때"
    assert desk.clients.search("나중에") == []
    safety = [b for b in desk.backups() if b.kind == "pre-restore"]
    assert len(safety) == 1
    desk.restore(safety[0].path)  # the restore itself can be taken back
    assert desk.apps.open(app_id).values["summary"] == "지금"
    assert desk.apps.save(app_id, "summary", "계속").rev is not None


def test_restore_of_an_older_schema_migrates(desk: Desk) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "schema1.sqlite3"
    changed = desk.restore(fixture)
    assert "0002_search" in changed.note
    assert desk.store.schema_version() == SCHEMA_VERSION
    assert [c.name for c in desk.clients.search("관계")] == ["(주)고객관계관리솔루션"]


def test_bad_backups_are_refused(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        desk.restore(tmp_path / "missing.sqlite3")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    with pytest.raises(DatabaseCorrupt):
        desk.restore(junk)
    newer = desk.backup(tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(SchemaTooNew):
        desk.restore(newer)


def test_replace_a_damaged_database(db_path: Path, form_2026: FormDefinition) -> None:
    with Desk.open(db_path, auto_backup=False) as desk:
        app = desk.apps.new(form_2026, title="살릴 신청서").app_id
        good = desk.backup()
    db_path.write_bytes(b"\0" * 8192)
    with pytest.raises(DatabaseCorrupt) as err:
        Desk.open(db_path)
    assert err.value.backup == good
    aside = backups.replace_damaged(Location(db_path), good)
    assert aside.exists() and aside.read_bytes() == b"\0" * 8192
    with Desk.open(db_path, auto_backup=False) as desk:
        assert desk.apps.get(app or 0).title == "살릴 신청서"


def test_a_failing_daily_backup_does_not_block_opening(db_path: Path) -> None:
    Desk.open(db_path, auto_backup=False).close()
    (db_path.parent / "backups").write_text("a file where the folder should be")
    with Desk.open(db_path) as desk:
        assert desk.warnings and "backup" in desk.warnings[0]
        assert desk.clients.create({"company.name": "계속 일함"}).client_id == 1


def test_daily_backups_of_a_big_book_stay_within_three_copies(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1.23 GB book kept 7 daily copies (8.6 GB): the budget keeps today, yesterday and an
    older one within the week. The floor is lowered so a test-sized book counts as big."""
    monkeypatch.setattr(backups, "AUTO_BUDGET_FLOOR", 0)
    day = dt.datetime(2026, 1, 1, 9, 0)
    for n in range(10):
        assert desk.auto_backup(day + dt.timedelta(days=n)) is not None
        autos = [b for b in desk.backups() if b.kind == "auto"]
        newest = autos[0].path.stat().st_size
        assert sum(b.path.stat().st_size for b in autos) <= 3 * newest
        days = [b.taken_at.day for b in autos]
        assert days[:2] == [n + 1, n][:len(days[:2])] and len(days) <= 3
        assert all(n + 1 - d < 7 for d in days), "nothing older than the week"
        if n >= 3:
            assert days[2] <= n - 1, "an older point to go back to"
    assert backups.within_budget([]) == []
