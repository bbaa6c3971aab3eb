"""When the integrity check runs: after an unclean shutdown, when the file changed behind our
back, and on a schedule — not on every open.

`PRAGMA quick_check` reads the whole file: 4.5–6.1 s on a 1.23 GB book (issue 18), so a check
on every open made every CLI call take seconds. SQLite in WAL mode does not need it after a
clean close; what can damage the file is a crash in the middle of something (a power cut), a
disk fault, or another program. So:

- each open process leaves a marker `sessions/open-HOST-PID` (its start time and what it is, for
  another process's "busy: held by …" message) and removes it on a clean close;
  a marker whose process is gone on this host means that process did not close cleanly;
- a clean close records the file's size and modification time; a file that differs at the
  next open was changed by something that did not close through us (a copy, a scribble);
- and every CHECK_EVERY the check runs anyway (the window runs it on a worker thread).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

CHECK_EVERY = dt.timedelta(days=7)
STATE_FILE = "state.json"


@dataclass(frozen=True)
class Verdict:
    needed: bool
    reason: str  # for the log and the tests: "unclean shutdown", "changed", "scheduled", ""
    since: str | None = None  # unclean: when the earliest process that died had opened the book


def crashed_since(db: Path) -> str | None:
    """When the earliest process on this host that did not close cleanly had opened `db`
    (UTC, ISO), so the window can say what was kept of that session; None after clean ends."""
    stamps = []
    for marker in _unclean(db):
        try:
            stamps.append(dt.datetime.fromisoformat(marker.read_text(encoding="utf-8").splitlines()[0].strip()))
        except (OSError, ValueError, IndexError):
            stamps.append(dt.datetime.fromtimestamp(0, dt.UTC))
    if not stamps:
        return None
    first = min(stamps).astimezone(dt.UTC)
    return first.isoformat(timespec="milliseconds").replace("+00:00", "Z")  # as revisions write it


def _folder(db: Path) -> Path:
    return db.parent / "sessions"


def _marker(db: Path) -> Path:
    return _folder(db) / f"open-{socket.gethostname()}-{os.getpid()}"


def _stamp(db: Path) -> dict[str, int]:
    st = db.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _state(db: Path) -> dict[str, object]:
    try:
        data = json.loads((_folder(db) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return pid != os.getpid()


def _unclean(db: Path) -> list[Path]:
    """Markers of processes on this host that are gone without closing."""
    host = socket.gethostname()
    stale = []
    for marker in _folder(db).glob(f"open-{host}-*"):
        pid = marker.name.rsplit("-", 1)[-1]
        # this process's own marker is no crash: a worker thread's second Desk (the window's
        # batch, team sync) ran the whole-file check each time because of it
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            stale.append(marker)
    return stale


def _others_open(db: Path) -> bool:
    """Another live process has the book open: the file may change under it, legitimately."""
    for marker in _folder(db).glob("open-*"):
        host, _, pid = marker.name[len("open-"):].rpartition("-")
        if host != socket.gethostname() or (pid.isdigit() and _alive(int(pid))):
            return True
    return False


def verdict(db: Path, now: dt.datetime | None = None) -> Verdict:
    """Whether opening `db` should run the integrity check, and why."""
    if not db.exists():
        return Verdict(False, "")
    if _unclean(db):
        return Verdict(True, "unclean shutdown", crashed_since(db))
    state = _state(db)
    if state.get("closed") != _stamp(db) and not _others_open(db):
        return Verdict(True, "changed")
    try:
        checked = dt.datetime.fromisoformat(str(state.get("checked_at")))
    except ValueError:
        return Verdict(True, "scheduled")
    now = now or dt.datetime.now(dt.UTC)
    return Verdict(now - checked >= CHECK_EVERY, "scheduled" if now - checked >= CHECK_EVERY else "")


def due(db: Path, now: dt.datetime | None = None) -> bool:
    """The scheduled check is due (the window runs it in the background)."""
    try:
        checked = dt.datetime.fromisoformat(str(_state(db).get("checked_at")))
    except ValueError:
        return True
    return (now or dt.datetime.now(dt.UTC)) - checked >= CHECK_EVERY


def opened(db: Path, *, checked: bool) -> None:
    """Leave this process's marker; a passed check clears the stale markers and is noted."""
    folder = _folder(db)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if checked:
        for stale in _unclean(db):
            stale.unlink(missing_ok=True)
        note_checked(db)
    _private_text(_marker(db), f"{dt.datetime.now(dt.UTC).isoformat()}\n{program()}\n")


def program() -> str:
    """What this process is, for another one's "busy" message: the command's words, no paths
    or values (`voucher-desk apps pdf`, `voucher-desk` for the window)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if name in ("__main__.py", "-m", "-c", "ui.app", "app.py"):
        name = "voucher-desk"
    words: list[str] = []
    for arg in sys.argv[1:]:
        if arg.startswith("-") or not arg.replace("-", "").isalpha() or len(words) == 2:
            break
        words.append(arg)
    return " ".join([name, *words])


def holders(db: Path) -> list[str]:
    """The other live processes that have `db` open (by their markers), for the busy message:
    `voucher-desk apps set (pid 4242, host, since 04:10 UTC)`."""
    out: list[str] = []
    try:
        markers = sorted(_folder(db).glob("open-*"))
    except OSError:
        return out
    for marker in markers:
        host, _, pid = marker.name[len("open-"):].rpartition("-")
        if not pid.isdigit() or (host == socket.gethostname() and not _alive(int(pid))):
            continue
        try:
            lines = marker.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        since = lines[0][11:16] if lines and len(lines[0]) >= 16 else "?"
        what = lines[1] if len(lines) > 1 and lines[1] else "voucher-desk"
        out.append(f"{what} (pid {pid}, {host}, since {since} UTC)")
    return out


def note_checked(db: Path) -> None:
    state = _state(db)
    state["checked_at"] = dt.datetime.now(dt.UTC).isoformat()
    _write_state(db, state)


def _write_state(db: Path, state: dict[str, object]) -> None:
    """Whole or not at all (rename), but not synced: a lost note only costs one more check."""
    dest = _folder(db) / STATE_FILE
    tmp = dest.with_name(f"{STATE_FILE}.{os.getpid()}.part")
    _private_text(tmp, json.dumps(state))
    os.replace(tmp, dest)


def _private_text(path: Path, text: str) -> None:
    """0600, like everything in the data folder (not synced: a lost note costs one check)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def closed(db: Path) -> None:
    """After a clean close: the file as we left it, and no marker of ours."""
    state = _state(db)
    if db.exists():
        state["closed"] = _stamp(db)
    try:
        _write_state(db, state)
    finally:
        _marker(db).unlink(missing_ok=True)
