"""Undo, redo, restore, diff and snapshots through the service façade."""

from __future__ import annotations

import pytest

from desktop_app.service import Desk
from desktop_app.storage import NotFound, Rejected


def values(desk: Desk, app_id: int) -> dict[str, object]:
    v = desk.apps.open(app_id).values
    return {k: v[k] for k in ("summary", "budget", "project_title") if k in v}


def test_each_save_is_one_revision_with_its_delta(desk: Desk, app_id: int) -> None:
    head = desk.apps.get(app_id).head_rev
    first = desk.apps.save(app_id, "summary", "초안")
    second = desk.apps.save(app_id, "summary", "수정안")
    assert (first.rev, second.rev) == (head + 1, head + 2)
    assert desk.apps.save(app_id, "summary", "수정안").nothing  # unchanged: no revision
    [change] = desk.history.changes(app_id, second.rev)
    assert (change.path, change.old, change.new) == ("summary", "초안", "수정안")
    assert desk.history.revisions(app_id, limit=1)[0].paths == ("summary",)


def test_undo_redo_walk_back_and_forth(desk: Desk, app_id: int) -> None:
    desk.apps.save(app_id, "summary", "A")
    desk.apps.save(app_id, "budget", 100)
    desk.apps.save(app_id, "summary", "B")
    assert desk.history.undo(app_id).paths == ("summary",)
    assert values(desk, app_id) == {"summary": "A", "budget": 100}
    desk.history.undo(app_id)
    assert values(desk, app_id) == {"summary": "A"}
    assert desk.history.redo(app_id).paths == ("budget",)
    assert values(desk, app_id) == {"summary": "A", "budget": 100}
    desk.history.redo(app_id)
    assert values(desk, app_id) == {"summary": "B", "budget": 100}
    assert desk.history.redo(app_id).note == "nothing to redo"
    view = desk.apps.open(app_id)
    assert view.can_undo and not view.can_redo


def test_a_new_edit_clears_redo(desk: Desk, app_id: int) -> None:
    desk.apps.save(app_id, "summary", "A")
    desk.apps.save(app_id, "summary", "B")
    desk.history.undo(app_id)
    desk.apps.save(app_id, "budget", 7)
    assert desk.history.redo(app_id).rev is None
    desk.history.undo(app_id)  # takes back the budget, then the A
    desk.history.undo(app_id)
    assert values(desk, app_id) == {}


def test_undo_everything_including_the_prefill(desk: Desk, app_id: int) -> None:
    while desk.history.undo(app_id).rev is not None:
        pass
    assert desk.apps.open(app_id).values == {}
    while desk.history.redo(app_id).rev is not None:
        pass
    assert desk.apps.open(app_id).values["company_name"] == "(주)빅데이터분석연구소"


def test_restore_is_itself_a_revision_and_can_be_undone(desk: Desk, app_id: int) -> None:
    desk.apps.save(app_id, "summary", "A")
    kept = desk.apps.get(app_id).head_rev
    desk.apps.save(app_id, "summary", "B")
    desk.apps.save(app_id, "budget", 5)
    restored = desk.history.restore(app_id, kept)
    assert set(restored.paths) == {"summary", "budget"}
    assert values(desk, app_id) == {"summary": "A"}
    assert desk.history.revisions(app_id)[0].kind == "restore"
    desk.history.undo(app_id)
    assert values(desk, app_id) == {"summary": "B", "budget": 5}
    assert desk.history.restore(app_id, desk.apps.get(app_id).head_rev).rev is None


def test_diff_between_revisions(desk: Desk, app_id: int) -> None:
    start = desk.apps.get(app_id).head_rev
    desk.apps.save(app_id, "summary", "A")
    desk.apps.save(app_id, "budget", 1)
    middle = desk.apps.get(app_id).head_rev
    desk.apps.save(app_id, "summary", "B")
    desk.apps.save(app_id, "budget", None)
    d = desk.history.diff(app_id, start, middle)
    assert d.added == {"summary": "A", "budget": 1} and not d.removed and not d.changed
    d = desk.history.diff(app_id, middle)
    assert d.changed == {"summary": ("A", "B")} and d.removed == {"budget": 1}
    assert not desk.history.diff(app_id, middle, middle)
    assert desk.history.state(app_id, 0) == {}
    with pytest.raises(NotFound):
        desk.history.diff(app_id, 999)


def test_named_snapshots(desk: Desk, app_id: int) -> None:
    desk.apps.save(app_id, "summary", "제출 전 버전")
    snap, _ = desk.history.snapshot(app_id, "제출 전")
    desk.apps.save(app_id, "summary", "나중 버전")
    with pytest.raises(Rejected):
        desk.history.snapshot(app_id, "제출 전")
    assert [s.name for s in desk.history.snapshots(app_id)] == ["제출 전"]
    desk.history.restore_snapshot(app_id, "제출 전")
    assert values(desk, app_id)["summary"] == "제출 전 버전"
    assert snap.rev < desk.apps.get(app_id).head_rev


def test_submitted_applications_are_read_only(desk: Desk, app_id: int) -> None:
    desk.store.db.execute("UPDATE applications SET status = 'submitted' WHERE id = ?", (app_id,))
    for action in (lambda: desk.apps.save(app_id, "summary", "x"),
                   lambda: desk.history.undo(app_id),
                   lambda: desk.history.restore(app_id, 0)):
        with pytest.raises(Rejected):
            action()
