"""Two things a tester met in the window: scrolling the 회사 정보 pane with the wheel changed
과세 유형 under the pointer, and Ctrl+Q (or 파일 ▸ 끝내기) did nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import settings
from ui.main_window import MainWindow


def _wheel_down(widget: QComboBox) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_profile_not_the_choice_under_it(qtbot: QtBot, base_dir: Path) -> None:
    with Desk.open(auto_backup=False) as desk:
        desk.clients.create({"company.name": "바른제조"})
        window = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.addWidget(window)
        window.show()
        window.show_clients()
        profile = window.clients.profile
        combo = next(e for e in profile.findChildren(QComboBox) if e.isVisibleTo(window) and e.count() > 2)
        before = combo.currentIndex()
        combo.clearFocus()
        _wheel_down(combo)
        assert combo.currentIndex() == before  # the page scrolls; the answer stays
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus)
        _wheel_down(combo)
        assert combo.currentIndex() != before  # once chosen (focused) it turns, as people expect
        window.close()


def test_ctrl_q_and_file_quit_close_the_window(qtbot: QtBot, base_dir: Path) -> None:
    with Desk.open(auto_backup=False) as desk:
        window = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.quit_action in window.more_menu.actions()
        assert window.quit_action.text() in ("끝내기", "Quit")
        assert not window.quit_action.shortcut().isEmpty()
        window.quit_action.trigger()
        qtbot.waitUntil(lambda: not window.isVisible())
