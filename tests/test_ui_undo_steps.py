"""Undo takes back what the user saw as one edit: typing in a field across several autosave
pauses is one step; leaving the field starts the next one (issue 13 #6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from desktop_app.storage import changelog
from ui import i18n, settings
from ui.editor import EditorPage
from ui.fields import LineEditor
from ui.main_window import MainWindow


def type_korean(widget: QWidget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def editor(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[EditorPage]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    forms = load_shipped()
    win = MainWindow(desk, forms, settings.SOLO)
    qtbot.add_widget(win)
    win.show()
    form = next(f for f in forms if f.key == "ai-data-voucher@2020")
    assert win.create_application(form, None) is not None and win.editor is not None
    yield win.editor
    assert ui_errors == []
    win.close_editor()
    desk.close()


def line(editor: EditorPage, field_id: str) -> LineEditor:
    e = editor.view.rows[field_id].editor
    assert isinstance(e, LineEditor)
    return e


def values(editor: EditorPage) -> dict:
    return dict(editor.desk.apps.open(editor.app_id).values)


def test_typing_across_autosaves_is_one_undo_step(editor: EditorPage, qtbot: QtBot) -> None:
    revisions = len(editor.desk.history.revisions(editor.app_id))
    name = line(editor, "company_name")
    for part in ("하늘", "데이터", " 주식회사"):
        type_korean(name.edit, part)
        qtbot.waitUntil(lambda: not editor.pending, timeout=5_000)  # the autosave after a pause
    assert values(editor)["company_name"] == "하늘데이터 주식회사"
    assert len(editor.desk.history.revisions(editor.app_id)) == revisions + 1
    rep = line(editor, "representative")
    type_korean(rep.edit, "김하늘")  # focus moves: the name's edit is complete
    qtbot.keyClick(rep.edit, Qt.Key.Key_Tab)
    assert values(editor)["representative"] == "김하늘"
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert values(editor)["company_name"] == "하늘데이터 주식회사" and "representative" not in values(editor)
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert "company_name" not in values(editor)  # the whole name at once, not " 주식회사" alone
    assert line(editor, "company_name").edit.text() == ""
    qtbot.mouseClick(editor.redo_button, Qt.MouseButton.LeftButton)
    assert values(editor)["company_name"] == "하늘데이터 주식회사"


def test_a_new_edit_of_the_same_field_is_a_new_step(editor: EditorPage, qtbot: QtBot) -> None:
    name = line(editor, "company_name")
    type_korean(name.edit, "첫째")
    editor.flush()
    name._commit()  # leaving the field
    type_korean(name.edit, "둘째")
    editor.flush()
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert values(editor)["company_name"] == "첫째"


def test_amend_only_folds_into_the_newest_edit_of_that_path(editor: EditorPage) -> None:
    db = editor.desk.store.db
    first = editor.desk.apps.save(editor.app_id, "company_name", "가")
    assert first.rev is not None
    other = editor.desk.apps.save(editor.app_id, "representative", "나")
    assert changelog.amend(db, editor.app_id, first.rev, "company_name", ("다", "typed")) is None
    assert other.rev is not None
    assert changelog.amend(db, editor.app_id, other.rev, "company_name", ("다", "typed")) is None
    folded = changelog.amend(db, editor.app_id, other.rev, "representative", ("나라", "typed"))
    assert folded is not None and folded.rev == other.rev
    [change] = folded.changes
    assert change.old is None and change.new == "나라"
