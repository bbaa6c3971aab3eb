"""The local half of team sync, as SQLite DDL (registered as migration 0004 in schema.py).

Stable UUIDs for clients, applications and attachments (filled for existing rows, set by a
trigger for new ones). Triggers record every local change into `team_outbox`, but only once the
desk has joined a team (`team_link` has its row) and not while pulled changes are being applied
(`team_applying` has its row, inside that transaction): a desk that never joins gains three
empty tables and nothing else. The outbox captures each change's base — the server head of that
field this desk had seen — at the moment it is made, which is what conflict detection needs.
The PostgreSQL side has its own schema and migrations (desktop_app/team/sql/).
"""

from __future__ import annotations

UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) "
        "|| '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' "
        "|| hex(randomblob(6)))")

_ACTIVE = "EXISTS (SELECT 1 FROM team_link) AND NOT EXISTS (SELECT 1 FROM team_applying)"


def _base(record: str, path: str) -> str:
    return f"coalesce((SELECT seq FROM team_heads WHERE record = {record} AND path = {path}), 0)"


def _app_attr(attr: str, value_sql: str) -> str:
    """One outbox row for an application attribute (@title, @status, @form, @client)."""
    return f"""
    INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    SELECT 'application', a.uuid, c.uuid, '{attr}', {value_sql}, 'typed',
           {_base("a.uuid", f"'{attr}'")}, a.updated_at
    FROM applications a LEFT JOIN clients c ON c.id = a.client_id WHERE a.id = new.id AND {_ACTIVE};"""


_FORM = "json_object('id', a.form_id, 'edition', a.form_edition, 'hash', a.form_hash)"
_CLIENT = "CASE WHEN c.uuid IS NULL THEN NULL ELSE json_quote(c.uuid) END"


def _profile_rows(new: str, old: str | None) -> str:
    """Outbox rows for the profile keys that differ between two profile JSON texts."""
    keys = f"SELECT key FROM json_each({new})" + (f" UNION SELECT key FROM json_each({old})" if old else "")
    path = "('$.\"' || k.key || '\"')"
    differs = f"AND ({new} -> {path}) IS NOT ({old} -> {path})" if old else ""
    return f"""
    INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    SELECT 'client', c.uuid, c.uuid, k.key, {new} -> {path}, 'typed', {_base("c.uuid", "k.key")}, c.updated_at
    FROM ({keys}) k, clients c WHERE c.id = new.id {differs} AND {_ACTIVE};"""


_FILE = f"""INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    SELECT 'attachment', t.uuid, c.uuid, '@file',
           json_object('app', a.uuid, 'requirement', t.requirement_id, 'sha256', t.sha256,
                       'name', t.original_name, 'media_type', t.media_type, 'size', t.size),
           'typed', {_base("t.uuid", "'@file'")}, t.added_at
    FROM attachments t JOIN applications a ON a.id = t.app_id LEFT JOIN clients c ON c.id = a.client_id
    WHERE t.id = new.id AND {_ACTIVE};"""

MIGRATION = f"""
ALTER TABLE clients ADD COLUMN uuid TEXT;
ALTER TABLE applications ADD COLUMN uuid TEXT;
ALTER TABLE attachments ADD COLUMN uuid TEXT;
UPDATE clients SET uuid = {UUID};
UPDATE applications SET uuid = {UUID};
UPDATE attachments SET uuid = {UUID};
CREATE UNIQUE INDEX clients_uuid ON clients(uuid);
CREATE UNIQUE INDEX applications_uuid ON applications(uuid);
CREATE UNIQUE INDEX attachments_uuid ON attachments(uuid);

CREATE TABLE team_link (            -- the team this desk joined (one row, or none)
    id INTEGER PRIMARY KEY CHECK (id = 1),
    conninfo TEXT NOT NULL,         -- host, port, dbname, user: never the password
    member TEXT NOT NULL,
    role TEXT NOT NULL,
    machine TEXT NOT NULL,
    secrets TEXT NOT NULL CHECK (json_valid(secrets)),  -- team key + login, sealed by the data key
    cursor INTEGER NOT NULL DEFAULT 0,                  -- last server seq pulled
    joined_at TEXT NOT NULL,
    last_sync TEXT,
    last_error TEXT
);
CREATE TABLE team_applying (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE team_outbox (          -- local changes not yet on the server
    id INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE DEFAULT ({UUID}),
    kind TEXT NOT NULL CHECK (kind IN ('client', 'application', 'answer', 'attachment')),
    record TEXT NOT NULL,           -- the record's UUID (an answer's record is its application)
    client TEXT,                    -- the client UUID the record belongs to
    path TEXT NOT NULL,
    value TEXT,                     -- local JSON text (sealed parts under this desk's data key)
    provenance TEXT,
    base INTEGER NOT NULL,          -- server head of this field seen when the change was made
    at TEXT NOT NULL
);
CREATE INDEX team_outbox_field ON team_outbox(record, path);
CREATE TABLE team_heads (           -- the newest server change of each field known here
    record TEXT NOT NULL,
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    base INTEGER NOT NULL,
    author TEXT NOT NULL,
    machine TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (record, path)
) WITHOUT ROWID;
CREATE TABLE team_conflicts (       -- a field changed on two desks: the value not shown now
    record TEXT NOT NULL,
    path TEXT NOT NULL,
    other TEXT,                     -- JSON text as stored locally (NULL = the other side cleared it)
    other_author TEXT NOT NULL,
    other_machine TEXT NOT NULL,
    other_at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (record, path)
) WITHOUT ROWID;
CREATE TABLE team_leases (          -- check-outs as last seen on the server (display only)
    app TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    machine TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER team_clients_ai AFTER INSERT ON clients BEGIN
    UPDATE clients SET uuid = {UUID} WHERE id = new.id AND uuid IS NULL;
    {_profile_rows("new.profile", None)}
END;
CREATE TRIGGER team_clients_au AFTER UPDATE OF profile ON clients WHEN {_ACTIVE} BEGIN
    {_profile_rows("new.profile", "old.profile")}
END;
CREATE TRIGGER team_clients_archived AFTER UPDATE OF archived ON clients
WHEN {_ACTIVE} AND old.archived IS NOT new.archived BEGIN
    INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    VALUES ('client', new.uuid, new.uuid, '@archived', CASE WHEN new.archived THEN 'true' ELSE 'false' END,
            'typed', {_base("new.uuid", "'@archived'")}, new.updated_at);
END;

CREATE TRIGGER team_applications_ai AFTER INSERT ON applications BEGIN
    UPDATE applications SET uuid = {UUID} WHERE id = new.id AND uuid IS NULL;
    {_app_attr("@client", _CLIENT)}
    {_app_attr("@form", _FORM)}
    {_app_attr("@title", "json_quote(a.title)")}
    {_app_attr("@status", "json_quote(a.status)")}
END;
CREATE TRIGGER team_applications_title AFTER UPDATE OF title ON applications
WHEN {_ACTIVE} AND old.title IS NOT new.title BEGIN {_app_attr("@title", "json_quote(a.title)")} END;
CREATE TRIGGER team_applications_status AFTER UPDATE OF status ON applications
WHEN {_ACTIVE} AND old.status IS NOT new.status BEGIN {_app_attr("@status", "json_quote(a.status)")} END;
CREATE TRIGGER team_applications_client AFTER UPDATE OF client_id ON applications
WHEN {_ACTIVE} AND old.client_id IS NOT new.client_id BEGIN {_app_attr("@client", _CLIENT)} END;
CREATE TRIGGER team_applications_form AFTER UPDATE OF form_id, form_edition, form_hash ON applications
WHEN {_ACTIVE} AND (old.form_id, old.form_edition, old.form_hash) IS NOT (new.form_id, new.form_edition, new.form_hash)
BEGIN {_app_attr("@form", _FORM)} END;

CREATE TRIGGER team_changes_ai AFTER INSERT ON changes WHEN {_ACTIVE} BEGIN
    INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    SELECT 'answer', a.uuid, c.uuid, new.path, new.new, new.new_provenance,
           {_base("a.uuid", "new.path")}, r.at
    FROM applications a LEFT JOIN clients c ON c.id = a.client_id
    JOIN revisions r ON r.app_id = new.app_id AND r.rev = new.rev
    WHERE a.id = new.app_id;
END;

CREATE TRIGGER team_attachments_ai AFTER INSERT ON attachments BEGIN
    UPDATE attachments SET uuid = {UUID} WHERE id = new.id AND uuid IS NULL;
    {_FILE}
END;
CREATE TRIGGER team_attachments_au AFTER UPDATE OF sha256, original_name, media_type, size ON attachments
WHEN {_ACTIVE} BEGIN
    {_FILE}
END;
CREATE TRIGGER team_attachments_ad AFTER DELETE ON attachments WHEN {_ACTIVE} BEGIN
    INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at)
    VALUES ('attachment', old.uuid, NULL, '@file', NULL, 'typed', {_base("old.uuid", "'@file'")},
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
PRAGMA user_version = 4;
"""
