"""Where the main window opens: its saved place, or 1280×860, but always inside the screen's
available area (a 1366×768 laptop lost the attachment buttons below the bottom edge)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ui import settings

DEFAULT = QSize(1280, 860)
KEY = "window/geometry"


def room(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit(window: QWidget, area: QRect) -> None:
    """Too big for `area`: fill it, maximised. Otherwise keep the size and pull it inside."""
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    if frame.width() > area.width() or frame.height() > area.height():
        window.setGeometry(area.x(), area.y(), area.width() - extra_w, area.height() - extra_h)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    x = min(max(frame.x(), area.x()), area.x() + area.width() - frame.width())
    y = min(max(frame.y(), area.y()), area.y() + area.height() - frame.height())
    window.move(x, y)


def place(window: QWidget) -> None:
    """Restore the last place (or the default size, centred), then fit it to the screen."""
    saved = settings.ui_settings().value(KEY)
    area = room(window)
    if not (isinstance(saved, QByteArray) and window.restoreGeometry(saved)):
        window.resize(DEFAULT)
        window.move(area.x() + (area.width() - DEFAULT.width()) // 2,
                    area.y() + (area.height() - DEFAULT.height()) // 2)
    if window.isMaximized():
        return
    fit(window, room(window))


def remember(window: QWidget) -> None:
    settings.ui_settings().setValue(KEY, window.saveGeometry())
