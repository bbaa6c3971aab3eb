"""Repeating groups (budget lines, schedule, data plan, KPIs) as an editable table.

Cells hold text and are read per column type on the way out (the column's kind, desktop_app/forms/kinds.py), so
a half-typed value is never lost: the validator reports it instead, naming what is allowed.
Choice and yes/no columns are picked from a list of their labels; dates may be typed as
1997-03-14, 19970314, 1997.03.14 or 1997/3/14 and are shown as ISO once read. Computed columns
are shown, not edited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.forms.model import FieldDef
from ui.fields import FieldEditor, editor_for
from ui.i18n import language, t


def cell_text(column: FieldDef, value: Any) -> str:
    """A cell as the user edits it (the column's kind decides: 12,345,000 / 예 / a choice label)."""
    return column.kind.edit_text(value, language(), column)


def cell_value(column: FieldDef, text: str) -> Any:
    """The cell's answer: a number, a yes/no, a choice value or an ISO date when the text reads
    as one (the column's kind reads it); the text itself otherwise (reported by validation,
    never another answer)."""
    text = text.strip()
    return column.kind.from_text(text, column) if text else None


def pick_list(column: FieldDef) -> list[tuple[str, Any]]:
    """What a choice or yes/no cell offers: an unanswered entry, then the labels."""
    items: list[tuple[str, Any]] = [(t("— 선택 —", "— choose —"), None)]
    if column.kind.family == "boolean":
        return [*items, (t("예", "yes"), True), (t("아니오", "no"), False)]
    return [*items, *((c.label.get(language()), c.value) for c in column.choices)]


Index = QModelIndex | QPersistentModelIndex


class PickList(QListWidget):
    """The column's labels as a list open in the cell itself (no separate popup window, so focus
    never leaves the table while choosing): a click on a label picks it, typed letters move to
    the first label starting with them, arrows and Enter work as in any list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)  # Hangul typed through the IME

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A syllable committed by the Korean input method finds the label starting with it."""
        if event.commitString():
            self.keyboardSearch(event.commitString())
        event.accept()

    def value(self) -> Any:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def row_of(self, value: Any) -> int:
        for i in range(self.count()):
            item = self.item(i)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == value:
                return i
        return -1


class PickDelegate(QStyledItemDelegate):
    """A list of the column's labels in place of free text (choice and yes/no columns), open as
    soon as the cell is edited — by one click, a typed letter, F2 or a double click (issue 13).
    The cell keeps the label it shows; `cell_value` reads it back as the value."""

    def __init__(self, column: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        picker = PickList(parent)
        picker.setObjectName("cellPickList")
        for text, value in pick_list(self.column):
            item = QListWidgetItem(text or " ")
            item.setData(Qt.ItemDataRole.UserRole, value)
            picker.addItem(item)
        picker.setAccessibleName(self.column.label.get(language()))
        picker.itemClicked.connect(lambda _item: self._picked(picker))
        return picker

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        """As tall as its labels (within the table's viewport), below the cell — or above it when
        there is more room there — and at least as wide as the cell."""
        assert isinstance(editor, PickList)
        cell = option.rect
        frame = 2 * editor.frameWidth()
        height = editor.sizeHintForRow(0) * editor.count() + frame
        width = max(cell.width(), editor.sizeHintForColumn(0) + frame + 24)
        parent = editor.parentWidget()
        area = parent.rect() if parent is not None else cell
        below, above = area.bottom() - cell.top(), cell.bottom() - area.top()
        room = max(below, above)
        height = max(min(height, room), cell.height())
        top = cell.top() if below >= height or below >= above else cell.bottom() - height + 1
        left = min(cell.left(), max(area.right() - width, 0))
        editor.setGeometry(left, top, width, height)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, PickList)
        value = cell_value(self.column, str(index.data() or ""))
        editor.setCurrentRow(max(editor.row_of(value) if value is not None else 0, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, PickList)
        value = editor.value()
        model.setData(index, "" if value is None else cell_text(self.column, value))

    def _picked(self, picker: PickList) -> None:
        """A label clicked in the open list is the answer: write it and close the list."""
        self.commitData.emit(picker)
        self.closeEditor.emit(picker, QStyledItemDelegate.EndEditHint.NoHint)


class _Table(QTableWidget):
    """A Hangul syllable committed on a choice cell opens its list at the label starting with it
    (Qt opens the editor but does not pass the input method's text on, as it does a key)."""

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        text = event.commitString()
        opened = [w for w in self.viewport().findChildren(PickList) if w.isVisible()]
        if text and len(opened) == 1:
            opened[0].keyboardSearch(text)


@editor_for("table")
class TableEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.columns = list(field.columns)
        self.table = _Table(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.label.get(language()) for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(160)
        self._watch_focus(self.table)
        self.delegates: dict[int, PickDelegate] = {}
        for j, column in enumerate(self.columns):
            if column.kind.closed_question and not column.compute:
                self.delegates[j] = PickDelegate(column, self.table)
                self.table.setItemDelegateForColumn(j, self.delegates[j])
        if self.delegates:  # room for a choice column's open list (up to 8 labels), which lives
            # inside the table: in a short table a founder saw 2 of the 비목 under the buttons
            labels = min(max(len(pick_list(c)) for c in (self.columns[j] for j in self.delegates)), 8)
            row = self.table.verticalHeader().defaultSectionSize()
            header = self.table.horizontalHeader().sizeHint().height()
            self.table.setMinimumHeight(max(160, header + (labels + 1) * row + 2 * self.table.frameWidth()))
        self.table.itemChanged.connect(self._cell_changed)
        self.table.cellClicked.connect(self._clicked)
        buttons = QHBoxLayout()
        actions = ((t("행 추가", "Add row"), self.add_row), (t("행 삭제", "Remove row"), self.remove_row),
                   (t("위로", "Up"), lambda: self.move_row(-1)), (t("아래로", "Down"), lambda: self.move_row(1)))
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addWidget(self.table)
        self.layout_.addLayout(buttons)

    def focus_target(self) -> QWidget:
        return self.table

    def _clicked(self, row: int, column: int) -> None:
        """One click on a choice or yes/no cell opens its list (no double click needed)."""
        item = self.table.item(row, column)
        if column in self.delegates and item is not None and self.table.state() != QAbstractItemView.State.EditingState:
            self.table.editItem(item)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        """A date typed as 20200701 or 2020.07.01 is shown as 2020-07-01 once read."""
        column = self.columns[item.column()]
        if column.kind.family == "date":
            value = cell_value(column, item.text())
            shown = cell_text(column, value)
            if isinstance(value, str) and value != item.text().strip():  # read as a date
                self.table.blockSignals(True)
                item.setText(shown)
                self.table.blockSignals(False)
        self._emit()

    def _item(self, column: FieldDef, value: Any) -> QTableWidgetItem:
        item = QTableWidgetItem(cell_text(column, value))
        if column.compute:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(t("자동 계산", "computed"))
        if column.kind.numeric:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def add_row(self) -> None:
        if self.field.max_rows is not None and self.table.rowCount() >= self.field.max_rows:
            return
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for j, column in enumerate(self.columns):
            self.table.setItem(row, j, self._item(column, None))
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        # the cursor goes into the new row's first cell: what is typed next fills it, instead of
        # pressing the button again (issue 13 #6: six empty rows)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        first = next((j for j, c in enumerate(self.columns) if not c.compute), 0)
        self.table.setCurrentCell(row, first)
        item = self.table.item(row, first)
        if item is not None:
            self.table.editItem(item)
        self._emit()
        self._commit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._emit()
            self._commit()

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.rows()
        rows[row], rows[target] = rows[target], rows[row]
        self._show(rows)
        self.table.setCurrentCell(target, max(self.table.currentColumn(), 0))
        self._emit()
        self._commit()

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for i in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for j, column in enumerate(self.columns):
                if column.compute:
                    continue
                item = self.table.item(i, j)
                value = cell_value(column, item.text() if item else "")
                if value is not None:
                    row[column.id] = value
            out.append(row)
        return out

    def value(self) -> Any:
        rows = self.rows()
        return rows or None

    def _show(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, column in enumerate(self.columns):
                self.table.setItem(i, j, self._item(column, row.get(column.id) if isinstance(row, dict) else None))
        self.table.blockSignals(False)

    def show_computed(self, rows: list[dict[str, Any]]) -> None:
        """Refresh computed cells (e.g. amount = qty × price) from a validation result."""
        self.table.blockSignals(True)
        for i, row in enumerate(rows[: self.table.rowCount()]):
            for j, column in enumerate(self.columns):
                if column.compute:
                    self.table.setItem(i, j, self._item(column, row.get(column.id)))
        self.table.blockSignals(False)
