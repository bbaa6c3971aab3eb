"""Choice, yes/no and date columns of a table as the user meets them: a list of labels to pick
from, typed labels read as their values, dates in everyday formats, and nothing unknown taken
as some other answer (issue 13, item 2 and 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pick_list import open_list, pick_in_open_list
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_form
from ui import i18n
from ui.form_view import FormView
from ui.table_editor import PickList, TableEditor

FORMS = Path(__file__).resolve().parent.parent / "forms"


@pytest.fixture(params=["ko", "en"])
def view(request: pytest.FixtureRequest, qtbot: QtBot) -> FormView:
    i18n.set_language(request.param)
    v = FormView(load_form(FORMS / "ai-data-voucher-2020.yaml"), {})
    qtbot.add_widget(v)
    v.resize(1200, 800)
    v.show()
    return v


def table_of(view: FormView, field_id: str) -> TableEditor:
    editor = view.rows[field_id].editor
    assert isinstance(editor, TableEditor)
    view.focus_field(field_id)
    return editor


def pick(editor: TableEditor, qtbot: QtBot, row: int, column_id: str, label: str) -> None:
    """Open the cell's editor (F2, as a user would) and pick `label` with the keyboard."""
    col = [c.id for c in editor.columns].index(column_id)
    editor.table.setFocus()
    editor.table.setCurrentCell(row, col)
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    focused = QApplication.focusWidget()
    assert isinstance(focused, PickList), f"{column_id}: no list to pick from ({focused!r})"
    pick_in_open_list(qtbot, editor, label)
    qtbot.waitUntil(lambda: editor.table.state() != QAbstractItemView.State.EditingState)


def set_cell(editor: TableEditor, row: int, column_id: str, text: str) -> None:
    col = [c.id for c in editor.columns].index(column_id)
    item = editor.table.item(row, col)
    assert item is not None
    item.setText(text)


def test_choice_and_yes_no_cells_are_picked_from_their_labels(view: FormView, qtbot: QtBot) -> None:
    ko = i18n.language() == "ko"
    datasets = table_of(view, "datasets")
    add = next(b for b in datasets.findChildren(QPushButton) if b.text() in ("행 추가", "Add row"))
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    pick(datasets, qtbot, 0, "rights", "자체 생산(권리 보유)" if ko else "Own data")
    pick(datasets, qtbot, 0, "personal_data", "예" if ko else "yes")
    pick(datasets, qtbot, 0, "labelling", "폴리곤" if ko else "Polygon")
    row = view.answers["datasets"][0]
    assert (row["rights"], row["personal_data"], row["labelling"]) == ("own", True, "polygon")
    # personal data → the de-identification plan is now asked for
    issues = {i.path: i for i in view.revalidate().issues}
    assert issues["datasets[0].deidentification"].code == "required"
    pick(datasets, qtbot, 0, "personal_data", "아니오" if ko else "no")
    assert view.answers["datasets"][0]["personal_data"] is False
    assert "datasets[0].deidentification" not in {i.path for i in view.revalidate().issues}

    kpis = table_of(view, "kpis")
    kpis.add_row()
    pick(kpis, qtbot, 0, "direction", "낮을수록 좋음" if ko else "Lower")
    assert view.answers["kpis"][0]["direction"] == "down"


def test_typed_labels_are_read_and_unknown_text_is_reported_not_coerced(view: FormView) -> None:
    datasets = table_of(view, "datasets")
    datasets.add_row()
    datasets.add_row()
    set_cell(datasets, 0, "rights", "자체 보유")          # words of "자체 생산(권리 보유)"
    set_cell(datasets, 0, "personal_data", "있음")
    set_cell(datasets, 1, "rights", "우리 것")
    set_cell(datasets, 1, "personal_data", "몰라")
    rows = view.answers["datasets"]
    assert rows[0]["rights"] == "own" and rows[0]["personal_data"] is True
    assert rows[1]["rights"] == "우리 것" and rows[1]["personal_data"] == "몰라"  # kept as typed
    issues = {i.path: i for i in view.revalidate().issues}
    rights, personal = issues["datasets[1].rights"], issues["datasets[1].personal_data"]
    assert rights.code == "choice.unknown" and personal.code == "boolean.unknown"
    assert "자체 생산(권리 보유), 이용허락 확보" in rights.message_ko
    assert "Own data, Licensed from a third party" in rights.message_en
    assert "own, licensed" not in rights.message_ko + rights.message_en
    assert "'몰라'" in personal.message_ko and "예" in personal.message_ko
    # "있음" asks for the de-identification plan (it used to be taken as "no")
    assert issues["datasets[0].deidentification"].code == "required"

    kpis = table_of(view, "kpis")
    kpis.add_row()
    set_cell(kpis, 0, "direction", "높을수록")
    assert view.answers["kpis"][0]["direction"] == "up"


def test_table_dates_accept_everyday_formats(view: FormView) -> None:
    schedule = table_of(view, "schedule")
    date_columns = [c.id for c in schedule.columns if c.type == "date"]
    assert len(date_columns) >= 2
    schedule.add_row()
    set_cell(schedule, 0, date_columns[0], "2020.07.01")
    set_cell(schedule, 0, date_columns[1], "20200930")
    row = view.answers["schedule"][0]
    assert (row[date_columns[0]], row[date_columns[1]]) == ("2020-07-01", "2020-09-30")
    item = schedule.table.item(0, [c.id for c in schedule.columns].index(date_columns[0]))
    assert item is not None and item.text() == "2020-07-01"  # shown as read
    set_cell(schedule, 0, date_columns[1], "2020/9/31")  # no such day: kept, reported
    assert view.answers["schedule"][0][date_columns[1]] == "2020/9/31"
    issue = next(i for i in view.revalidate().issues if i.path == f"schedule[0].{date_columns[1]}")
    assert issue.code == "date.format" and "2020/9/31" in issue.message_ko


def test_one_click_on_a_choice_cell_opens_its_list(view: FormView, qtbot: QtBot) -> None:
    """No F2 or double click needed: a single click shows the labels, a click on one picks it."""
    ko = i18n.language() == "ko"
    datasets = table_of(view, "datasets")
    datasets.add_row()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # leave the new row's first cell
    col = [c.id for c in datasets.columns].index("rights")
    datasets.table.scrollTo(datasets.table.model().index(0, col))
    rect = datasets.table.visualRect(datasets.table.model().index(0, col))
    qtbot.mouseClick(datasets.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    picker = open_list(datasets)
    labels = [picker.item(i).text() for i in range(picker.count())]
    assert "자체 생산(권리 보유)" in labels if ko else "Own data" in labels
    assert picker.height() >= picker.sizeHintForRow(0) * min(picker.count(), 4), "open, not a one-line box"
    label = "이용허락 확보" if ko else "Licensed from a third party"
    item = picker.item(labels.index(label))
    qtbot.mouseClick(picker.viewport(), Qt.MouseButton.LeftButton, pos=picker.visualItemRect(item).center())
    qtbot.waitUntil(lambda: datasets.table.state() != QAbstractItemView.State.EditingState)
    assert view.answers["datasets"][0]["rights"] == "licensed"
    # a plain text column still edits as text: no list there
    text_col = [c.id for c in datasets.columns].index("source")
    rect = datasets.table.visualRect(datasets.table.model().index(0, text_col))
    qtbot.mouseClick(datasets.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not [w for w in datasets.table.viewport().findChildren(PickList) if w.isVisible()]


def test_typing_on_a_choice_cell_opens_its_list_at_the_typed_label(view: FormView, qtbot: QtBot) -> None:
    kpis = table_of(view, "kpis")
    kpis.add_row()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    col = [c.id for c in kpis.columns].index("direction")
    kpis.table.setFocus()
    kpis.table.setCurrentCell(0, col)
    if i18n.language() == "en":
        qtbot.keyClicks(kpis.table, "L")  # Lower
    else:  # Hangul arrives through the input method, as a Korean keyboard sends it
        event = QInputMethodEvent()
        event.setCommitString("낮")  # 낮을수록 좋음, found by its first syllable
        QApplication.sendEvent(kpis.table, event)
    picker = open_list(kpis)
    assert picker.value() == "down", "the typed letter moved to the label starting with it"
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kpis.table.state() != QAbstractItemView.State.EditingState)
    assert view.answers["kpis"][0]["direction"] == "down"


def test_a_choice_cells_list_shows_every_label_in_a_short_table(qtbot: QtBot) -> None:
    """In a table of one row, the 비목 list opened inside the table's small viewport showed 2 of
    its 7 labels under the buttons (a founder). The table now keeps room for the list."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from desktop_app.forms import find_form
    from ui.table_editor import PickList, TableEditor

    field = find_form("data-voucher@2026").fields["budget"]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    big = QFont(before)
    big.setPointSize(16)  # rows as tall as at 150 % scaling
    app.setFont(big)
    try:
        editor = TableEditor(field)
    finally:
        app.setFont(before)
    editor.setFont(big)
    qtbot.addWidget(editor)
    editor.resize(900, 150)  # squeezed, as between a screen's other questions and error lines
    editor.show()
    qtbot.waitExposed(editor)
    editor.add_row()
    column = next(j for j, c in enumerate(editor.columns) if c.choices)
    if editor.table.state() != editor.table.State.EditingState:  # 행 추가 opens the first cell
        editor.table.setCurrentCell(0, column)
        item = editor.table.item(0, column)
        assert item is not None
        editor.table.editItem(item)
    picker = next(w for w in editor.table.findChildren(PickList) if w.isVisible())
    assert picker.count() == 7 + 1 or picker.count() == 7  # the labels (and a blank to clear)
    assert picker.height() >= picker.sizeHintForRow(0) * picker.count(), (picker.height(), picker.count())
