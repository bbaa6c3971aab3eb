"""The look and the layout's steadiness: the style sheet loads (and is bundled), an inline error
appearing or leaving does not move the fields below it, "행 추가" puts the cursor in the new row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_form
from ui import i18n
from ui.fields import LineEditor
from ui.form_view import FormView
from ui.style import apply_style, style_sheet_path
from ui.table_editor import TableEditor

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "tests" / "fixtures" / "forms" / "ui_demo.yaml"


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    assert apply_style(app)
    yield app
    app.setStyleSheet(before)


@pytest.fixture
def view(qtbot: QtBot, styled: QApplication) -> FormView:
    i18n.set_language("ko")
    v = FormView(load_form(FORM), {})
    qtbot.add_widget(v)
    v.resize(1000, 700)
    v.show()
    return v


def test_the_style_sheet_is_shipped_and_names_the_focus_ring(styled: QApplication) -> None:
    sheet = styled.styleSheet()
    assert ":focus" in sheet and "#1a5fb4" in sheet and "STYLE_DIR" not in sheet
    arrow = style_sheet_path().parent / "arrow-down.png"
    assert arrow.is_file() and arrow.as_posix() in sheet
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec  # resources/ (with styles/) goes into the bundle


def top_of(view: FormView, field_id: str) -> int:
    page = view.section_pages[0]
    body = page.widget()
    return view.rows[field_id].editor.mapTo(body, QPoint(0, 0)).y()


def test_an_inline_error_does_not_move_the_fields_below(view: FormView, qtbot: QtBot) -> None:
    below = "kind"
    before = top_of(view, below)
    brn = view.rows["brn"].editor
    assert isinstance(brn, LineEditor)
    brn.edit.setFocus()
    qtbot.keyClicks(brn.edit, "1248100999")  # a wrong check digit
    brn._commit()
    QApplication.processEvents()
    assert "검증번호" in view.rows["brn"].message.text()
    assert top_of(view, below) == before
    brn.edit.clear()
    qtbot.keyClicks(brn.edit, "1248100998")
    brn._commit()
    QApplication.processEvents()
    assert view.rows["brn"].message.text() == ""
    assert top_of(view, below) == before


def test_add_row_puts_the_cursor_in_the_new_rows_first_cell(view: FormView, qtbot: QtBot) -> None:
    view.go_to_section("plan")
    table = view.rows["budget"].editor
    assert isinstance(table, TableEditor)
    button = next(b for b in table.findChildren(QPushButton) if b.text() == "행 추가")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert table.table.rowCount() == 1
    assert table.table.currentRow() == 0 and table.table.currentColumn() == 0
    assert table.table.state() == QTableWidget.State.EditingState
    editor = QApplication.focusWidget() or table.window().focusWidget()
    assert editor is not None and table.table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "labeling")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert table.table.rowCount() == 1  # typing filled the row; it did not add more
    assert view.answers["budget"][0]["item"] == "labeling"


def test_a_long_inline_error_wraps_in_full_and_a_short_one_keeps_one_line(qtbot: QtBot) -> None:
    """Tester report (founder #3): long messages ended in "…" and could not be read where they were."""
    from ui.form_view import MessageLine

    line = MessageLine()
    qtbot.add_widget(line)
    line.resize(300, line.height())
    line.show()
    one = line.height()
    line.show_issues([("error", "필수 항목입니다.")])
    QApplication.processEvents()
    assert line.height() == one, "a short message stays on the reserved line (no jump)"
    long = ("민간부담금 5,000,000원(11.1%)이 최소 8,100,000원(총사업비의 18%)보다 적습니다. "
            "민간부담금을 늘리거나 정부지원금을 줄이세요.")
    line.show_issues([("error", long)])
    QApplication.processEvents()
    assert line.height() >= 2 * (one - 2), "a long message gets the lines it needs"
    needed = line.fontMetrics().boundingRect(0, 0, line.width(), 10_000, int(Qt.TextFlag.TextWordWrap), line.text())
    assert needed.height() <= line.height(), "all of it is drawn, nothing cut off"
    assert long in line.toolTip()
    line.show_issues([])
    QApplication.processEvents()
    assert line.height() == one
