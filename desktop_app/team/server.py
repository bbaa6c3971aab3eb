"""The PostgreSQL side of team sync: connecting, migrating, and the statements a desk sends.

All SQL run against the team server lives here and in sql/*.sql (the SQLite side is in
desktop_app/storage/teamlog.py). Rights are not checked here: PostgreSQL refuses what a member
may not do (roles and row-level security, sql/0001_team.sql), and the refusal becomes `Refused`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from desktop_app import errors

SQL_DIR = Path(__file__).resolve().parent / "sql"
GROUPS = {"lead": "vd_lead", "consultant": "vd_consultant", "reviewer": "vd_reviewer"}
OWNER = "vd_owner"
_PUSH_LOCK = 0x76645F7075  # advisory lock: pushes commit in seq order, so no puller skips one


class TeamError(errors.Refused):
    """A team operation turned away (not a member, a wrong role name, no team on the server)."""


class Offline(TeamError, errors.EnvironmentFault):
    """The server cannot be reached (or went away mid-way): nothing was lost, try later."""

    kind: ClassVar[errors.Kind] = "environment"

    def __init__(self, detail: str) -> None:
        super().__init__(f"팀 서버에 연결할 수 없습니다 ({detail})", f"the team server cannot be reached ({detail})")


class Refused(TeamError):  # a refusal by the database itself
    """PostgreSQL refused the statement for lack of rights (privilege or row-level security)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"팀 서버가 권한이 없어 거부했습니다: {detail}",
                         f"the team server refused it (no rights): {detail}")


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except psycopg.errors.InsufficientPrivilege as exc:
        raise Refused(str(exc).splitlines()[0]) from exc
    except psycopg.OperationalError as exc:
        raise Offline(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


_LOGIN_REFUSED = ("not permitted to log in", "password authentication failed", "no pg_hba.conf entry")


def connect(conninfo: str, password: str | None = None, timeout: int = 5) -> psycopg.Connection[Any]:
    """A connection; a server that answers but refuses the login is a TeamError, not Offline."""
    try:
        with translated():
            kwargs: dict[str, Any] = {"connect_timeout": timeout, "application_name": "voucher-desk"}
            if password is not None:
                kwargs["password"] = password
            return psycopg.connect(conninfo, **kwargs)
    except Offline as exc:
        cause = str(exc.__cause__ or "")
        if any(mark in cause for mark in _LOGIN_REFUSED):
            line = cause.strip().splitlines()[-1] if cause.strip() else cause
            raise TeamError(f"팀 서버가 로그인을 거부했습니다 (팀에서 제외되었거나 초대 코드가 바뀜): {line}",
                            f"the team server refused the login (removed from the team, or a new invite "
                            f"code): {line}") from exc
        raise


# ---- migrations ---------------------------------------------------------------------------------

def migration_files() -> list[tuple[int, str, str]]:
    out = []
    for path in sorted(SQL_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        out.append((int(path.name[:4]), path.stem, path.read_text(encoding="utf-8")))
    return out


def schema_version(conn: psycopg.Connection[Any]) -> int:
    with translated():
        if conn.execute("SELECT to_regclass('team.schema_migrations')").fetchone() == (None,):
            return 0
        row = conn.execute("SELECT coalesce(max(version), 0) FROM team.schema_migrations").fetchone()
        return int(row[0]) if row else 0


def migrate(conn: psycopg.Connection[Any]) -> list[str]:
    """Apply pending team-schema migrations in one transaction, as vd_owner (membership held for
    the migration only). Run by a lead; the group roles must exist (the server's set-up)."""
    user = conn.info.user
    applied: list[str] = []
    with translated(), conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PUSH_LOCK + 1,))
        missing = [r for r in (OWNER, *GROUPS.values())
                   if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (r,)).fetchone()]
        if missing:
            raise TeamError(f"서버에 팀 역할이 없습니다: {', '.join(missing)} (scripts/team-server.sh 참고)",
                            f"the server lacks the team roles {', '.join(missing)} (see scripts/team-server.sh)")
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(OWNER), sql.Identifier(user)))
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS team AUTHORIZATION {}").format(sql.Identifier(OWNER)))
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER)))
        conn.execute("CREATE TABLE IF NOT EXISTS team.schema_migrations (version integer PRIMARY KEY, "
                     "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {r[0] for r in conn.execute("SELECT version FROM team.schema_migrations")}
        for version, name, text in migration_files():
            if version in done:
                continue
            conn.execute(text.encode())
            conn.execute("INSERT INTO team.schema_migrations (version, name) VALUES (%s, %s)", (version, name))
            applied.append(name)
        conn.execute("GRANT SELECT ON team.schema_migrations TO vd_lead, vd_consultant, vd_reviewer")
        conn.execute("RESET ROLE")
        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(OWNER), sql.Identifier(user)))
    return applied


# ---- members --------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    display_name: str
    added_at: str


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise TeamError(f"구성원 이름은 영문 소문자·숫자·_ 2~41자여야 합니다: {name!r}",
                        f"a member name is 2-41 of a-z, 0-9, _ starting with a letter: {name!r}")
    return name


def add_member(conn: psycopg.Connection[Any], name: str, role: str, display_name: str,
               password: str, wrapped: tuple[str, dict[str, Any], str] | None) -> None:
    """Create the login role (only a SCRAM verifier travels), its group, its wrapped team key."""
    if role not in GROUPS:
        raise TeamError(f"알 수 없는 역할: {role} (lead, consultant, reviewer)",
                        f"unknown role {role!r} (allowed: lead, consultant, reviewer)")
    check_name(name)
    verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    with translated(), conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}")
                     .format(sql.Identifier(name), sql.Literal(verifier)))
        if exists:  # a new role replaces the old one: a consultant made reviewer kept vd_consultant,
            # and with it the INSERT grant the reviewer must not have (a tester's INSERT went through)
            for other in GROUPS.values():
                if other != GROUPS[role]:
                    conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(name)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUPS[role]), sql.Identifier(name)))
        conn.execute(sql.SQL("ALTER ROLE {} " + ("CREATEROLE" if role == "lead" else "NOCREATEROLE"))
                     .format(sql.Identifier(name)))
        conn.execute("INSERT INTO team.members (name, role, display_name) VALUES (%s, %s, %s) "
                     "ON CONFLICT (name) DO UPDATE SET role = excluded.role, display_name = excluded.display_name",
                     (name, role, display_name))
        if wrapped is not None:
            key_id, kdf, blob = wrapped
            conn.execute("INSERT INTO team.member_keys (member, key_id, kdf, wrapped) VALUES (%s, %s, %s, %s) "
                         "ON CONFLICT (member) DO UPDATE SET key_id = excluded.key_id, kdf = excluded.kdf, "
                         "wrapped = excluded.wrapped", (name, key_id, json.dumps(kdf), blob))


def remove_member(conn: psycopg.Connection[Any], name: str) -> None:
    """Revoke at the database: the login disabled (NOLOGIN), the group role revoked (so privileges
    and row-level security refuse everything, even with a leaked password), the member row and
    wrapped team key deleted. Their records stay, owned by them, visible to leads.
    The team key itself is not replaced (docs/architecture.md, Team sync: members)."""
    check_name(name)
    if name == conn.info.user:
        raise TeamError("자기 자신은 팀에서 제외할 수 없습니다", "a lead cannot remove themselves")
    with translated(), conn.transaction():
        if conn.execute("SELECT 1 FROM team.members WHERE name = %s", (name,)).fetchone() is None:
            raise TeamError(f"{name}: 팀 구성원이 아닙니다", f"{name} is not a member of this team")
        conn.execute("DELETE FROM team.members WHERE name = %s", (name,))  # member_keys cascade
        conn.execute("DELETE FROM team.leases WHERE holder = %s", (name,))
        for group in GROUPS.values():
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name)))
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(name)))


def members(conn: psycopg.Connection[Any]) -> list[Member]:
    with translated():
        rows = conn.execute("SELECT name, role, display_name, added_at FROM team.members ORDER BY name").fetchall()
        conn.commit()
    return [Member(n, r, d, a.isoformat()) for n, r, d, a in rows]


def member_key(conn: psycopg.Connection[Any], name: str) -> tuple[str, dict[str, Any], str] | None:
    with translated():
        row = conn.execute("SELECT key_id, kdf, wrapped FROM team.member_keys WHERE member = %s",
                           (name,)).fetchone()
        conn.commit()
    return None if row is None else (row[0], row[1], row[2])


def role_of(conn: psycopg.Connection[Any], name: str) -> str | None:
    with translated():
        row = conn.execute("SELECT role FROM team.members WHERE name = %s", (name,)).fetchone()
        conn.commit()
    return None if row is None else str(row[0])


# ---- push and pull ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OutChange:
    change_id: str
    kind: str          # client | application | answer | attachment
    record: str
    client: str | None
    parent: str | None
    path: str
    value: str | None  # JSON text as it goes to the server (sensitive parts team-sealed)
    provenance: str | None
    base: int
    at: str


@dataclass(frozen=True)
class InChange:
    seq: int
    change_id: str
    kind: str
    record: str
    client: str | None
    path: str
    value: str | None
    provenance: str | None
    base: int
    author: str
    machine: str
    at: str


def _record_kind(kind: str) -> str:
    return "application" if kind == "answer" else kind


@dataclass(frozen=True)
class Landed:
    """What a push did: change_id (32 hex digits, no hyphens) → seq for every change given, new
    or not. Every seq in (before, after] was handed out to this push (under the advisory lock),
    so a desk whose cursor is at least `before` may move it to `after`."""

    seqs: dict[str, int]
    before: int
    after: int


_LAST_SEQ = "SELECT pg_sequence_last_value(pg_get_serial_sequence('team.changes', 'seq'))"
"""Every seq handed out so far, by anyone (USAGE on the sequence suffices): exact for a lead, an
upper bound for a consultant, who then moves the cursor this way less often. (A max(seq) would be
filtered by row-level security, which hashes every visible record first.)"""


def _last_seq(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute(_LAST_SEQ).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def push(conn: psycopg.Connection[Any], machine: str, changes: Sequence[OutChange],
         blobs: Iterable[tuple[str, bytes]] = (), images: Iterable[tuple[str, str]] = ()) -> Landed:
    """One transaction: the records (created when new), the blobs, the images' (key, blob)
    entries, the changes (a change already there is skipped)."""
    with translated(), conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PUSH_LOCK,))
        before = _last_seq(conn)
        for sha, content in blobs:
            if conn.execute("SELECT 1 FROM team.blobs WHERE sha256 = %s", (sha,)).fetchone():
                continue  # content-addressed: already there, from anyone
            conn.execute("INSERT INTO team.blobs (sha256, content) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                         (sha, content))
        for key, sha in images:
            conn.execute("INSERT INTO team.images (key, blob) VALUES (%s, %s) ON CONFLICT DO NOTHING", (key, sha))
        if conn.execute("SELECT to_regclass('pg_temp.push_in')").fetchone() == (None,):
            conn.execute("CREATE TEMP TABLE push_in (change_id uuid, kind text, record uuid, client uuid, "
                         "parent uuid, path text, value text, provenance text, base_seq bigint, at timestamptz) "
                         "ON COMMIT DELETE ROWS")
            conn.execute("ALTER TABLE push_in ALTER COLUMN value SET STORAGE EXTERNAL")  # compressed once, later
        with conn.cursor().copy("COPY push_in FROM STDIN") as copy:
            for c in changes:
                copy.write_row((c.change_id, _record_kind(c.kind), c.record, c.client, c.parent, c.path,
                                c.value, c.provenance, c.base, c.at))
        conn.execute("INSERT INTO team.records (uuid, kind, client, parent) "
                     "SELECT DISTINCT ON (record) record, kind, "
                     "CASE WHEN kind = 'client' THEN record ELSE client END, parent FROM push_in "
                     "ORDER BY record ON CONFLICT (uuid) DO NOTHING")
        rows = conn.execute("INSERT INTO team.changes (change_id, record, path, value, provenance, base_seq, "
                            "machine, at) SELECT change_id, record, path, value::json, provenance, base_seq, %s, at "
                            "FROM push_in ORDER BY at, change_id ON CONFLICT (change_id) DO NOTHING "
                            "RETURNING change_id::text, seq", (machine,)).fetchall()
        seqs = {cid.replace("-", ""): int(seq) for cid, seq in rows}
        again = [c.change_id for c in changes if c.change_id.replace("-", "") not in seqs]
        if again:  # sent before (a sync cut short after the server committed): their seqs as they are
            # by the unique index (a join with the unanalysed temp table may scan every change)
            seqs.update((cid.replace("-", ""), int(seq)) for cid, seq in conn.execute(
                "SELECT change_id::text, seq FROM team.changes WHERE change_id = ANY(%s::uuid[])",
                (again,)).fetchall())
        after = _last_seq(conn)
    return Landed(seqs, before, after)


def pull(conn: psycopg.Connection[Any], cursor: int, limit: int, machine: str) -> tuple[list[InChange], int]:
    """The others' changes after `cursor` (this desk's own are left on the server), and how far
    the cursor may move: the last seq returned, or — when fewer than `limit` came — the newest
    visible seq. That is safe because pushes hold an advisory lock while they take sequence
    numbers, so every push still in flight has higher seqs than all committed ones."""
    with translated(), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows = conn.execute(
            "SELECT c.seq, c.change_id::text, r.kind, c.record::text, r.client::text, c.path, c.value::text, "
            "c.provenance, c.base_seq, c.author, c.machine, c.at FROM team.changes c "
            "JOIN team.records r ON r.uuid = c.record WHERE c.seq > %s "
            "AND (c.machine <> %s OR c.author <> current_user) ORDER BY c.seq LIMIT %s",
            (cursor, machine, limit)).fetchall()
        if len(rows) == limit:
            high = int(rows[-1][0])
        else:
            top = conn.execute("SELECT max(seq) FROM team.changes WHERE seq > %s", (cursor,)).fetchone()
            high = int(top[0]) if top and top[0] is not None else cursor
    return [InChange(s, cid, k, rec, cl, p, v, prov, b, au, m, at.isoformat()) for
            s, cid, k, rec, cl, p, v, prov, b, au, m, at in rows], high


def blob(conn: psycopg.Connection[Any], sha: str) -> bytes | None:
    with translated():
        row = conn.execute("SELECT content FROM team.blobs WHERE sha256 = %s", (sha,)).fetchone()
        conn.commit()
    return None if row is None else bytes(row[0])


def image_blob(conn: psycopg.Connection[Any], key: str) -> bytes | None:
    with translated():
        row = conn.execute("SELECT b.content FROM team.images i JOIN team.blobs b ON b.sha256 = i.blob "
                           "WHERE i.key = %s", (key,)).fetchone()
        conn.commit()
    return None if row is None else bytes(row[0])


def has_blob(conn: psycopg.Connection[Any], sha: str) -> bool:
    with translated():
        row = conn.execute("SELECT 1 FROM team.blobs WHERE sha256 = %s", (sha,)).fetchone()
        conn.commit()
    return row is not None


# ---- check-out leases ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Lease:
    app: str
    holder: str
    machine: str
    expires_at: dt.datetime


def take_lease(conn: psycopg.Connection[Any], app: str, machine: str, minutes: int,
               take_over: bool = False) -> tuple[bool, Lease | None]:
    """(taken, the lease now). Not taken: someone else holds an unexpired lease (shown), unless
    `take_over` (asked for first; the database logs it as a take-over)."""
    with translated(), conn.transaction():
        row = conn.execute(
            "INSERT INTO team.leases AS l (app, machine, expires_at) "
            "VALUES (%(app)s, %(m)s, now() + make_interval(mins => %(min)s)) "
            "ON CONFLICT (app) DO UPDATE SET holder = current_user, machine = excluded.machine, "
            "taken_at = CASE WHEN l.holder = current_user THEN l.taken_at ELSE now() END, "
            "expires_at = excluded.expires_at "
            "WHERE l.holder = current_user OR l.expires_at <= now() OR %(over)s "
            "RETURNING app::text, holder, machine, expires_at",
            {"app": app, "m": machine, "min": minutes, "over": take_over}).fetchone()
        if row is not None:
            return True, Lease(*row)
    return False, lease_of(conn, app)


def release_lease(conn: psycopg.Connection[Any], app: str) -> bool:
    """Give back one's own check-out only: a lead's 'unlock' silently ended a colleague's, logged
    without the holder it was taken from (a tester). Taking one over is `take_lease(take_over=True)`."""
    with translated(), conn.transaction():
        cur = conn.execute("DELETE FROM team.leases WHERE app = %s AND holder = current_user", (app,))
    return cur.rowcount > 0


def lease_of(conn: psycopg.Connection[Any], app: str) -> Lease | None:
    with translated():
        row = conn.execute("SELECT app::text, holder, machine, expires_at FROM team.leases "
                           "WHERE app = %s AND expires_at > now()", (app,)).fetchone()
        conn.commit()
    return None if row is None else Lease(*row)


def leases(conn: psycopg.Connection[Any]) -> list[Lease]:
    with translated():
        rows = conn.execute("SELECT app::text, holder, machine, expires_at FROM team.leases "
                            "WHERE expires_at > now()").fetchall()
        conn.commit()
    return [Lease(*r) for r in rows]
