"""The writer process of the crash test (test_storage_crash.py), and the checker.

Run as `python crash_writer.py DB [--broken]`, it is a zygote: it imports everything once, then
for each `go SEED` line on stdin forks a writer child and prints `pid N`, then `exit STATUS`
when the child is gone (the test SIGKILLs it at a random moment). Forking a warm process keeps
200 kills within seconds; the child opens the database itself, as the app does.

A child saves random answers through the service façade (plus some undo, redo and restore)
and prints an ack line only after the call returned, i.e. after the commit:
`ack APP REV PATH SHA1(new JSON)` or `rev APP REV`. With --broken it saves the deliberately
wrong way — the answer in one transaction, its change-log row in a second — which the same
checker must catch.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import sys
from pathlib import Path

PATHS = [f"f{i}" for i in range(12)]
SYLLABLES = "가나다라마바사아자차카타파하데이터관계분석고객"


def digest(json_text: str | None) -> str:
    return "-" if json_text is None else hashlib.sha1(json_text.encode()).hexdigest()[:12]


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write per line: whole lines in the pipe


def _value(rng: random.Random) -> object:
    if rng.random() < 0.3:
        return rng.randrange(10**9)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(1, 300)))


def _broken_save(db: sqlite3.Connection, app: int, path: str, value: object) -> tuple[int, str]:
    """WRONG on purpose: one change split over two transactions."""
    from desktop_app.storage.records import encode, utc_now

    new, at = encode(value), utc_now()
    with db:
        old = db.execute("SELECT value, provenance FROM answers WHERE app_id = ? AND path = ?",
                         (app, path)).fetchone()
        rev = db.execute("UPDATE applications SET head_rev = head_rev + 1 WHERE id = ? "
                         "RETURNING head_rev", (app,)).fetchone()[0]
        db.execute("INSERT INTO revisions (app_id, rev, kind, at) VALUES (?, ?, 'edit', ?)",
                   (app, rev, at))
        db.execute("INSERT INTO answers VALUES (?, ?, ?, 'typed', ?) ON CONFLICT DO UPDATE "
                   "SET value = excluded.value", (app, path, new, at))
    with db:
        db.execute("INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, 'typed')",
                   (app, rev, path, *(old or (None, None)), new))
    return rev, new


def child(db_path: Path, seed: int, broken: bool) -> None:
    from desktop_app.service import Desk
    from desktop_app.storage.records import encode

    rng = random.Random(seed)
    desk = Desk.open(db_path, auto_backup=False, durability="deferred")  # the window's mode
    apps = [a.id for a in desk.apps.search(limit=100)]
    raw = sqlite3.connect(db_path) if broken else None
    if raw is not None:
        raw.execute("PRAGMA synchronous=NORMAL")
    for _ in range(100_000):
        app, roll = rng.choice(apps), rng.random()
        if roll < 0.06 and not broken:
            changed = desk.history.undo(app) if roll < 0.03 else desk.history.redo(app)
            if changed.rev:
                _say(f"rev {app} {changed.rev}")
        elif roll < 0.08 and not broken:
            head = desk.apps.get(app).head_rev
            changed = desk.history.restore(app, rng.randrange(head + 1))
            if changed.rev:
                _say(f"rev {app} {changed.rev}")
        else:
            path, value = rng.choice(PATHS), _value(rng)
            if raw is not None:
                rev, new = _broken_save(raw, app, path, value)
                _say(f"ack {app} {rev} {path} {digest(new)}")
                continue
            changed = desk.apps.save(app, path, value)
            if changed.rev:
                _say(f"ack {app} {changed.rev} {path} {digest(encode(value))}")


def zygote(db_path: Path, broken: bool) -> None:
    import desktop_app.service  # noqa: F401  (warm the imports once, before forking)
    from desktop_app.forms import load_shipped

    load_shipped()  # and the parsed shipped forms: a child's first save looks its form up

    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                child(db_path, seed, broken)
            finally:
                os._exit(0)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"exit {status}")


# ---- the checker ----------------------------------------------------------------------------

def check(db_path: Path, acks: list[str]) -> list[str]:
    """Problems found: integrity, every acknowledged save present, log and answers agreeing."""
    db = sqlite3.connect(db_path)
    try:
        problems = [f"integrity: {r[0]}" for r in db.execute("PRAGMA integrity_check")
                    if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in db.execute("PRAGMA foreign_key_check")]
        problems += _acks_present(db, acks)
        problems += _log_replays_to_answers(db)
        return problems
    finally:
        db.close()


def _acks_present(db: sqlite3.Connection, acks: list[str]) -> list[str]:
    problems = []
    for line in acks:
        parts = line.split()
        if parts[0] == "rev":
            found = db.execute("SELECT 1 FROM revisions WHERE app_id = ? AND rev = ?",
                               (int(parts[1]), int(parts[2]))).fetchone()
            if not found:
                problems.append(f"acknowledged revision lost: {line}")
            continue
        _, app, rev, path, want = parts
        row = db.execute("SELECT new FROM changes WHERE app_id = ? AND rev = ? AND path = ?",
                         (int(app), int(rev), path)).fetchone()
        if row is None or digest(row[0]) != want:
            problems.append(f"acknowledged save lost: {line}")
    return problems


def _log_replays_to_answers(db: sqlite3.Connection) -> list[str]:
    problems = []
    for app, head in db.execute("SELECT id, head_rev FROM applications").fetchall():
        state: dict[str, tuple[str, str]] = {}
        for rev, path, old, old_prov, new, new_prov in db.execute(
                "SELECT rev, path, old, old_provenance, new, new_provenance FROM changes "
                "WHERE app_id = ? ORDER BY rev, path", (app,)):
            before = state.get(path)
            if (before or (None, None)) != (old, old_prov):
                problems.append(f"app {app} r{rev} {path}: log says old {digest(old)}, "
                                f"replay has {digest(before[0] if before else None)}")
            if new is None:
                state.pop(path, None)
            else:
                state[path] = (new, new_prov)
        stored = {p: (v, prov) for p, v, prov in db.execute(
            "SELECT path, value, provenance FROM answers WHERE app_id = ?", (app,))}
        if stored != state:
            paths = sorted(p for p in stored.keys() | state.keys() if stored.get(p) != state.get(p))
            problems.append(f"app {app}: answers differ from the replayed log at {paths}")
        top = db.execute("SELECT coalesce(max(rev), 0) FROM revisions WHERE app_id = ?",
                         (app,)).fetchone()[0]
        if top != head:
            problems.append(f"app {app}: head_rev {head} but the last revision is {top}")
    return problems


if __name__ == "__main__":
    zygote(Path(sys.argv[1]), "--broken" in sys.argv[2:])
