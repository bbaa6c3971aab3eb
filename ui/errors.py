"""The one place where errors reach the user: plain Korean/English first, details to copy.

The mapping follows desktop_app.errors' kinds: a refusal of bad input says what is wrong; the
environment's fault (busy, read-only, disk full, keyring, font) says what happened and what to
do, with the details kept for support; a bug — any other exception — says the answers are
safe and shows the traceback to copy.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import DeskError, kind_of
from ui.i18n import language, t

TITLES = {"refused": ("확인이 필요합니다", "Please check"), "environment": ("문제가 생겼습니다", "Something went wrong"),
          "bug": ("예기치 못한 오류", "Unexpected error")}


def describe(exc: BaseException) -> tuple[str, str]:
    """(summary for the user, details to copy)."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    kind = kind_of(exc)
    if isinstance(exc, DeskError):
        summary = exc.message(language())
        if kind == "refused":
            return summary, f"{type(exc).__name__}: {exc}"
        if kind == "environment":
            return summary, f"{type(exc).__name__}: {exc}\n\n{details}"
        return t(f"예기치 못한 오류가 발생했습니다. 입력한 내용은 저장되어 있습니다: {summary}",
                 f"An unexpected error occurred. Your answers are saved: {summary}"), details
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
    kind = kind_of(error) if isinstance(error, BaseException) else "environment"
    icon = QMessageBox.Icon.Critical if kind == "bug" else QMessageBox.Icon.Warning
    box = QMessageBox(icon, t(*TITLES[kind]), summary, QMessageBox.StandardButton.Ok, parent)
    if more:
        box.setDetailedText(more)
    box.setObjectName("error-dialog")
    box.exec()
