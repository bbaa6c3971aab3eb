"""The power-cut harness: record a writer's file operations, rebuild the disk at any cut.

`build_shim` compiles powercut_shim.c (gcc); `record(mode)` runs `python powercut.py MODE
ROOT` under it — the writer below, through the service façade as the app does — and returns
the log. `Trace.at(cut, rng)` rebuilds the files a power cut just before event `cut` would
leave: a write or truncate is kept for sure once its file was fsynced after it, otherwise
only maybe (each one independently: the page cache writes back in any order); a create,
rename or unlink is kept for sure once its folder was fsynced after it, and of the others a
random prefix (a file system journals names in order). -shm is dropped (SQLite rebuilds it).

The writer acknowledges by writing a line to ACKS (itself traced, never part of the rebuilt
disk): `ack APP REV PATH DIGEST` after a save is durable (mode "full": the call returned;
"deferred": the WAL syncer said so; "normal": the call returned on synchronous=NORMAL, the
setting this harness shows to lose saves; "nofsync": files renamed into place unsynced, which
it shows to lose exported files), `file NAME SHA256` after a PDF, package or backup
was reported written.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ACKS = "ACKS"
_HEAD = struct.Struct("<ciqqII")


def build_shim(out_dir: Path) -> Path:
    lib = out_dir / "powercut_shim.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", str(lib), str(HERE / "powercut_shim.c"),
                    "-ldl", "-lpthread"], check=True, capture_output=True)
    return lib


@dataclass
class Event:
    op: str
    fd: int
    a: int
    b: int
    p1: bytes
    p2: bytes


def parse(log: bytes) -> list[Event]:
    events, i = [], 0
    while i + _HEAD.size <= len(log):
        op, fd, a, b, n1, n2 = _HEAD.unpack_from(log, i)
        i += _HEAD.size
        p1, p2 = log[i:i + n1], log[i + n1:i + n1 + n2]
        i += n1 + n2
        events.append(Event(op.decode(), fd, a, b, p1, p2))
    return events


def record(lib: Path, root: Path, mode: str, saves: int) -> list[Event]:
    log = root.parent / f"{root.name}.log"
    env = {**os.environ, "LD_PRELOAD": str(lib), "POWERCUT_ROOT": str(root),
           "POWERCUT_LOG": str(log), "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, str(Path(__file__)), mode, str(root), str(saves)],
                   env=env, check=True, timeout=600)
    return parse(log.read_bytes())


@dataclass
class Cut:
    files: dict[str, bytes]
    acks: list[str]


@dataclass
class Trace:
    """Events with, for each, the index of the first later sync that makes it durable."""

    events: list[Event]
    root: Path
    durable_at: list[int] = field(default_factory=list)
    acks: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        fds: dict[int, int] = {}          # fd → inode
        paths: dict[str, int] = {}        # path → inode (as the writer sees it)
        dirs: dict[str, int] = {}
        inode_of: list[int | None] = []   # per event: the inode it writes, or None
        folder_of: list[tuple[str, ...]] = []  # per namespace event: folders whose sync keeps it
        next_inode = 0
        syncs: dict[int, list[int]] = {}  # inode → indexes of its syncs
        for i, e in enumerate(self.events):
            inode, folders = None, ()
            if e.op == "O":
                path = e.p1.decode()
                if e.b:  # a directory
                    fds[e.fd] = dirs.setdefault(path, -1 - len(dirs))
                else:
                    if path not in paths:
                        paths[path] = next_inode
                        next_inode += 1
                        folders = (os.path.dirname(path),)
                    fds[e.fd] = paths[path]
                    if e.a & os.O_TRUNC:
                        inode = paths[path]
            elif e.op == "C":
                fds.pop(e.fd, None)
            elif e.op in "WT":
                inode = fds.get(e.fd)
            elif e.op == "S":
                syncs.setdefault(fds.get(e.fd, -10**9), []).append(i)
            elif e.op == "R":
                a, b = e.p1.decode(), e.p2.decode()
                if a in paths:
                    paths[b] = paths.pop(a)
                folders = (os.path.dirname(a), os.path.dirname(b))
            elif e.op == "U":
                paths.pop(e.p1.decode(), None)
                folders = (os.path.dirname(e.p1.decode()),)
            inode_of.append(inode)
            folder_of.append(folders)
        never = len(self.events) + 1
        for i in range(len(self.events)):
            due = never
            if inode_of[i] is not None:
                due = next((s for s in syncs.get(inode_of[i], []) if s > i), never)
            elif folder_of[i]:
                dues = [next((s for s in syncs.get(dirs.get(f, -10**9), []) if s > i), never)
                        for f in folder_of[i]]
                due = max(dues)
            self.durable_at.append(due)
        # acknowledgements: writes to ACKS, in order
        fd_path: dict[int, str] = {}
        for i, e in enumerate(self.events):
            if e.op == "O":
                fd_path[e.fd] = e.p1.decode()
            elif e.op == "W" and fd_path.get(e.fd, "").endswith("/" + ACKS):
                for line in e.p1.decode().splitlines():
                    if line.strip():
                        self.acks.append((i, line.strip()))

    def at(self, cut: int, rng: random.Random) -> Cut:
        """The files (relative to root) a power cut before event `cut` may leave."""
        pending_names = [i for i in range(cut) if self._is_name_op(i) and self.durable_at[i] >= cut]
        kept_names = set(pending_names[:rng.randrange(len(pending_names) + 1)])
        inodes: dict[int, bytearray] = {}
        paths: dict[str, int] = {}
        fds: dict[int, int] = {}
        next_inode = 0
        for i in range(cut):
            e = self.events[i]
            durable = self.durable_at[i] < cut
            if e.op == "O":
                path = e.p1.decode()
                if e.b:
                    continue
                inode = self._writer_inode(i)
                fds[e.fd] = inode
                inodes.setdefault(inode, bytearray())
                if self._created(i) and (durable or i in kept_names):
                    paths[path] = inode
                if e.a & os.O_TRUNC and (durable or rng.random() < 0.5):
                    inodes[inode][:] = b""
                next_inode += 1
            elif e.op == "W":
                inode = fds.get(e.fd)
                if inode is None or (not durable and rng.random() < 0.5):
                    continue
                buf = inodes[inode]
                end = e.a + len(e.p1)
                if len(buf) < end:
                    buf.extend(b"\0" * (end - len(buf)))
                buf[e.a:end] = e.p1
            elif e.op == "T":
                inode = fds.get(e.fd)
                if inode is None or (not durable and rng.random() < 0.5):
                    continue
                buf = inodes[inode]
                if e.a < len(buf):
                    del buf[e.a:]
                else:
                    buf.extend(b"\0" * (e.a - len(buf)))
            elif e.op == "R" and (durable or i in kept_names):
                a, b = e.p1.decode(), e.p2.decode()
                if a in paths:
                    paths[b] = paths.pop(a)
            elif e.op == "U" and (durable or i in kept_names):
                paths.pop(e.p1.decode(), None)
        prefix = str(self.root) + "/"
        files = {p[len(prefix):]: bytes(inodes[n]) for p, n in paths.items()
                 if p.startswith(prefix) and not p.endswith(("-shm", "/" + ACKS))}
        return Cut(files, [line for i, line in self.acks if i < cut])

    # the writer's view, computed once
    def _writer_inodes(self) -> tuple[dict[int, int], set[int]]:
        if not hasattr(self, "_winodes"):
            paths: dict[str, int] = {}
            of: dict[int, int] = {}
            created: set[int] = set()
            n = 0
            for i, e in enumerate(self.events):
                if e.op == "O" and not e.b:
                    path = e.p1.decode()
                    if path not in paths:
                        paths[path] = n
                        n += 1
                        created.add(i)
                    of[i] = paths[path]
                elif e.op == "R":
                    a, b = e.p1.decode(), e.p2.decode()
                    if a in paths:
                        paths[b] = paths.pop(a)
                elif e.op == "U":
                    paths.pop(e.p1.decode(), None)
            self._winodes = (of, created)
        return self._winodes

    def _writer_inode(self, i: int) -> int:
        return self._writer_inodes()[0][i]

    def _created(self, i: int) -> bool:
        return i in self._writer_inodes()[1]

    def _is_name_op(self, i: int) -> bool:
        e = self.events[i]
        return e.op in "RU" or (e.op == "O" and not e.b and self._created(i))


def materialise(cut: Cut, where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    for rel, data in cut.files.items():
        path = where / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return where


def check(where: Path, cut: Cut) -> tuple[list[str], int]:
    """(problems, acknowledged saves checked) for a rebuilt disk."""
    sys.path.insert(0, str(HERE))
    import crash_writer

    db = where / "data" / "voucher-desk.sqlite3"
    saves = [a for a in cut.acks if a.startswith("ack ")]
    problems: list[str] = []
    for line in cut.acks:
        if line.startswith("file "):
            _, rel, sha = line.split()
            path = where / rel
            if not path.is_file():
                problems.append(f"reported written, missing: {rel}")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                problems.append(f"reported written, incomplete: {rel}")
            elif rel.endswith(".sqlite3"):
                conn = sqlite3.connect(path)
                try:
                    if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                        problems.append(f"backup damaged: {rel}")
                finally:
                    conn.close()
    if not db.exists():
        if saves:
            problems.append(f"database missing; {len(saves)} acknowledged saves lost")
        return problems, len(saves)
    from desktop_app.storage.errors import StorageError
    from desktop_app.storage.opening import open_database

    try:  # what the app does when the power is back: check, and finish a cut-off creation
        open_database(db, check=True).close()
    except StorageError as exc:
        return [*problems, f"corrupt: {exc}"], len(saves)
    try:
        problems += crash_writer.check(db, saves)
    except sqlite3.DatabaseError as exc:
        problems.append(f"corrupt: {exc}")
    return problems, len(saves)


# ---- the writer (run under the shim) ---------------------------------------------------------

def _ack(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


def writer(mode: str, root: Path, saves: int) -> None:
    sys.path.insert(0, str(HERE))
    import crash_writer
    from conftest import lookup  # the test forms

    import desktop_app.storage.connection as connection
    from desktop_app.service import Desk
    from desktop_app.storage.records import encode

    if mode == "normal":  # what the app did before: NORMAL, acknowledged at return
        connection.SYNCHRONOUS = "NORMAL"
    if mode == "nofsync":  # a file writer that renames without syncing (the old PDF export)
        from desktop_app import atomic

        atomic.fsync_fd = lambda fd: None  # type: ignore[assignment]
        atomic.fsync_dir = lambda folder: None  # type: ignore[assignment]
    acks = os.open(root / ACKS, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    rng = random.Random(1414)
    form = lookup("test-voucher@2026")
    desk = Desk.open(root / "data" / "voucher-desk.sqlite3", forms=lookup, auto_backup=False,
                     durability="deferred" if mode == "deferred" else "full")
    apps = [desk.apps.new(form).app_id or 0 for _ in range(2)]
    batch: list[str] = []
    for n in range(saves):
        app, path = rng.choice(apps), rng.choice(crash_writer.PATHS)
        value = "".join(rng.choice(crash_writer.SYLLABLES) for _ in range(rng.randrange(1, 600)))
        changed = desk.apps.save(app, path, value)
        line = f"ack {app} {changed.rev} {path} {crash_writer.digest(encode(value))}"
        if mode == "deferred":  # as the editor: 저장됨 once the syncer says the batch is durable
            batch.append(line)
            if len(batch) >= rng.randrange(1, 6):
                lines = list(batch)
                batch.clear()
                desk.store.after_sync(lambda lines=lines: [_ack(acks, x) for x in lines])
        else:
            _ack(acks, line)
        if n % 60 == 30:
            out = root / "exports" / f"신청서-{n}.vdpkg"
            desk.packages.export(app, out)
            _ack(acks, f"file exports/{out.name} {hashlib.sha256(out.read_bytes()).hexdigest()}")
        if n % 60 == 50:
            made = desk.backup()
            _ack(acks, f"file {made.relative_to(root)} {hashlib.sha256(made.read_bytes()).hexdigest()}")
        if n % 100 == 70:
            out = root / "exports" / f"신청서-{n}.pdf"
            desk.exports.export(app, out)
            _ack(acks, f"file exports/{out.name} {hashlib.sha256(out.read_bytes()).hexdigest()}")
    if desk.store.syncer is not None:
        desk.store.syncer.wait(timeout=10)
    os._exit(0)  # the power goes: no close, no final checkpoint


if __name__ == "__main__":
    writer(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
