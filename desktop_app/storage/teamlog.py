"""The local tables of team sync (schema in team_schema.py): link, outbox, heads, conflicts.

Only SQLite here; the PostgreSQL statements are in desktop_app/team/server.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.records import utc_now
from desktop_app.storage.team_schema import UUID

SNAPSHOT, SNAPSHOT_SEALED = "*", "*sealed"
_FAST_ID = "lower(hex(randomblob(16)))"  # PostgreSQL reads 32 hex digits as a uuid
"""The path of an application's snapshot change, queued when a desk joins a team: the value is
{"@client", "@form", "@title", "@status", "answers": {path: value}, "provenance": {path: …}}.
It stands for one change of each of those fields, all with the snapshot's seq and base 0.
SNAPSHOT_SEALED carries the same application's sealed answers ({"answers", "provenance"}). An
answer missing from "provenance" has the snapshot's "@provenance" ("typed" when that is absent)."""


@dataclass(frozen=True)
class Link:
    conninfo: str
    member: str
    role: str
    machine: str
    secrets: dict[str, Any]
    cursor: int
    joined_at: str
    last_sync: str | None
    last_error: str | None


@dataclass(frozen=True)
class Pending:
    id: int
    change_id: str
    kind: str
    record: str
    client: str | None
    path: str
    value: str | None
    provenance: str | None
    base: int
    at: str
    local_id: int | None    # the application (answer, application), client or attachment row


@dataclass(frozen=True)
class Conflict:
    record: str
    path: str
    other: str | None
    other_author: str
    other_machine: str
    other_at: str
    seq: int
    found_at: str


def role(db: Database) -> str | None:
    """This desk's team role (None outside a team): one small read, before every change."""
    row = db.execute("SELECT role FROM team_link").fetchone()
    return None if row is None else str(row[0])


def link(db: Database) -> Link | None:
    row = db.execute("SELECT conninfo, member, role, machine, secrets, cursor, joined_at, last_sync, "
                     "last_error FROM team_link").fetchone()
    if row is None:
        return None
    return Link(row[0], row[1], row[2], row[3], json.loads(row[4]), *row[5:])


def save_link(db: Database, conninfo: str, member: str, role: str, machine: str,
              secrets: dict[str, Any]) -> None:
    """Join: the link row, then every existing record queued for the first push."""
    with transaction(db):
        db.execute("DELETE FROM team_link")
        db.execute("INSERT INTO team_link (id, conninfo, member, role, machine, secrets, joined_at) "
                   "VALUES (1, ?, ?, ?, ?, ?, ?)",
                   (conninfo, member, role, machine, json.dumps(secrets), utc_now()))
        _enqueue_all(db)


def unlink(db: Database) -> None:
    with transaction(db):
        for table in ("team_link", "team_outbox", "team_heads", "team_conflicts", "team_leases"):
            db.execute(f"DELETE FROM {table}")


def _enqueue_all(db: Database) -> None:
    """Everything made before joining, as changes with base 0 (triggers only see what follows)."""
    db.execute("DELETE FROM team_outbox")
    db.execute(f"""INSERT INTO team_outbox (change_id, kind, record, client, path, value, provenance, base, at)
        SELECT {UUID}, 'client', c.uuid, c.uuid, k.key, c.profile -> ('$."' || k.key || '"'), 'typed', 0, c.updated_at
        FROM clients c, json_each(c.profile) k ORDER BY c.id""")
    db.execute(f"""INSERT INTO team_outbox (change_id, kind, record, client, path, value, provenance, base, at)
        SELECT {UUID}, 'client', uuid, uuid, '@archived', 'true', 'typed', 0, updated_at
        FROM clients WHERE archived ORDER BY id""")
    # One snapshot per application (its attributes and every answer), not one change per field:
    # a book of 50,000 drafts is ~100,000 server rows instead of ~2.7 million (see SNAPSHOT). The
    # row is queued empty (value NULL) and its JSON assembled when it is read for the push
    # (`outbox`), so joining writes no copy of the book, and pushing deletes small rows. The
    # sealed answers go in a second row (SNAPSHOT_SEALED), the only part the sync must open.
    db.execute(f"""INSERT INTO team_outbox (change_id, kind, record, client, path, value, provenance, base, at)
        SELECT {_FAST_ID}, 'answer', a.uuid, c.uuid, '{SNAPSHOT}', NULL, 'snapshot', 0, a.updated_at
        FROM applications a LEFT JOIN clients c ON c.id = a.client_id ORDER BY a.id""")
    db.execute(f"""INSERT INTO team_outbox (change_id, kind, record, client, path, value, provenance, base, at)
        SELECT {_FAST_ID}, 'answer', a.uuid, c.uuid, '{SNAPSHOT_SEALED}', NULL, 'snapshot', 0, a.updated_at
        FROM applications a LEFT JOIN clients c ON c.id = a.client_id
        WHERE EXISTS (SELECT 1 FROM answers s WHERE s.app_id = a.id AND instr(s.value, '"$sealed"') > 0)
        ORDER BY a.id""")
    db.execute(f"""INSERT INTO team_outbox (change_id, kind, record, client, path, value, provenance, base, at)
        SELECT {UUID}, 'attachment', t.uuid, c.uuid, '@file',
           json_object('app', a.uuid, 'requirement', t.requirement_id, 'sha256', t.sha256,
                       'name', t.original_name, 'media_type', t.media_type, 'size', t.size), 'typed', 0, t.added_at
        FROM attachments t JOIN applications a ON a.id = t.app_id LEFT JOIN clients c ON c.id = a.client_id
        ORDER BY t.id""")


def set_role(db: Database, role: str) -> None:
    """The member's role as the server has it now (a lead may change it at any time)."""
    with transaction(db):
        db.execute("UPDATE team_link SET role = ?", (role,))


def note_sync(db: Database, error: str | None) -> None:
    with transaction(db):
        if error is None:
            db.execute("UPDATE team_link SET last_sync = ?, last_error = NULL", (utc_now(),))
        else:
            db.execute("UPDATE team_link SET last_error = ?", (error,))


# ---- outbox -------------------------------------------------------------------------------------

_LOCAL_ID = """CASE o.kind
    WHEN 'client' THEN (SELECT id FROM clients WHERE uuid = o.record)
    WHEN 'attachment' THEN (SELECT app_id FROM attachments WHERE uuid = o.record)
    ELSE (SELECT id FROM applications WHERE uuid = o.record) END"""


# A field change made after its record's snapshot was known here (pushed by this desk, or pulled:
# a record that came in a snapshot cannot have been edited here before) had seen that snapshot,
# though the field's own head (what the outbox trigger read) may be older or missing.
_BASE = f"""CASE WHEN o.path IN ('{SNAPSHOT}', '{SNAPSHOT_SEALED}') THEN o.base ELSE max(o.base, coalesce(
    (SELECT max(seq) FROM team_heads h WHERE h.record = o.record AND h.path IN ('{SNAPSHOT}', '{SNAPSHOT_SEALED}')),
    0)) END"""
_SEALED = "instr(value, '\"$sealed\"') > 0"
# "@provenance" is the application's most common provenance; "provenance" lists only the answers
# that differ from it (a quarter of a snapshot's bytes were the same word repeated).
_SNAPSHOT_SQL = f"""WITH d(id, usual) AS MATERIALIZED (
        SELECT j.value, coalesce((SELECT provenance FROM answers WHERE app_id = j.value GROUP BY provenance
                                  ORDER BY count(*) DESC, provenance LIMIT 1), 'typed') FROM json_each(?1) j)
    SELECT a.id AS id,
    '{{"@client":' || coalesce(json_quote(c.uuid), 'null')
    || ',"@form":' || json_object('id', a.form_id, 'edition', a.form_edition, 'hash', a.form_hash)
    || ',"@title":' || json_quote(a.title) || ',"@status":' || json_quote(a.status)
    || ',"@provenance":' || json_quote(d.usual) || ',"answers":{{'
    || coalesce((SELECT group_concat(json_quote(path) || ':' || value, ',') FROM answers
                 WHERE app_id = a.id AND NOT {_SEALED}), '')
    || '}},"provenance":{{'
    || coalesce((SELECT group_concat(json_quote(path) || ':' || json_quote(provenance), ',') FROM answers
                 WHERE app_id = a.id AND provenance <> d.usual), '')
    || '}}}}' AS text
    FROM d JOIN applications a ON a.id = d.id LEFT JOIN clients c ON c.id = a.client_id"""
_SEALED_SQL = f"""SELECT app_id AS id,
    '{{"answers":{{' || coalesce(group_concat(json_quote(path) || ':' || value, ','), '')
    || '}},"provenance":{{' || coalesce(group_concat(json_quote(path) || ':' || json_quote(provenance), ','), '')
    || '}}}}' AS text FROM answers WHERE app_id IN (SELECT value FROM json_each(?1)) AND {_SEALED} GROUP BY app_id"""


def _one_step(db: Database, query: str, *args: Any) -> dict[int, str]:
    """{id: text} of a query of (id, text) rows, fetched as one aggregated text. While a push is
    on the wire its thread holds the GIL in turns, and a row-by-row fetch waits for it at every
    row (five times slower); one SQLite step waits once. The separators (ASCII 30 and 31) cannot
    occur in the texts: they are JSON, which keeps control characters escaped."""
    found = db.execute(f"SELECT count(*), group_concat(id || char(31) || text, char(30)) FROM ({query})",
                       args).fetchone()
    if not found[0]:
        return {}
    out = {}
    for part in str(found[1]).split("\x1e"):
        key, sep, text = part.partition("\x1f")
        out[int(key)] = text
    if len(out) != found[0] or not sep:
        raise ValueError("team outbox: a snapshot text held a separator")  # valid JSON never does
    return out


def outbox(db: Database, limit: int, held: Iterable[str] = (), after: int = 0) -> list[Pending]:
    """The next queued changes (oldest first) after row `after`, leaving out `held` records.
    A snapshot queued empty gets its JSON now, from the application as it is (text assembled
    by SQLite from the stored answers, which are valid JSON already: nothing is parsed here).
    Each part is fetched in one step (see _one_step)."""
    held = list(held)
    skip = f"AND o.record NOT IN ({', '.join('?' * len(held))})" if held else ""
    batch = db.execute(
        f"SELECT json_group_array(json_array(o.id, o.change_id, o.kind, o.record, o.client, o.path, o.value, "
        f"o.provenance, {_BASE}, o.at, {_LOCAL_ID})) FROM (SELECT * FROM team_outbox o WHERE o.id > ? {skip} "
        f"ORDER BY o.id LIMIT ?) o", (after, *held, limit)).fetchone()[0]
    rows = sorted((Pending(*r) for r in json.loads(batch)), key=lambda r: r.id)
    empty = {p: [r.local_id for r in rows if r.path == p and r.value is None and r.local_id is not None]
             for p in (SNAPSHOT, SNAPSHOT_SEALED)}
    if not empty[SNAPSHOT] and not empty[SNAPSHOT_SEALED]:
        return rows
    built = {SNAPSHOT: _one_step(db, _SNAPSHOT_SQL, json.dumps(empty[SNAPSHOT])) if empty[SNAPSHOT] else {},
             SNAPSHOT_SEALED: _one_step(db, _SEALED_SQL, json.dumps(empty[SNAPSHOT_SEALED]))
             if empty[SNAPSHOT_SEALED] else {}}
    empty_sealed = '{"answers":{},"provenance":{}}'  # its sealed answers were cleared since joining
    return [replace(r, value=built[r.path].get(r.local_id, empty_sealed if r.path == SNAPSHOT_SEALED else None))
            if r.path in built and r.value is None and r.local_id is not None else r for r in rows]


def outbox_count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM team_outbox").fetchone()[0])


def pushed(db: Database, done: Iterable[tuple[Pending, int]], member: str, machine: str,
           cursor: int | None = None) -> None:
    """The server has these (change, seq): out of the outbox, and the field heads move on (and
    the pull cursor, when the server said nobody else's change lies below it)."""
    done = list(done)
    with transaction(db):
        if cursor is not None:
            set_cursor(db, cursor)
        db.conn.executemany("DELETE FROM team_outbox WHERE id = ?", [(c.id,) for c, _ in done])
        # a change made after seeing the value kept aside settles that conflict here too, as
        # applying it settles it on the other desks (one desk kept it: a tester's 3 against 2)
        db.conn.executemany("DELETE FROM team_conflicts WHERE record = ? AND path = ? AND seq <= ?",
                            [(c.record, c.path, c.base) for c, _ in done])
        db.conn.executemany(
            "INSERT INTO team_heads (record, path, seq, base, author, machine, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record, path) DO UPDATE SET seq = excluded.seq, "
            "base = excluded.base, author = excluded.author, machine = excluded.machine, at = excluded.at "
            "WHERE excluded.seq > team_heads.seq",
            [(c.record, c.path, seq, c.base, member, machine, c.at) for c, seq in done])


def queue(db: Database, kind: str, record: str, client: str | None, path: str, value: str | None,
          provenance: str) -> None:
    """An explicit change (a conflict resolved to the value already shown)."""
    db.execute("INSERT INTO team_outbox (kind, record, client, path, value, provenance, base, at) "
               "VALUES (?, ?, ?, ?, ?, ?, coalesce((SELECT seq FROM team_heads WHERE record = ? AND path = ?), 0), ?)",
               (kind, record, client, path, value, provenance, record, path, utc_now()))


# ---- applying pulled changes -------------------------------------------------------------------

@contextmanager
def applying(db: Database) -> Iterator[None]:
    """One transaction in which the outbox triggers stay quiet (the changes are not ours)."""
    with transaction(db):
        db.execute("INSERT INTO team_applying (id) VALUES (1)")
        try:
            yield
        finally:
            db.execute("DELETE FROM team_applying")


@dataclass(frozen=True)
class Head:
    seq: int
    base: int
    author: str
    machine: str
    at: str


def head(db: Database, record: str, path: str, snapshots: bool = True) -> Head | None:
    """The field's newest known change: its own, or the record's snapshot when that is newer.
    A field of a snapshot is weighed against the field's own head only (`snapshots=False`): the
    record's other snapshot row (plain / sealed, same join) is a sibling, not an earlier edit."""
    paths = (path, SNAPSHOT, SNAPSHOT_SEALED) if snapshots else (path, path, path)
    row = db.execute("SELECT seq, base, author, machine, at FROM team_heads WHERE record = ? AND path IN (?, ?, ?) "
                     "ORDER BY seq DESC LIMIT 1", (record, *paths)).fetchone()
    return None if row is None else Head(int(row[0]), int(row[1]), row[2], row[3], row[4])


def set_head(db: Database, record: str, path: str, h: Head) -> None:
    db.execute("INSERT INTO team_heads (record, path, seq, base, author, machine, at) VALUES (?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (record, path) DO UPDATE SET seq = excluded.seq, base = excluded.base, "
               "author = excluded.author, machine = excluded.machine, at = excluded.at",
               (record, path, h.seq, h.base, h.author, h.machine, h.at))


def pending_base(db: Database, record: str, path: str) -> int | None:
    """The oldest base among this field's unpushed changes; None when there are none."""
    row = db.execute("SELECT min(base) FROM team_outbox WHERE record = ? AND path = ?", (record, path)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def set_cursor(db: Database, cursor: int) -> None:
    db.execute("UPDATE team_link SET cursor = ? WHERE cursor < ?", (cursor, cursor))


def add_conflict(db: Database, record: str, path: str, other: str | None, author: str, machine: str,
                 at: str, seq: int) -> None:
    db.execute("INSERT INTO team_conflicts (record, path, other, other_author, other_machine, other_at, seq, "
               "found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record, path) DO UPDATE SET "
               "other = excluded.other, other_author = excluded.other_author, other_machine = excluded.other_machine, "
               "other_at = excluded.other_at, seq = excluded.seq, found_at = excluded.found_at",
               (record, path, other, author, machine, at, seq, utc_now()))


def clear_conflict(db: Database, record: str, path: str) -> None:
    db.execute("DELETE FROM team_conflicts WHERE record = ? AND path = ?", (record, path))


def conflicts(db: Database, record: str | None = None) -> list[Conflict]:
    where, args = ("WHERE record = ?", (record,)) if record else ("", ())
    rows = db.execute(f"SELECT record, path, other, other_author, other_machine, other_at, seq, found_at "
                      f"FROM team_conflicts {where} ORDER BY record, path", args).fetchall()
    return [Conflict(*r) for r in rows]


def id_of(db: Database, table: str, uuid: str) -> int | None:
    assert table in ("clients", "applications", "attachments")
    row = db.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    return None if row is None else int(row[0])


def uuid_of(db: Database, table: str, local_id: int) -> str:
    assert table in ("clients", "applications", "attachments")
    return str(db.execute(f"SELECT uuid FROM {table} WHERE id = ?", (local_id,)).fetchone()[0])


def new_client(db: Database, uuid: str) -> int:
    now = utc_now()
    row = db.execute("INSERT INTO clients (name, profile, created_at, updated_at, uuid) VALUES ('', '{}', ?, ?, ?) "
                     "RETURNING id", (now, now, uuid)).fetchone()
    return int(row[0])


def new_application(db: Database, uuid: str) -> int:
    """A placeholder row, filled by the @form/@title/@status/@client changes of the same pull."""
    now = utc_now()
    row = db.execute("INSERT INTO applications (title, form_id, form_edition, form_hash, created_at, updated_at, "
                     "uuid) VALUES ('', '', '', '', ?, ?, ?) RETURNING id", (now, now, uuid)).fetchone()
    return int(row[0])


def set_app_attr(db: Database, app_id: int, attr: str, value: Any) -> None:
    if attr == "@title":
        db.execute("UPDATE applications SET title = ? WHERE id = ?", (str(value or ""), app_id))
    elif attr == "@status":
        db.execute("UPDATE applications SET status = ? WHERE id = ?", (str(value), app_id))
    elif attr == "@client":
        client = id_of(db, "clients", str(value)) if value else None
        if value and client is None:
            client = new_client(db, str(value))
        db.execute("UPDATE applications SET client_id = ? WHERE id = ?", (client, app_id))
    elif attr == "@form" and isinstance(value, dict):
        db.execute("UPDATE applications SET form_id = ?, form_edition = ?, form_hash = ? WHERE id = ?",
                   (value.get("id", ""), value.get("edition", ""), value.get("hash", ""), app_id))


def set_archived(db: Database, client_id: int, archived: bool) -> None:
    db.execute("UPDATE clients SET archived = ? WHERE id = ?", (int(archived), client_id))


def attachment_put(db: Database, uuid: str, app_id: int, meta: dict[str, Any]) -> None:
    existing = id_of(db, "attachments", uuid)
    args = (meta["requirement"], meta["sha256"], meta["name"], meta["media_type"], int(meta["size"]))
    if existing is None:
        db.execute("INSERT INTO attachments (app_id, requirement_id, sha256, original_name, media_type, size, "
                   "added_at, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (app_id, *args, utc_now(), uuid))
    else:
        db.execute("UPDATE attachments SET requirement_id = ?, sha256 = ?, original_name = ?, media_type = ?, "
                   "size = ? WHERE id = ?", (*args, existing))


def attachment_remove(db: Database, uuid: str) -> None:
    db.execute("DELETE FROM attachments WHERE uuid = ?", (uuid,))


def save_leases(db: Database, leases: Iterable[tuple[str, str, str, str]], synced: bool = False) -> None:
    """The check-outs as just seen (written only when they changed) and, when `synced`, the time
    of this successful sync — one transaction, since every commit is a disk flush."""
    leases = sorted(leases)
    known = sorted(tuple(r) for r in db.execute("SELECT app, holder, machine, expires_at FROM team_leases"))
    if leases == known and not synced:
        return
    with transaction(db):
        if leases != known:
            db.execute("DELETE FROM team_leases")
            db.conn.executemany("INSERT INTO team_leases (app, holder, machine, expires_at) VALUES (?, ?, ?, ?)",
                                leases)
        if synced:
            db.execute("UPDATE team_link SET last_sync = ?, last_error = NULL", (utc_now(),))


def lease_of(db: Database, app_uuid: str) -> tuple[str, str, str] | None:
    row = db.execute("SELECT holder, machine, expires_at FROM team_leases WHERE app = ? AND expires_at > ?",
                     (app_uuid, utc_now())).fetchone()
    return None if row is None else (row[0], row[1], row[2])
