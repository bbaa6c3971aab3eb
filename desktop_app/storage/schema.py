"""The schema as an ordered list of named migrations (sqlite-utils `Migrations`).

Never edit a shipped migration: add a new one. Each migration runs in one transaction with the
row that records it and sets `PRAGMA user_version` to its number, so a file from a newer
program is recognised (and refused) before anything touches it.
tests/fixtures/db/schema1.sqlite3 is a saved database of the first schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

from desktop_app.storage.errors import SchemaTooNew

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = Migrations("voucher-desk")
_NAMES: list[str] = []
STATUSES = ("draft", "ready", "exported", "submitted", "archived")
PROVENANCES = ("typed", "profile", "computed", "carried", "imported")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register with sqlite-utils and remember the name: the count is the schema version."""

    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        _NAMES.append(name)
        return MIGRATIONS(name=name)(fn)

    return register


@_migration("0001_core")
def _core(db: Database) -> None:
    """Clients, applications, per-field answers, the revision log, snapshots, files, exports."""
    db.executescript(f"""
    CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        brn TEXT NOT NULL DEFAULT '',            -- digits only, for search
        representative TEXT NOT NULL DEFAULT '',
        profile TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(profile)),
        archived INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        client_id INTEGER REFERENCES clients(id),
        title TEXT NOT NULL,
        form_id TEXT NOT NULL,
        form_edition TEXT NOT NULL,
        form_hash TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN {_in(STATUSES)}),
        current_section TEXT,
        scroll_pos INTEGER NOT NULL DEFAULT 0,
        head_rev INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX applications_client ON applications(client_id);
    CREATE INDEX applications_updated ON applications(updated_at);
    CREATE TABLE answers (
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        provenance TEXT NOT NULL CHECK (provenance IN {_in(PROVENANCES)}),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (app_id, path)
    ) WITHOUT ROWID;
    CREATE TABLE revisions (
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        rev INTEGER NOT NULL,
        kind TEXT NOT NULL,       -- new, edit, undo, redo, restore, carry, import
        label TEXT NOT NULL DEFAULT '',
        reverts INTEGER,          -- undo/redo: the revision they take back
        at TEXT NOT NULL,
        PRIMARY KEY (app_id, rev)
    ) WITHOUT ROWID;
    CREATE TABLE changes (        -- deltas: NULL old/new means absent
        app_id INTEGER NOT NULL,
        rev INTEGER NOT NULL,
        path TEXT NOT NULL,
        old TEXT,
        old_provenance TEXT,
        new TEXT,
        new_provenance TEXT,
        PRIMARY KEY (app_id, rev, path),
        FOREIGN KEY (app_id, rev) REFERENCES revisions(app_id, rev) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX changes_path ON changes(app_id, path, rev);
    CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        rev INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (app_id, name)
    );
    CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        requirement_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        original_name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX attachments_app ON attachments(app_id, requirement_id);
    CREATE INDEX attachments_sha ON attachments(sha256);
    CREATE TABLE exports (
        id INTEGER PRIMARY KEY,
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        rev INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX exports_app ON exports(app_id);
    PRAGMA user_version = 1;
    """)


def _fts_triggers(table: str, fts: str, columns: tuple[str, ...]) -> str:
    """External-content sync; updates fire only when an indexed column changes (not on saves)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return f"""
    CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
    END;
    CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
    END;
    CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});
    END;
    """


@_migration("0002_search")
def _search(db: Database) -> None:
    """Trigram FTS5 for substring search in Korean compounds (queries of 3+ characters)."""
    client_cols = ("name", "representative", "brn")
    db.executescript(f"""
    CREATE VIRTUAL TABLE clients_fts USING fts5(
        {", ".join(client_cols)}, content='clients', content_rowid='id', tokenize='trigram');
    CREATE VIRTUAL TABLE applications_fts USING fts5(
        title, content='applications', content_rowid='id', tokenize='trigram');
    {_fts_triggers("clients", "clients_fts", client_cols)}
    {_fts_triggers("applications", "applications_fts", ("title",))}
    INSERT INTO clients_fts(clients_fts) VALUES ('rebuild');
    INSERT INTO applications_fts(applications_fts) VALUES ('rebuild');
    PRAGMA user_version = 2;
    """)


@_migration("0003_key_record")
def _key_record(db: Database) -> None:
    """How to reach the data key that seals sensitive answers (desktop_app.security)."""
    db.executescript("""
    CREATE TABLE key_record (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('keyring', 'passphrase')),
        check_value TEXT NOT NULL,
        kdf TEXT CHECK (kdf IS NULL OR json_valid(kdf)),
        wrapped_key TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (mode = 'keyring' OR (kdf IS NOT NULL AND wrapped_key IS NOT NULL))
    );
    PRAGMA user_version = 3;
    """)


@_migration("0004_team_sync")
def _team_sync(db: Database) -> None:
    """UUIDs for shared records and the local outbox of team sync (storage/team_schema.py)."""
    from desktop_app.storage.team_schema import MIGRATION

    db.executescript(MIGRATION)


@_migration("0005_listing_index")
def _listing_index(db: Database) -> None:
    """Counting a one- or two-syllable search (a LIKE over every title) reads this index
    instead of the whole table: ≈40 % less time on 50,000 applications (issue 18)."""
    db.executescript("""
    CREATE INDEX applications_listing ON applications(status, title, client_id);
    PRAGMA user_version = 5;
    """)


@_migration("0006_key_recovery")
def _key_recovery(db: Database) -> None:
    """A second way to the data key, under a recovery key or passphrase the user keeps
    (security/recovery.py): in the database, so every backup carries it too (issue 14)."""
    db.executescript("""
    CREATE TABLE key_recovery (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('key', 'passphrase')),
        kdf TEXT NOT NULL CHECK (json_valid(kdf)),
        wrapped_key TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    PRAGMA user_version = 6;
    """)


@_migration("0007_client_documents")
def _client_documents(db: Database) -> None:
    """A client's own documents (사업자등록증명원, 중소기업확인서 …) kept once with their issue
    date, used by every application of that client (storage/client_documents.py)."""
    db.executescript("""
    CREATE TABLE client_documents (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,                       -- forms/shared/documents.yaml
        issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        sha256 TEXT NOT NULL,
        original_name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE INDEX client_documents_client ON client_documents(client_id, kind, issued_on);
    CREATE INDEX client_documents_sha ON client_documents(sha256);
    PRAGMA user_version = 7;
    """)


@_migration("0008_package_imports")
def _package_imports(db: Database) -> None:
    """Which package (by the fingerprint of its contents) made which application: importing the
    same package again says so instead of adding an identical application (issue 18)."""
    db.executescript("""
    CREATE TABLE package_imports (
        fingerprint TEXT NOT NULL,
        app_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (fingerprint, app_id)
    ) WITHOUT ROWID;
    PRAGMA user_version = 8;
    """)


SCHEMA_VERSION = len(_NAMES)


def user_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(db: Database) -> None:
    """Refuse a file from a newer program before any migration could touch it."""
    found = user_version(db)
    applied = [m.name for m in MIGRATIONS.applied(db)] if found <= SCHEMA_VERSION else []
    if found > SCHEMA_VERSION or any(name not in _NAMES for name in applied):
        raise SchemaTooNew(max(found, SCHEMA_VERSION + 1), SCHEMA_VERSION)


def pending(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; returns their names (empty when up to date)."""
    check_not_newer(db)
    names = pending(db)
    if names:
        MIGRATIONS.apply(db)
    return names
