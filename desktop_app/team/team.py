"""What the CLI and the window call: `Team(desk)` → init, join, status, sync, lock, unlock,
members, conflicts, resolve. A Team belongs to the thread of its Desk (like the Desk)."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any

from desktop_app.security.aead import DataKey
from desktop_app.storage import teamlog
from desktop_app.storage.connection import transaction
from desktop_app.storage.location import Location
from desktop_app.storage.records import decode, encode
from desktop_app.team import crypto, server
from desktop_app.team.sync import Report, Syncer, iso, seal_secrets

LEASE_MINUTES = 120

if False:  # pragma: no cover - typing only, without importing the service at module load
    from desktop_app.service.desk import Desk


@dataclass(frozen=True)
class Status:
    joined: bool
    member: str = ""
    role: str = ""
    server: str = ""
    waiting: int = 0
    conflicts: int = 0
    last_sync: str | None = None
    last_error: str | None = None

    @property
    def read_only(self) -> bool:
        """A reviewer reads everything and changes nothing (the database refuses their writes)."""
        return self.role == "reviewer"


@dataclass(frozen=True)
class Invite:
    member: str
    role: str
    code: str


class BackgroundSyncWaits(server.TeamError):
    """The window cannot sync in the background now, and says why (no key to open the team key)."""


def background_key(desk: Desk) -> tuple[str, DataKey] | None:
    """The data key a background sync's own Desk is given: the window's, when it holds it (a
    passphrase typed in the window is never asked again by a worker). None: the worker opens
    it itself (an OS keyring, or VOUCHER_DESK_PASSPHRASE). Raises BackgroundSyncWaits when
    neither can work, saying what would make it work."""
    from desktop_app.security.passphrase import ENV

    vault = desk.vault.status()
    if vault.locked:
        raise BackgroundSyncWaits("화면이 잠겨 있어 팀 동기화를 쉽니다 (잠금을 풀면 이어서 합니다)",
                                  "the window is locked: team sync resumes once it is unlocked")
    if vault.unlocked:
        return vault.key_id, desk.vault.key()
    if vault.mode == "passphrase" and not os.environ.get(ENV):
        raise BackgroundSyncWaits(
            "팀 동기화에 이 컴퓨터의 암호가 필요합니다: 민감 정보를 한 번 열어 암호를 입력하거나 "
            f"{ENV}를 설정하세요 (OS 키링이 없는 컴퓨터)",
            "team sync needs this computer's passphrase: open a sensitive value once and type it, or set "
            f"{ENV} (no OS keyring on this machine)")
    return None


def sync_in_own_desk(location: Location, key: tuple[str, DataKey] | None) -> Report:
    """A background sync on a Desk of its own (the window's Desk stays on its thread)."""
    from desktop_app.security.errors import KeyUnavailable
    from desktop_app.service.desk import Desk

    with Desk.open(location, auto_backup=False) as desk:
        if key is not None and desk.vault.status().key_id == key[0]:
            desk.vault.opened(key)
        try:
            return Team(desk).sync()
        except KeyUnavailable as exc:
            raise BackgroundSyncWaits(f"이 컴퓨터의 데이터 키를 열 수 없어 팀 동기화를 못 합니다: {exc}",
                                      f"team sync cannot open this computer's data key: {exc}") from exc


def machine_name() -> str:
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:6]}"


def _conninfo_without_password(conninfo: str) -> str:
    import psycopg.conninfo

    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    params.pop("password", None)
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


class Team:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.db = desk.store.db

    # ---- joining --------------------------------------------------------------------------------
    def init(self, conninfo: str, password: str, display_name: str = "") -> Invite:
        """The lead's first step: the team schema on the server, a new team key, this desk joined.
        Returns the lead's own recovery code (opens the team key from another machine)."""
        conn = server.connect(conninfo, password)
        try:
            server.migrate(conn)
            user = conn.info.user
            key, key_id, code = DataKey.generate(), uuid.uuid4().hex, crypto.new_invite_code()
            kdf, wrapped = crypto.wrap(key, key_id, user, code)
            with server.translated(), conn.transaction():
                conn.execute("INSERT INTO team.members (name, role, display_name) VALUES (%s, 'lead', %s) "
                             "ON CONFLICT (name) DO NOTHING", (user, display_name))
                if conn.execute("SELECT 1 FROM team.member_keys").fetchone():
                    raise server.TeamError("이 서버에는 이미 팀이 있습니다: 'team join'을 쓰세요",
                                           "this server already has a team: use 'team join'")
                import json

                conn.execute("INSERT INTO team.member_keys (member, key_id, kdf, wrapped) VALUES (%s, %s, %s, %s)",
                             (user, key_id, json.dumps(kdf), wrapped))
        finally:
            conn.close()
        self._link(conninfo, user, "lead", key, key_id, password)
        return Invite(user, "lead", code)

    def join(self, conninfo: str, member: str, code: str, password: str | None = None) -> str:
        """A member's step: log in with the invite code, unwrap the team key, queue everything.
        `password`: a lead's own server password (the lead's login is the one the administrator
        set, not derived from a code), so a lead on a new machine rejoins with the recovery code
        `team init` printed plus that password (it was refused: a tester)."""
        password = password or crypto.login_password(code)
        params = f"{conninfo} user={member}" if "user=" not in conninfo else conninfo
        conn = server.connect(params, password)
        try:
            found = server.member_key(conn, member)
            role = server.role_of(conn, member)
        finally:
            conn.close()
        if found is None or role is None:
            raise server.TeamError(f"{member}: 팀 구성원이 아닙니다", f"{member} is not a member of this team")
        key_id, kdf, wrapped = found
        key = crypto.unwrap(kdf, wrapped, key_id, member, code)
        self._link(params, member, role, key, key_id, password)
        return role

    def _link(self, conninfo: str, member: str, role: str, key: DataKey, key_id: str, password: str) -> None:
        self.desk.sealer.ensure()
        secrets = seal_secrets(self.desk.vault.key(), key, key_id, password)
        teamlog.save_link(self.db, _conninfo_without_password(conninfo), member, role, machine_name(), secrets)

    def leave(self) -> None:
        teamlog.unlink(self.db)

    # ---- members (a lead) -----------------------------------------------------------------------
    def add_member(self, name: str, role: str, display_name: str = "") -> Invite:
        syncer = Syncer(self.desk)
        code = crypto.new_invite_code()
        key_id = syncer.link.secrets["key_id"]
        kdf, wrapped = crypto.wrap(syncer.team_key, key_id, name, code)
        with syncer.connect() as conn:
            server.add_member(conn, name, role, display_name, crypto.login_password(code), (key_id, kdf, wrapped))
        return Invite(name, role, code)

    def remove_member(self, name: str) -> None:
        """A lead's step: the member's database login and rights revoked (server.remove_member)."""
        with Syncer(self.desk).connect() as conn:
            server.remove_member(conn, name)

    def members(self) -> list[server.Member]:
        with Syncer(self.desk).connect() as conn:
            return server.members(conn)

    # ---- state and sync -------------------------------------------------------------------------
    def status(self) -> Status:
        link = teamlog.link(self.db)
        if link is None:
            return Status(False)
        return Status(True, link.member, link.role, link.conninfo, teamlog.outbox_count(self.db),
                      len(teamlog.conflicts(self.db)), link.last_sync, link.last_error)

    def sync(self, **kwargs: Any) -> Report:
        return Syncer(self.desk).sync(**kwargs)

    # ---- check-out ------------------------------------------------------------------------------
    def _app_uuid(self, app_id: int) -> str:
        self.desk.apps.get(app_id)  # NotFound for a wrong id
        return teamlog.uuid_of(self.db, "applications", app_id)

    def lock(self, app_id: int, take_over: bool = False, minutes: int = LEASE_MINUTES
             ) -> tuple[bool, server.Lease | None]:
        """Check the application out. Not taken → the lease shows who holds it until when."""
        if teamlog.role(self.db) == "reviewer":  # said plainly, not as PostgreSQL's "permission denied"
            raise server.TeamError("검토자 역할은 신청서를 체크아웃할 수 없습니다(읽기 전용)",
                                   "the reviewer role cannot check applications out (read-only)")
        syncer = Syncer(self.desk)
        app = self._app_uuid(app_id)
        with syncer.connect() as conn:
            # the record must exist on the server before it can be leased
            syncer.push(conn, Report(), 2000)
            taken, lease = server.take_lease(conn, app, syncer.link.machine, minutes, take_over)
            syncer.refresh_leases(conn)
        return taken, lease

    def unlock(self, app_id: int) -> bool:
        syncer = Syncer(self.desk)
        with syncer.connect() as conn:
            released = server.release_lease(conn, self._app_uuid(app_id))
            syncer.refresh_leases(conn)
        return released

    def holder(self, app_id: int) -> tuple[str, str, str] | None:
        """(member, machine, until) of a check-out by someone else, as last seen; None when free."""
        link = teamlog.link(self.db)
        if link is None:
            return None
        found = teamlog.lease_of(self.db, self._app_uuid(app_id))
        return found if found and found[0] != link.member else None

    # ---- conflicts ------------------------------------------------------------------------------
    def conflicts(self, app_id: int | None = None) -> list[teamlog.Conflict]:
        record = self._app_uuid(app_id) if app_id is not None else None
        return teamlog.conflicts(self.db, record)

    def other_value(self, app_id: int, conflict: teamlog.Conflict) -> Any:
        """The value not shown, opened (sealed answers are sealed here too)."""
        value = decode(conflict.other)
        return self.desk.sealer.open_for_display(app_id, conflict.path, value)

    def resolve(self, app_id: int, path: str, keep: str) -> None:
        """keep='shown': the value in the editor stays; keep='other': the kept one replaces it.
        Either way a change goes out whose base is the newest seq, which clears it everywhere."""
        record = self._app_uuid(app_id)
        found = [c for c in teamlog.conflicts(self.db, record) if c.path == path]
        if not found:
            return
        if keep == "other":
            value = decode(found[0].other)
            opened = self.desk.sealer.open_value(app_id, path, value) if value is not None else None
            self.desk.apps.save(app_id, path, opened)
        with transaction(self.db):
            if keep == "shown":
                row = self.db.execute("SELECT value, provenance FROM answers WHERE app_id = ? AND path = ?",
                                      (app_id, path)).fetchone()
                client = self.db.execute("SELECT c.uuid FROM applications a LEFT JOIN clients c "
                                         "ON c.id = a.client_id WHERE a.id = ?", (app_id,)).fetchone()[0]
                teamlog.queue(self.db, "answer", record, client, path, row[0] if row else None,
                              row[1] if row else "typed")
            teamlog.clear_conflict(self.db, record, path)


__all__ = ["Invite", "Status", "Team", "encode", "iso"]
