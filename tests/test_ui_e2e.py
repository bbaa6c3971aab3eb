"""End to end through the real widgets: a consultant creates a client, starts an application of
every shipped programme, fills it as a user would (Korean typed through input-method events),
adds the attachments, sees the check pass, exports the PDF, closes, reopens and finds it all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.answers import read_answers
from desktop_app.forms import FormDefinition, load_shipped
from desktop_app.service import Desk
from ui import errors, i18n
from ui.fields import (
    BoolEditor,
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    ImageEditor,
    LineEditor,
    MultiChoiceEditor,
    TextAreaEditor,
)
from ui.main_window import MainWindow
from ui.table_editor import TableEditor, cell_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "answers"


def commit_text(widget: Any, text: str) -> None:
    """What a Korean IME does: commit composed text (keyClicks aborts on Hangul, PITFALLS.md)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def fill(editor: FieldEditor, value: Any, qtbot: QtBot) -> None:
    """Answer one field through its widget, the way a user would."""
    if isinstance(editor, LineEditor):
        editor.edit.selectAll()
        text = str(value) if not isinstance(value, float) else f"{value:g}"
        if text.isascii():
            editor.edit.clear()
            qtbot.keyClicks(editor.edit, text)
        else:
            commit_text(editor.edit, text)
        editor._commit()
    elif isinstance(editor, TextAreaEditor):
        editor.edit.selectAll()
        commit_text(editor.edit, str(value))
    elif isinstance(editor, ChoiceEditor):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif isinstance(editor, BoolEditor):
        (editor.yes if value else editor.no).click()  # the page may be hidden: click() as the mouse would
    elif isinstance(editor, MultiChoiceEditor):
        for v, box in editor.boxes:
            box.setChecked(v in value)
    elif isinstance(editor, DateEditor):
        editor.edit.clear()
        qtbot.keyClicks(editor.edit, str(value)[:16].replace("T", " ") if "T" in str(value) else str(value))
        editor.edit.editingFinished.emit()
    elif isinstance(editor, ImageEditor):
        editor._set_path(value)
    elif isinstance(editor, TableEditor):
        while editor.table.rowCount():
            editor.table.setCurrentCell(0, 0)
            editor.remove_row()
        for i, row in enumerate(value):
            editor.add_row()
            for j, column in enumerate(editor.columns):
                if column.compute or column.id not in row:
                    continue
                item = editor.table.item(i, j)
                assert item is not None
                item.setText(cell_text(column, row[column.id]))
    else:  # pragma: no cover - a new editor type must be taught here
        raise AssertionError(f"no way to fill {type(editor).__name__}")


def one_sample_per_form() -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    for path in sorted(SAMPLES.glob("*.json")):
        chosen.setdefault(read_answers(path).form, path)
    return chosen


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    win = MainWindow(desk, load_shipped(), "consultant")
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == [], ui_errors


def create_client(win: MainWindow, qtbot: QtBot) -> int:
    win.show_clients()
    win.clients.new_client()
    editors = win.clients.profile.editors
    name = editors["company.name"]
    assert isinstance(name, LineEditor)
    commit_text(name.edit, "주식회사 한빛데이터")
    fill(editors["company.brn"], "1248100998", qtbot)
    fill(editors["company.representative"], "김한빛", qtbot)
    client_id = win.clients.profile.save()
    assert client_id is not None
    client = win.desk.clients.get(client_id)
    assert client.name == "주식회사 한빛데이터"
    assert win.clients.list.count() == 1
    return client_id


def fill_application(win: MainWindow, form: FormDefinition, sample: Path, qtbot: QtBot) -> dict[str, Any]:
    answers = read_answers(sample)
    editor = win.editor
    assert editor is not None
    for field_id in list(editor.view.answers):  # prefilled, but not this applicant's (a founder has no BRN)
        row = editor.view.rows[field_id]
        if field_id not in answers.answers and isinstance(row.editor, LineEditor):
            row.editor.edit.clear()
            row.editor._emit()
    for field_id, value in answers.answers.items():
        if field_id not in form.fields:
            continue
        if form.fields[field_id].type == "image":
            value = str(answers.resolve(value))
        row = editor.view.rows[field_id]
        fill(row.editor, value, qtbot)
    for requirement, names in answers.attachments.items():
        for name in names:
            assert editor.attachments.add(str(answers.resolve(name)), requirement)
    editor.flush()
    return answers.answers


def test_every_programme_end_to_end(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    client_id = create_client(window, qtbot)
    forms = {f.key: f for f in load_shipped()}
    samples = one_sample_per_form()
    assert set(samples) == set(forms)
    for key, sample in samples.items():
        form = forms[key]
        app_id = window.create_application(form, client_id)
        assert app_id is not None
        editor = window.editor
        assert editor is not None
        # prefilled from the client's profile, and marked as such
        name_fields = [f.id for f in form.fields.values() if f.profile == "company.name"]
        assert name_fields and editor.view.answers[name_fields[0]] == "주식회사 한빛데이터"
        assert "회사 정보" in editor.view.rows[name_fields[0]].mark.text()
        fill_application(window, form, sample, qtbot)
        result = editor.view.revalidate()
        assert [(i.path, i.code) for i in result.errors] == []
        assert "오류가 없습니다" in editor.checks.summary.text()
        assert editor.saved_label.text().startswith("저장됨 ")
        shown = dict(editor.view.answers)
        section = form.sections[-1].id
        editor.view.go_to_section(section)

        out = tmp_path / f"{form.id}.pdf"
        with qtbot.waitSignal(window.exporter.done, timeout=60_000):
            assert window.export_pdf(path=out, final=True, preview=False)
        assert out.read_bytes().startswith(b"%PDF")
        assert window.desk.apps.get(app_id).status == "exported"
        assert "PDF 완료" in editor.title.text()  # the header says so at once, not after a reopen

        window.show_home()
        assert window.editor is None
        reopened = window.open_app(app_id)
        assert reopened is not None
        assert reopened.view.current_section() == section
        assert reopened.view.answers == shown
        stored = window.desk.apps.open(app_id).values
        assert json.loads(json.dumps(stored)) == json.loads(json.dumps(shown))
        assert len(window.desk.attachments.of(app_id)) == sum(len(v) for v in read_answers(sample).attachments.values())
        window.show_home()
    assert window.home.model.rowCount() == len(forms)


def test_f8_walks_issues_and_undo_redo(window: MainWindow, qtbot: QtBot) -> None:
    form = load_shipped()[0]
    app_id = window.create_application(form, None)
    assert app_id is not None
    editor = window.editor
    assert editor is not None
    first = editor.checks.next_issue()
    second = editor.checks.next_issue()
    assert first and second and first != second
    text_field = next(f for f in form.fields.values() if f.type == "text" and f.required is True)
    line = editor.view.rows[text_field.id].editor
    assert isinstance(line, LineEditor)
    commit_text(line.edit, "첫 번째")
    editor.flush()
    line._commit()  # the user leaves the field: the next typing there is a new undo step
    line.edit.clear()
    commit_text(line.edit, "두 번째")
    editor.flush()
    assert window.desk.apps.open(app_id).values[text_field.id] == "두 번째"
    editor.undo()
    assert line.edit.text() == "첫 번째"
    editor.redo()
    assert line.edit.text() == "두 번째"
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert editor.tabs.currentWidget() is editor.checks


def test_final_export_refused_while_errors_remain(window: MainWindow, tmp_path: Path) -> None:
    form = load_shipped()[0]
    app_id = window.create_application(form, None)
    assert app_id is not None
    seen: list[str] = []
    errors.set_sink(lambda summary, _d: seen.append(summary))
    assert not window.export_pdf(path=tmp_path / "x.pdf", final=True, preview=False)
    assert seen and "최종본" in seen[0]
    assert not (tmp_path / "x.pdf").exists()
