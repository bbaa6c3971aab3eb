"""One desk ↔ the team server: pull the others' changes since the cursor, then push the outbox.

Order and crash safety: a pulled batch is applied and the cursor moved in one SQLite transaction;
a pushed batch is one PostgreSQL transaction, and only after it committed do its rows leave the
outbox. A crash between the two re-sends the same change ids, which the server skips (ON CONFLICT
DO NOTHING) while still reporting their seq: nothing is lost and nothing doubled.

Conflicts (per field, decided the same way on every desk from server sequence numbers): a change
that was made without having seen the field's newer value (its base is older than that value's
seq) conflicts with it when the two values differ. The newer one (higher seq, or a local change
not pushed yet, which will get a higher seq) is shown; the other is kept in team_conflicts, with
its author, machine and time, until someone picks one. A pick is a normal change whose base is
the newest seq, so on the other desks it clears the conflict.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.security import fields as sealed
from desktop_app.security.aead import DataKey
from desktop_app.service import images
from desktop_app.storage import blobs, changelog, teamlog
from desktop_app.storage import clients as client_rows
from desktop_app.storage.connection import transaction
from desktop_app.storage.records import decode, encode
from desktop_app.storage.schema import PROVENANCES
from desktop_app.team import crypto, server

if TYPE_CHECKING:
    import psycopg

    from desktop_app.service.desk import Desk

BATCH = int(os.environ.get("VOUCHER_DESK_TEAM_BATCH", "2000"))
SAVE_EVERY = 10 * BATCH  # pushed changes recorded locally per SQLite commit (at most)
_SECRET_AD = b"voucher-desk/team-secrets/v1"
SNAPSHOTS = (teamlog.SNAPSHOT, teamlog.SNAPSHOT_SEALED)
_IMAGES_SINCE = 4  # team migration 0004_images
_IMAGE = re.compile(r"images/[0-9a-f]{64}\.(?:png|jpe?g)")  # as service.images names a kept image


@dataclass
class Report:
    pulled: int = 0
    pushed: int = 0
    conflicts: int = 0
    held: list[str] = field(default_factory=list)   # applications checked out by someone else
    read_only: bool = False  # a reviewer: nothing pushed (the database would refuse it), all pulled


def seal_secrets(local: DataKey, team_key: DataKey, key_id: str, password: str) -> dict[str, Any]:
    blob = json.dumps({"team_key": base64.b64encode(team_key.raw).decode(), "password": password})
    return {"key_id": key_id, "sealed": sealed.seal_value(local, blob, _SECRET_AD)}


def open_secrets(local: DataKey, secrets: dict[str, Any]) -> tuple[DataKey, str]:
    data = json.loads(sealed.open_value(local, secrets["sealed"], _SECRET_AD))
    return DataKey(base64.b64decode(data["team_key"])), str(data["password"])


def iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Syncer:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.db = desk.store.db
        link = teamlog.link(self.db)
        if link is None:
            raise server.TeamError("이 데스크는 팀에 가입하지 않았습니다 ('team join')",
                                   "this desk has not joined a team ('team join')")
        self.link = link
        self._keys: tuple[DataKey, str] | None = None
        self._images = True  # the server has team.images (checked at each sync)

    # ---- keys and connection -------------------------------------------------------------------
    def _secrets(self) -> tuple[DataKey, str]:
        if self._keys is None:
            self._keys = open_secrets(self.desk.vault.key(), self.link.secrets)
        return self._keys

    @property
    def team_key(self) -> DataKey:
        return self._secrets()[0]

    def connect(self) -> psycopg.Connection[Any]:
        return server.connect(self.link.conninfo, self._secrets()[1])

    # ---- the whole round -----------------------------------------------------------------------
    def sync(self, conn: psycopg.Connection[Any] | None = None, *, batch: int = BATCH,
             on_batch: Callable[[str, int], None] | None = None) -> Report:
        report = Report()
        own = conn is None
        try:
            conn = conn or self.connect()
            try:
                self._check_role(conn)
                self._check_schema(conn)
                self.pull(conn, report, batch, on_batch)
                if self.link.role == "reviewer":
                    report.read_only = True  # local edits stay queued, shown as waiting
                else:
                    self.push(conn, report, batch, on_batch)
                self.refresh_leases(conn, synced=True)
            finally:
                if own:
                    conn.close()
        except server.TeamError as exc:
            teamlog.note_sync(self.db, str(exc))
            raise
        return report

    def _check_role(self, conn: psycopg.Connection[Any]) -> None:
        """The role as the server has it now; a member removed by a lead is told so."""
        role = server.role_of(conn, self.link.member)
        if role is None:
            raise server.TeamError(f"{self.link.member}: 팀에서 제외되었습니다 (이 데스크의 자료는 그대로 있습니다)",
                                   f"{self.link.member} was removed from the team (this desk keeps its data)")
        if role != self.link.role:
            teamlog.set_role(self.db, role)
            self.link = replace(self.link, role=role)

    def _check_schema(self, conn: psycopg.Connection[Any]) -> None:
        """A lead's sync brings the team schema up to this program's version (a team made by an
        older one); other members use what the server has (images need version 4)."""
        version = server.schema_version(conn)
        conn.commit()  # the pull sets its own isolation level at the start of a transaction
        latest = max(v for v, _name, _text in server.migration_files())
        if version < latest and self.link.role == "lead":
            server.migrate(conn)
            version = latest
        self._images = version >= _IMAGES_SINCE

    def refresh_leases(self, conn: psycopg.Connection[Any], synced: bool = False) -> None:
        teamlog.save_leases(self.db, [(x.app, x.holder, x.machine, iso(x.expires_at))
                                      for x in server.leases(conn)], synced)

    # ---- push ----------------------------------------------------------------------------------
    def push(self, conn: psycopg.Connection[Any], report: Report, batch: int,
             on_batch: Callable[[str, int], None] | None = None) -> None:
        held = [x.app for x in server.leases(conn) if x.holder != self.link.member]
        report.held = held
        if not teamlog.outbox(self.db, 1, held):
            return
        # Two stages overlap: while PostgreSQL takes batch N (on a worker thread; the connection
        # is used by one thread at a time), this thread reads and seals batch N+1. Batch N leaves
        # the outbox only after its transaction committed, here, on the Desk's own thread — a few
        # batches per SQLite commit (each commit is a flush; a crash in between only re-sends
        # what the server already has, which it skips).
        self._unsaved: list[tuple[teamlog.Pending, int]] = []
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="team-push") as pool:
                flight: tuple[list[teamlog.Pending], Future[server.Landed]] | None = None
                after = 0
                while rows := teamlog.outbox(self.db, batch, held, after=after):
                    after = rows[-1].id
                    out, files, pictures = [], [], []
                    for row in rows:
                        value, file = self._outgoing(row)
                        out.append(server.OutChange(row.change_id, row.kind, row.record, row.client,
                                                    None, row.path, value, row.provenance, row.base, row.at))
                        if file is not None:
                            files.append(file)
                        if self._images and row.value is not None and images.PREFIX in row.value:
                            for key, blob in self._images_of(row.value):
                                files.append(blob)
                                pictures.append((key, blob[0]))
                    if flight is not None:
                        self._landed(*flight, report, on_batch)
                    flight = rows, pool.submit(server.push, conn, self.link.machine, out, files, pictures)
                if flight is not None:
                    self._landed(*flight, report, on_batch)
        finally:
            self._save_landed()  # what the server has, even when a later batch failed

    def _landed(self, rows: list[teamlog.Pending], pushed: Future[server.Landed], report: Report,
                on_batch: Callable[[str, int], None] | None) -> None:
        landed = pushed.result()  # raises what the push raised (Offline, Refused): rows stay queued
        self._unsaved += [(r, landed.seqs[r.change_id.replace("-", "")]) for r in rows]
        # Nothing of anyone else's lies between the cursor and this batch: the cursor moves past
        # it, so the next pull does not walk over our own changes (which it would skip anyway).
        if landed.before <= self.link.cursor < landed.after:
            self.link = replace(self.link, cursor=landed.after)
        if len(self._unsaved) >= SAVE_EVERY:
            self._save_landed()
        report.pushed += len(rows)
        if on_batch:
            on_batch("push", report.pushed)

    def _save_landed(self) -> None:
        if self._unsaved:
            teamlog.pushed(self.db, self._unsaved, self.link.member, self.link.machine, self.link.cursor)
            self._unsaved = []

    def _images_of(self, text: str) -> list[tuple[str, tuple[str, bytes]]]:
        """The seal and signature images a value names (images/<sha256>.<ext>) that this desk
        holds: (server key, (blob sha, sealed bytes)) each, content-addressed like attachments."""
        out = []
        for name in set(_IMAGE.findall(text)):
            path = Path(images.resolve(self.desk.location.root, name))
            if path.is_file():
                content = crypto.seal_blob(self.team_key, path.read_bytes())
                out.append((crypto.image_key(self.team_key, name),
                            (hashlib.sha256(content).hexdigest(), content)))
        return out

    def _image(self, name: str) -> None:
        """An image a pulled answer names, fetched when this desk lacks it. One the server lacks
        too (its desk had lost the file) is left missing: the check names the field."""
        if not self._images or Path(images.resolve(self.desk.location.root, name)).is_file():
            return
        with server.connect(self.link.conninfo, self._secrets()[1]) as conn:
            content = server.image_blob(conn, crypto.image_key(self.team_key, name))
        if content is not None:
            images.store_bytes(self.desk.location.root, name, crypto.open_blob(self.team_key, content))

    def _outgoing(self, row: teamlog.Pending) -> tuple[str | None, tuple[str, bytes] | None]:
        """The value as the server may see it: locally sealed parts opened and team-sealed whole."""
        if row.value is None:
            return None, None
        if row.kind != "attachment" and '"$sealed"' not in row.value:
            return row.value, None  # nothing sealed inside: the text goes as it is (no parse)
        value = decode(row.value)
        if row.path in SNAPSHOTS and row.local_id is not None:
            answers = value.get("answers") or {}
            for path, answer in answers.items():
                if sealed.is_sealed(answer):  # bytes to bytes: no JSON parse and dump per value
                    raw = self.desk.sealer.open_bytes(row.local_id, path, answer)
                    answers[path] = crypto.seal_bytes(self.team_key, raw, row.record, path)
                elif sealed.contains_sealed(answer):
                    plain = self.desk.sealer.open_value(row.local_id, path, answer)
                    answers[path] = crypto.seal(self.team_key, plain, row.record, path)
            return encode(value), None
        if row.kind == "answer" and sealed.is_sealed(value) and row.local_id is not None:
            raw = self.desk.sealer.open_bytes(row.local_id, row.path, value)
            return encode(crypto.seal_bytes(self.team_key, raw, row.record, row.path)), None
        if row.kind == "answer" and sealed.contains_sealed(value) and row.local_id is not None:
            plain = self.desk.sealer.open_value(row.local_id, row.path, value)
            return encode(crypto.seal(self.team_key, plain, row.record, row.path)), None
        if row.kind == "client" and sealed.is_sealed(value) and row.local_id is not None:
            plain = sealed.open_value(self.desk.vault.key(), value, sealed.profile_ad(row.local_id, row.path))
            return encode(crypto.seal(self.team_key, plain, row.record, row.path)), None
        if row.kind == "attachment":
            data = blobs.path_of(self.desk.location.attachments, value["sha256"]).read_bytes()
            content = crypto.seal_blob(self.team_key, data)
            sha = hashlib.sha256(content).hexdigest()
            meta = crypto.seal(self.team_key, value, row.record, row.path)
            return encode({"app": value["app"], "blob": sha, "meta": meta}), (sha, content)
        return row.value, None

    # ---- pull ----------------------------------------------------------------------------------
    def pull(self, conn: psycopg.Connection[Any], report: Report, batch: int,
             on_batch: Callable[[str, int], None] | None = None) -> None:
        cursor = self.link.cursor
        while True:
            changes, high = server.pull(conn, cursor, batch, self.link.machine)
            if changes:
                report.conflicts += self._apply(conn, changes, high)
                report.pulled += len(changes)
                if on_batch:
                    on_batch("pull", report.pulled)
            elif high > cursor:
                with transaction(self.db):
                    teamlog.set_cursor(self.db, high)
            cursor = high
            if len(changes) < batch:
                break
        self.link = teamlog.link(self.db) or self.link

    def _apply(self, conn: psycopg.Connection[Any], changes: list[server.InChange], high: int) -> int:
        """One batch in one transaction (with the cursor); returns the conflicts found."""
        found = 0
        answers: dict[int, dict[str, tuple[Any, str] | None]] = {}
        profiles: dict[int, dict[str, Any]] = {}
        fresh: set[int] = set()  # applications made by a snapshot of this batch, touched by nothing else
        with teamlog.applying(self.db):
            for whole in changes:
                if whole.machine == self.link.machine and whole.author == self.link.member:
                    continue  # our own push coming back: its head was set when it was pushed
                snapshot = whole.path in SNAPSHOTS
                if snapshot and teamlog.id_of(self.db, "applications", whole.record) is None:
                    fresh.add(teamlog.new_application(self.db, whole.record))
                local_id = self._local_record(whole)
                if local_id is None:
                    continue
                if snapshot and local_id in fresh:
                    # nothing here to weigh it against (no value, head or queued change): its
                    # fields are staged as they are, without a decision per field
                    self._stage_fresh(conn, whole, local_id, answers)
                    teamlog.set_head(self.db, whole.record, whole.path,
                                     teamlog.Head(whole.seq, 0, whole.author, whole.machine, whole.at))
                    continue
                fresh.discard(local_id)
                for ch in self._expand(whole) if snapshot else [whole]:
                    incoming = self._incoming(conn, ch, local_id)
                    current = self._current(ch, local_id, answers, profiles)
                    verdict = self._decide(ch, current, incoming, snapshot)
                    found += verdict == "conflict-kept" or verdict == "conflict-applied"
                    if verdict in ("apply", "conflict-applied"):
                        self._stage(ch, local_id, incoming, answers, profiles)
                if snapshot:
                    teamlog.set_head(self.db, whole.record, whole.path,
                                     teamlog.Head(whole.seq, 0, whole.author, whole.machine, whole.at))
            for app_id, puts in answers.items():
                changelog.write(self.db, app_id, "team", puts, label="team sync")
            for client_id, changed in profiles.items():
                client_rows.update(self.db, client_id, changed)
            teamlog.set_cursor(self.db, high)
        return found

    def _stage_fresh(self, conn: psycopg.Connection[Any], whole: server.InChange, local_id: int,
                     answers: dict[int, dict[str, tuple[Any, str] | None]]) -> None:
        """A snapshot of an application this batch created: what _expand, _decide and _stage
        would do for each field ("apply", every time), parsed once."""
        value = decode(whole.value) or {}
        if whole.path == teamlog.SNAPSHOT:
            for attr in ("@client", "@form", "@title", "@status"):
                if value.get(attr) is not None:
                    teamlog.set_app_attr(self.db, local_id, attr, value[attr])
        provenance, usual = value.get("provenance") or {}, value.get("@provenance") or "typed"
        puts = answers.setdefault(local_id, {})
        for path, answer in (value.get("answers") or {}).items():
            stored = self._localised(answer, "application", whole.record, path, local_id)
            prov = provenance.get(path, usual)
            if isinstance(stored, str) and _IMAGE.fullmatch(stored):
                self._image(stored)
            puts[path] = None if stored is None else (stored, prov if prov in PROVENANCES else "typed")

    @staticmethod
    def _expand(ch: server.InChange) -> list[server.InChange]:
        """A snapshot as the field changes it stands for (same seq, base 0)."""
        value = decode(ch.value) or {}
        attrs = ("@client", "@form", "@title", "@status") if ch.path == teamlog.SNAPSHOT else ()
        out = [replace(ch, path=attr, value=encode(value.get(attr)) if value.get(attr) is not None else None)
               for attr in attrs]
        provenance, usual = value.get("provenance") or {}, value.get("@provenance") or "typed"
        out += [replace(ch, path=path, value=encode(answer), provenance=provenance.get(path, usual))
                for path, answer in (value.get("answers") or {}).items()]
        return out

    def _local_record(self, ch: server.InChange) -> int | None:
        if ch.kind == "client":
            return teamlog.id_of(self.db, "clients", ch.record) or teamlog.new_client(self.db, ch.record)
        if ch.kind == "application":
            return teamlog.id_of(self.db, "applications", ch.record) or teamlog.new_application(self.db, ch.record)
        return 0  # attachments are found by their own UUID when applied

    def _current(self, ch: server.InChange, local_id: int, answers: dict[int, dict[str, Any]],
                 profiles: dict[int, dict[str, Any]]) -> str | None:
        """The field's value here now (JSON text as stored locally), staged changes included."""
        if ch.kind == "client":
            staged = profiles.get(local_id, {})
            if ch.path in staged:
                return None if staged[ch.path] is None else encode(staged[ch.path])
            if ch.path == "@archived":
                return encode(client_rows.get(self.db, local_id).archived)
            value = client_rows.get(self.db, local_id).profile.get(ch.path)
            return None if value is None else encode(value)
        if ch.kind == "application" and not ch.path.startswith("@"):
            staged_app = answers.get(local_id, {})
            if ch.path in staged_app:
                entry = staged_app[ch.path]
                return None if entry is None else encode(entry[0])
            row = self.db.execute("SELECT value FROM answers WHERE app_id = ? AND path = ?",
                                  (local_id, ch.path)).fetchone()
            return None if row is None else str(row[0])
        return None  # attributes and attachments: last writer wins, no conflict shown

    def _incoming(self, conn: psycopg.Connection[Any], ch: server.InChange, local_id: int) -> str | None:
        """The change's value as it would be stored here (team seal opened, local seal applied)."""
        if ch.value is None:
            return None
        if ch.kind == "attachment" or f'"{crypto.TEAM}"' not in ch.value:
            return ch.value  # nothing team-sealed inside (no parse)
        value = decode(ch.value)
        if not crypto.is_team_sealed(value):
            return ch.value
        return encode(self._localised(value, ch.kind, ch.record, ch.path, local_id))

    def _localised(self, value: Any, kind: str, record: str, path: str, local_id: int) -> Any:
        """A value from the server as stored here: a team-sealed one opened and sealed locally."""
        if not crypto.is_team_sealed(value):
            return value
        plain = crypto.open_value(self.team_key, value, record, path)
        key = self.desk.vault.key()
        if kind == "client":
            return sealed.seal_value(key, plain, sealed.profile_ad(local_id, path))
        marking = self.desk._ctx.marking(local_id)
        local = self.desk.sealer.seal_value(local_id, path, plain, marking)
        if not sealed.contains_sealed(local):  # form not installed here: seal it whole
            local = sealed.seal_value(key, plain, sealed.answer_ad(local_id, path))
        return local

    def _decide(self, ch: server.InChange, current: str | None, incoming: str | None,
                snapshot: bool = False) -> str:
        db, record, path = self.db, ch.record, ch.path
        conflicting = ch.kind != "attachment" and not path.startswith("@") and current != incoming
        mine = teamlog.pending_base(db, record, path)
        head = teamlog.head(db, record, path, snapshots=not snapshot)
        new_head = teamlog.Head(ch.seq, ch.base, ch.author, ch.machine, ch.at)
        if mine is not None:  # an unpushed local change: it will be newer than this one
            if (head is None or ch.seq > head.seq) and not snapshot:
                teamlog.set_head(db, record, path, new_head)
            if conflicting and mine < ch.seq:
                teamlog.add_conflict(db, record, path, incoming, ch.author, ch.machine, ch.at, ch.seq)
                return "conflict-kept"
            return "keep"
        if head is not None and (head.author, head.machine) == (ch.author, ch.machine):
            conflicting = False  # one desk never conflicts with itself: it made them in this order
        if head is None or ch.seq > head.seq:
            if not snapshot:  # a snapshot's head is kept once, for the record (see _apply)
                teamlog.set_head(db, record, path, new_head)
            if head is not None and ch.base < head.seq and conflicting:
                teamlog.add_conflict(db, record, path, current, head.author, head.machine, head.at, head.seq)
                return "conflict-applied"
            teamlog.clear_conflict(db, record, path)
            return "apply"
        if conflicting and head.base < ch.seq:  # older, but the newer value never saw it
            teamlog.add_conflict(db, record, path, incoming, ch.author, ch.machine, ch.at, ch.seq)
            return "conflict-kept"
        return "keep"

    def _stage(self, ch: server.InChange, local_id: int, incoming: str | None,
               answers: dict[int, dict[str, tuple[Any, str] | None]], profiles: dict[int, dict[str, Any]]) -> None:
        value = decode(incoming)
        if ch.kind == "client":
            if ch.path == "@archived":
                teamlog.set_archived(self.db, local_id, bool(value))
            else:
                profiles.setdefault(local_id, {})[ch.path] = value
        elif ch.kind == "application" and ch.path.startswith("@"):
            teamlog.set_app_attr(self.db, local_id, ch.path, value)
        elif ch.kind == "application":
            prov = ch.provenance if ch.provenance in PROVENANCES else "typed"
            if isinstance(value, str) and _IMAGE.fullmatch(value):
                self._image(value)
            answers.setdefault(local_id, {})[ch.path] = None if value is None else (value, prov or "typed")
        elif ch.kind == "attachment":
            self._attachment(ch, value)

    def _attachment(self, ch: server.InChange, value: Any) -> None:
        if value is None:
            teamlog.attachment_remove(self.db, ch.record)
            return
        app_id = teamlog.id_of(self.db, "applications", str(value["app"])) or \
            teamlog.new_application(self.db, str(value["app"]))
        meta = crypto.open_value(self.team_key, value["meta"], ch.record, ch.path)
        if not blobs.path_of(self.desk.location.attachments, meta["sha256"]).exists():
            with server.connect(self.link.conninfo, self._secrets()[1]) as conn:
                content = server.blob(conn, str(value["blob"]))
            if content is None:
                raise server.TeamError("첨부 파일이 서버에 없습니다",
                                       f"attachment {value['blob']} missing on the server")
            data = crypto.open_blob(self.team_key, content)
            with tempfile.TemporaryDirectory() as tmp:
                source = Path(tmp) / "incoming"
                source.write_bytes(data)
                blobs.store(self.desk.location.attachments, source)
        teamlog.attachment_put(self.db, ch.record, app_id, meta)
