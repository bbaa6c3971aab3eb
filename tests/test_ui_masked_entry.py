"""A click in the middle of an empty masked box (사업자등록번호 NNN-NN-NNNNN) left the cursor past
the blanks, and the digits typed next went nowhere (a founder, twice). Now they land."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop_app.forms import find_form
from ui.fields import make_editor


def test_digits_typed_after_a_click_in_the_middle_land(qtbot: QtBot) -> None:
    field = find_form("data-voucher@2026").fields["brn"]
    editor = make_editor(field)
    qtbot.addWidget(editor)
    editor.resize(400, 60)
    editor.show()
    qtbot.waitExposed(editor)
    box = editor.focus_target()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() * 2 // 3, box.height() // 2))
    qtbot.keyClicks(box, "2208162517")
    assert editor.value() == "220-81-62517"
    # and a click past what is typed continues where the digits stop
    box.clear()
    qtbot.keyClicks(box, "220")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 5, box.height() // 2))
    qtbot.keyClicks(box, "8162517")
    assert editor.value() == "220-81-62517"
