"""Repeating groups (budget lines, schedule, data plan, KPIs) as an editable table.

Cells are typed as text and converted per column type on the way out, so a half-typed value is
never lost: the validator reports it instead. Computed columns are shown, not edited.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.forms.model import FieldDef
from ui.fields import KOREAN, FieldEditor
from ui.i18n import language, t


def cell_text(column: FieldDef, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "money" and isinstance(value, int) and not isinstance(value, bool):
        return KOREAN.toString(value)
    if column.type == "boolean":
        return t("예", "yes") if value else t("아니오", "no")
    if column.type == "choice":
        return column.choice_label(str(value), language())
    return str(value)


def cell_value(column: FieldDef, text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if column.type in ("money", "integer"):
        digits = text.replace(",", "")
        return int(digits) if re.fullmatch(r"-?\d+", digits) else text
    if column.type in ("number", "percent"):
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    if column.type == "boolean":
        return text.lower() in ("예", "yes", "y", "true", "1", "o")
    if column.type == "choice":
        for c in column.choices:
            if text in (c.value, c.label.ko, c.label.en):
                return c.value
    return text


class TableEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.columns = list(field.columns)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.label.get(language()) for c in self.columns])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(160)
        self._watch_focus(self.table)
        self.table.itemChanged.connect(self._emit)
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

    def _item(self, column: FieldDef, value: Any) -> QTableWidgetItem:
        item = QTableWidgetItem(cell_text(column, value))
        if column.compute:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(t("자동 계산", "computed"))
        if column.type in ("money", "integer", "number", "percent"):
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
