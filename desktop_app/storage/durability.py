"""When a commit is on the disk: at once (synchronous=FULL), or after a WAL sync (the window).

Two modes, one promise — nothing is called saved before it would survive a power cut:

- "full" (the default: the CLI, workers, other programs): every COMMIT syncs the WAL, so a call
  that returned is durable.
- "deferred" (the window's autosave): commits run with synchronous=NORMAL, which keeps a save
  on the GUI thread well inside its 10 ms budget even where one fsync costs 5–20 ms (a VM disk,
  FlushFileBuffers on Windows, F_FULLFSYNC on macOS); a background thread then syncs the WAL
  file — the same fsync FULL would do, for a whole batch at once — and only then does the
  editor show "저장됨". Checkpoints and close sync first, so a checkpoint another reader blocks
  never leaves committed frames unsynced.

Syncing the -wal file from another file descriptor is what FULL does at COMMIT: every frame
written so far (each commit ends with a checksummed commit frame) reaches the medium.
tests/storage/test_storage_powercut.py replays the writes at 200 simulated power cuts.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from desktop_app.atomic import fsync_fd

Mode = Literal["full", "deferred"]
_log = logging.getLogger(__name__)


def sync_wal(db_path: Path) -> None:
    """Sync the database's WAL (its committed frames) to the medium; nothing to do without one."""
    wal = Path(str(db_path) + "-wal")
    try:
        fd = os.open(wal, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return  # checkpointed and removed: the database file was synced by the checkpoint
    try:
        fsync_fd(fd)
    finally:
        os.close(fd)


class WalSyncer:
    """Syncs the WAL on a daemon thread when asked; `request(done)` calls `done()` (on that
    thread) once every commit made before the request is durable."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._cond = threading.Condition()
        self._asked = 0
        self._synced = 0
        self._waiting: list[tuple[int, Callable[[], None]]] = []
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.failure: OSError | None = None

    def request(self, done: Callable[[], None] | None = None) -> int:
        with self._cond:
            self._asked += 1
            ticket = self._asked
            if done is not None:
                self._waiting.append((ticket, done))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="wal-sync", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        return ticket

    def wait(self, ticket: int | None = None, timeout: float | None = None) -> bool:
        """Block until `ticket` (default: every request so far) is synced."""
        with self._cond:
            want = self._asked if ticket is None else ticket
            return self._cond.wait_for(lambda: self._synced >= want or self._stopped, timeout)

    def sync_now(self) -> None:
        """Synchronously, on the caller's thread (close, checkpoint, export)."""
        with self._cond:
            covered = self._asked
        sync_wal(self.db_path)
        self._mark(covered)

    def _mark(self, covered: int) -> None:
        with self._cond:
            self._synced = max(self._synced, covered)
            ready = [cb for t, cb in self._waiting if t <= self._synced]
            self._waiting = [(t, cb) for t, cb in self._waiting if t > self._synced]
            self._cond.notify_all()
        for cb in ready:
            try:
                cb()
            except Exception:  # a UI callback must not kill the syncer
                _log.exception("WAL sync callback failed")

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._asked > self._synced or self._stopped)
                if self._stopped:
                    return
                covered = self._asked
            try:
                sync_wal(self.db_path)
            except OSError as exc:  # kept: the next sync_now (close) raises it to the user
                self.failure = exc
                _log.error("WAL sync failed: %s", exc)
                with self._cond:
                    self._cond.wait(0.5)
                continue
            self._mark(covered)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
