"""The guided editor widgets, driven like a user would (offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_form
from ui import i18n
from ui.fields import ChoiceEditor, LineEditor, MultiChoiceEditor, TextAreaEditor
from ui.form_view import FormView
from ui.table_editor import TableEditor

FORM = Path(__file__).resolve().parent / "fixtures" / "forms" / "ui_demo.yaml"


def type_korean(widget: Any, text: str) -> None:
    """What a Korean IME does: commit the composed text (keyClicks aborts on Hangul)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def view(qtbot: QtBot) -> FormView:
    i18n.set_language("ko")
    v = FormView(load_form(FORM), {})
    qtbot.add_widget(v)
    v.resize(1000, 700)
    v.show()
    return v


def test_typing_korean_saves_an_answer(view: FormView, qtbot: QtBot) -> None:
    editor = view.rows["company_name"].editor
    assert isinstance(editor, LineEditor)
    with qtbot.waitSignal(view.answer_changed) as signal:
        type_korean(editor.edit, "주식회사 데이터랩")
    assert signal.args == ["company_name", "주식회사 데이터랩"]
    assert view.answers["company_name"] == "주식회사 데이터랩"


def test_money_groups_thousands_and_stays_a_number(view: FormView, qtbot: QtBot) -> None:
    editor = view.rows["grant"].editor
    assert isinstance(editor, LineEditor)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "12345000")
    assert editor.edit.text() == "12,345,000"
    assert view.answers["grant"] == 12345000
    result = view.revalidate()
    assert [i.code for i in result.issues if i.path == "grant"] == ["over_cap"]
    assert "10,000,000" in view.rows["grant"].message.text()


def test_brn_is_tidied_and_a_bad_check_digit_shown_on_leaving(view: FormView, qtbot: QtBot) -> None:
    editor = view.rows["brn"].editor
    assert isinstance(editor, LineEditor)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "1248100998")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert editor.edit.text() == "124-81-00998"
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, "1248100999")
    editor._commit()
    assert view.rows["brn"].message.isVisible()
    assert "검증번호" in view.rows["brn"].message.text()


def test_show_if_follows_the_answer(view: FormView) -> None:
    row = view.rows["crn"]
    assert row.isHidden()
    kind = view.rows["kind"].editor
    assert isinstance(kind, ChoiceEditor)
    kind.combo.setCurrentIndex(kind.combo.findData("corp"))
    view.revalidate()
    assert not row.isHidden()
    assert view.section_pages[0].labels["crn"].text().endswith("*")
    kind.combo.setCurrentIndex(kind.combo.findData("person"))
    view.revalidate()
    assert row.isHidden()


def test_table_rows_and_computed_amounts(view: FormView) -> None:
    table = view.rows["budget"].editor
    assert isinstance(table, TableEditor)
    table.add_row()
    table.add_row()
    for col, text in ((0, "라벨링"), (1, "3"), (2, "1,000,000")):
        item = table.table.item(0, col)
        assert item is not None
        item.setText(text)
    assert view.answers["budget"][0] == {"item": "라벨링", "qty": 3, "price": 1000000}
    view.revalidate()
    amount = table.table.item(0, 3)
    assert amount is not None and amount.text() == "3,000,000"
    assert not amount.flags() & Qt.ItemFlag.ItemIsEditable
    assert "3,000,000원" in view.section_pages[1].computed_label.text()
    table.table.setCurrentCell(0, 0)
    table.move_row(1)
    assert view.answers["budget"][1]["item"] == "라벨링"
    table.table.setCurrentCell(1, 0)
    table.remove_row()
    assert len(view.answers["budget"]) == 1


def test_textarea_counts_and_multichoice(view: FormView) -> None:
    area = view.rows["summary"].editor
    assert isinstance(area, TextAreaEditor)
    area.edit.setPlainText("가" * 20)
    assert area.count.text() == "20 / 500자"
    areas = view.rows["areas"].editor
    assert isinstance(areas, MultiChoiceEditor)
    areas.boxes[1][1].setChecked(True)
    assert view.answers["areas"] == ["data"]


def test_loading_does_not_echo_saves(qtbot: QtBot) -> None:
    v = FormView(load_form(FORM), {})
    qtbot.add_widget(v)
    seen: list[str] = []
    v.answer_changed.connect(lambda f, _v: seen.append(f))
    v.load({"company_name": "가나다", "grant": 5000000, "budget": [{"item": "a", "qty": 1, "price": 2}],
            "founded": "2020-03-02", "consent": True, "areas": ["ai"]}, {"company_name": "profile"})
    assert seen == []
    assert v.rows["founded"].editor.value() == "2020-03-02"
    assert v.rows["grant"].editor.value() == 5000000
    assert "회사 정보" in v.rows["company_name"].mark.text()


def test_jump_to_an_issue(view: FormView) -> None:
    assert view.current_section() == "company"
    assert view.focus_field("budget[0].qty")
    assert view.current_section() == "plan"
    assert "예산" in view.help.toPlainText()
