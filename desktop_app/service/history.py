"""History of an application: list revisions, diff two, restore one, undo and redo, snapshots.

Undo, redo and restore write new revisions (the log is append-only), so each of them can be
taken back in turn and no state is ever lost. Each is one transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.service.context import Part, guarded
from desktop_app.service.results import Changed
from desktop_app.storage import applications as app_rows
from desktop_app.storage import changelog, history
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.history import Diff
from desktop_app.storage.records import Change, Entry, Revision, Snapshot

_READ_ONLY = frozenset({"submitted", "archived"})


@dataclass(frozen=True)
class Recovered:
    """What the database kept of an application edited in a session that did not end cleanly."""

    app_id: int
    title: str
    saved_at: str  # UTC ISO of the last revision written
    paths: tuple[str, ...]


class History(Part):
    @guarded
    def recovered(self) -> tuple[str | None, list[Recovered]]:
        """After a crash or a kill: when that session began, and for each application saved in
        it what is on disk and from when (the window says so at start). Nothing after a clean
        close."""
        since = self._ctx.store.crashed_since
        if since is None:
            return None, []
        return since, [Recovered(*row) for row in history.edits_since(self._ctx.db, since)]

    @guarded
    def revisions(self, app_id: int, *, limit: int | None = None) -> list[Revision]:
        """Newest first, with the paths each one changed."""
        app_rows.get(self._ctx.db, app_id)
        return history.revisions(self._ctx.db, app_id, limit)

    @guarded
    def stacks(self, app_id: int) -> tuple[bool, bool]:
        """(something to undo, something to redo): one pass over the log, no answers opened."""
        undo, redo = history.targets(self._ctx.db, app_id)
        return undo is not None, redo is not None

    @guarded
    def changes(self, app_id: int, rev: int) -> list[Change]:
        """Sensitive values opened; one the key cannot open now shows as sealing.UNREADABLE."""
        return self._ctx.sealer.open_changes(app_id, changelog.changes_of(self._ctx.db, app_id, rev))

    @guarded
    def diff(self, app_id: int, a: int, b: int | None = None) -> Diff:
        """What changed from revision `a` to revision `b` (default: now)."""
        db = self._ctx.db
        after = changelog.entries(db, app_id) if b is None else history.state_at(db, app_id, b)
        # sealed text is deterministic, so comparing it finds exactly the changed values
        diff = history.diff_states(history.state_at(db, app_id, a), after)
        show = functools.partial(self._ctx.sealer.open_for_display, app_id)
        with self._ctx.sealer.batch():
            return Diff({p: show(p, v) for p, v in diff.added.items()},
                        {p: show(p, v) for p, v in diff.removed.items()},
                        {p: (show(p, x), show(p, y)) for p, (x, y) in diff.changed.items()})

    @guarded
    def state(self, app_id: int, rev: int) -> dict[str, Entry]:
        """The answers at `rev`, sensitive ones opened (raises when the key is missing)."""
        return self._ctx.sealer.open_entries(app_id, history.state_at(self._ctx.db, app_id, rev))

    @guarded
    def restore(self, app_id: int, rev: int) -> Changed:
        """Bring the answers back to revision `rev`, as a new revision (itself undoable)."""
        db = self._ctx.db
        self._editable(app_id)
        with transaction(db):
            target = history.state_at(db, app_id, rev)
            current = changelog.entries(db, app_id)
            puts: dict[str, Entry | None] = {p: None for p in current.keys() - target.keys()}
            puts.update(target)
            written = changelog.write(db, app_id, "restore", puts, label=f"r{rev}")
        if written is None:
            return Changed(app_id=app_id, note=f"r{rev}: nothing to restore")
        return Changed(app_id=app_id, rev=written.rev, paths=written.paths)

    @guarded
    def undo(self, app_id: int) -> Changed:
        return self._revert(app_id, "undo", history.undo_target)

    @guarded
    def redo(self, app_id: int) -> Changed:
        return self._revert(app_id, "redo", history.redo_target)

    @guarded
    def snapshot(self, app_id: int, name: str) -> tuple[Snapshot, Changed]:
        """Name the current revision (e.g. '제출 전'), to find and restore it later."""
        if not name.strip():
            raise Rejected("스냅숏 이름이 필요합니다", "a snapshot needs a name")
        snap = history.add_snapshot(self._ctx.db, app_id, name.strip())
        return snap, Changed(app_id=app_id)

    @guarded
    def snapshots(self, app_id: int) -> list[Snapshot]:
        return history.snapshots(self._ctx.db, app_id)

    @guarded
    def restore_snapshot(self, app_id: int, name: str) -> Changed:
        return self.restore(app_id, history.snapshot_rev(self._ctx.db, app_id, name))

    def _revert(self, app_id: int, kind: str,
                target_of: Callable[[Database, int], int | None]) -> Changed:
        db = self._ctx.db
        self._editable(app_id)
        with transaction(db):
            target = target_of(db, app_id)
            if target is None:
                return Changed(app_id=app_id, note=f"nothing to {kind}")
            # forced: even an empty revision must move the undo/redo stacks along
            written = changelog.write(db, app_id, kind, history.inverse(db, app_id, target),
                                      reverts=target, label=f"r{target}", force=True)
        assert written is not None
        return Changed(app_id=app_id, rev=written.rev, paths=written.paths)

    def _editable(self, app_id: int) -> None:
        self._ctx.refuse_if_reviewer()
        app = app_rows.get(self._ctx.db, app_id)
        if app.status in _READ_ONLY:
            raise Rejected(f"'{app.status}' 상태의 신청서는 고칠 수 없습니다",
                           f"a {app.status} application is read-only")
