"""The one place where errors reach the user: plain Korean/English first, details to copy.

Storage faults carry their own messages (desktop_app.storage.errors); PDF and file problems
say what to do; anything else is a bug, shown with its traceback in the details.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import language, t


def describe(exc: BaseException) -> tuple[str, str]:
    """(summary for the user, details to copy)."""
    from desktop_app.pdf import PdfError
    from desktop_app.storage.errors import EnvironmentFault, StorageError

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, StorageError):
        summary = exc.message(language())
        if not isinstance(exc, EnvironmentFault):
            return summary, f"{type(exc).__name__}: {exc}"
        return summary, f"{type(exc).__name__}: {exc}\n\n{details}"
    if isinstance(exc, PdfError):
        return t(f"PDF를 만들지 못했습니다: {exc}", f"The PDF was not written: {exc}"), details
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return t(f"파일을 처리하지 못했습니다{where}: {exc.strerror}",
                 f"A file could not be used{where}: {exc.strerror}"), details
    return t("예기치 못한 오류가 발생했습니다. 입력한 내용은 저장되어 있습니다. 아래 내용을 복사해 알려 주세요.",
             "An unexpected error occurred. Your answers are saved. Please copy the details below "
             "and report them."), details


# Tests (and a future log window) receive errors here instead of a modal dialog.
_sink: Callable[[str, str], None] | None = None


def set_sink(sink: Callable[[str, str], None] | None) -> None:
    global _sink
    _sink = sink


def show_error(parent: QWidget | None, error: BaseException | str, details: str = "") -> None:
    summary, more = describe(error) if isinstance(error, BaseException) else (error, details)
    if _sink is not None:
        _sink(summary, more)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, t("문제가 생겼습니다", "Something went wrong"),
                      summary, QMessageBox.StandardButton.Ok, parent)
    if more:
        box.setDetailedText(more)
    box.setObjectName("error-dialog")
    box.exec()
