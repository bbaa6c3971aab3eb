"""Schema migrations from an empty file and from a saved first-schema file; newer refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.service import Desk
from desktop_app.storage import SchemaTooNew, open_database
from desktop_app.storage.backups import list_backups
from desktop_app.storage.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "schema1.sqlite3"


def test_empty_database_gets_every_migration(db_path: Path) -> None:
    with open_database(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
        assert names == ["0001_core", "0002_search", "0003_key_record", "0004_team_sync",
                         "0005_listing_index", "0006_key_recovery", "0007_client_documents",
                         "0008_package_imports"]
        assert {"clients", "applications", "answers", "revisions", "changes", "snapshots",
                "attachments", "exports", "clients_fts"} <= set(store.db.table_names())
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: acknowledged = on disk


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_database(db_path).close()
    with open_database(db_path) as store:
        assert store.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION


def test_first_schema_fixture_is_migrated_with_its_data(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "voucher-desk.sqlite3"
    db_path.parent.mkdir()
    shutil.copy(FIXTURE, db_path)
    with Desk.open(db_path, auto_backup=False) as desk:
        assert desk.store.schema_version() == SCHEMA_VERSION
        # rows written before search existed are found (the index is rebuilt by the migration)
        assert [c.id for c in desk.clients.search("관계")] == [1]
        assert [c.id for c in desk.clients.search("데이터분석")] == [2]
        assert [a.id for a in desk.apps.search("124-81", include_archived=True)] == [1]
        view = desk.apps.open(1)
        assert view.values == {"company_name": "(주)고객관계관리솔루션", "budget": 5000000}
        assert view.app.current_section == "project" and view.app.scroll_pos == 120
        assert [s.name for s in desk.history.snapshots(1)] == ["첫 저장"]
        assert desk.history.diff(1, 1).added == {"budget": 5000000}
        changed = desk.apps.save(1, "budget", 6000000)  # and it keeps working as usual
        assert changed.rev == 3
    assert [b.kind for b in list_backups(db_path.parent / "backups")] == ["pre-migrate"]


def test_fixture_is_still_the_first_schema() -> None:
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        open_database(db_path)
    assert "newer Voucher Desk" in str(err.value) and "더 새로운 버전" in str(err.value)
    assert err.value.found == SCHEMA_VERSION + 5
    assert db_path.read_bytes() == before


def test_unknown_migration_name_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('voucher-desk', '0099_from_the_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew):
        open_database(db_path)
