"""Picking a label in a table cell's list as the user does: the list opens in the cell with its
editor; the arrow keys move in it and Enter takes the highlighted label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.table_editor import PickList, TableEditor


def open_list(table: TableEditor) -> PickList:
    lists = [w for w in table.table.viewport().findChildren(PickList) if w.isVisible()]
    assert len(lists) == 1, "the cell's list is open"
    return lists[0]


def pick_in_open_list(qtbot: QtBot, table: TableEditor, label: str) -> None:
    picker = open_list(table)
    labels = [picker.item(i).text() for i in range(picker.count())]
    assert label in labels, labels
    target = labels.index(label)
    for _ in range(len(labels) + 1):
        row = picker.currentRow()
        if row == target:
            break
        qtbot.keyClick(picker, Qt.Key.Key_Down if row < target else Qt.Key.Key_Up)
    assert picker.currentRow() == target
    qtbot.keyClick(picker, Qt.Key.Key_Return)
