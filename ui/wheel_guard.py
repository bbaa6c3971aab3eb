"""The mouse wheel scrolls the page, not the drop-down or number box the pointer passes over.

Why: scrolling down the long 회사 정보 or application form changed 과세 유형 to 면세사업자 under
the pointer (a tester); a choice, number or date box changes with the wheel only once it has
the keyboard focus (clicked or tabbed into), as in the browsers people know.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QComboBox | QAbstractSpinBox)
                and not watched.hasFocus()):
            event.ignore()  # handed on to the scroll area around it
            parent = watched.parentWidget()
            if isinstance(parent, QWidget):
                QCoreApplication.sendEvent(parent, event)
            return True
        return False


_guard: _WheelGuard | None = None


def install() -> None:
    """Once per application (idempotent)."""
    global _guard
    app = QCoreApplication.instance()
    if app is None or _guard is not None:
        return
    _guard = _WheelGuard(app)
    app.installEventFilter(_guard)
