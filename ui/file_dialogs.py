"""File dialogs that start where the user keeps documents and remember where they went last.

The first dialog opens in the user's documents folder (never the program folder or /root); after
that each purpose (export, attachments, import, images) reopens its last folder (QSettings). In a
save dialog, typing a folder into the name box goes there and keeps the file name, and a folder
given as the answer gets the suggested name (issue 13 #11: the name was dropped).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from ui import settings
from ui.i18n import t


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def start_dir(purpose: str) -> Path:
    stored = settings.ui_settings().value(f"dialogs/{purpose}") or settings.ui_settings().value("dialogs/last")
    path = Path(str(stored)) if stored else None
    return path if path is not None and path.is_dir() else documents_dir()


def remember(purpose: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    store = settings.ui_settings()
    store.setValue(f"dialogs/{purpose}", str(folder))
    store.setValue("dialogs/last", str(folder))


def _exec(dialog: QFileDialog) -> bool:
    return bool(dialog.exec())


run: Callable[[QFileDialog], bool] = _exec  # tests drive the dialog's own widgets instead


class _Dialog(QFileDialog):
    """Qt's dialog, except that a folder typed into a save dialog's name box goes to that folder
    and puts the suggested name back (Qt leaves the folder's path in the box)."""

    keep_name: str | None = None

    def accept(self) -> None:
        box = self.findChild(QLineEdit, "fileNameEdit")
        typed = box.text().strip() if box is not None else ""
        if self.keep_name and typed:
            folder = Path(typed).expanduser()
            folder = folder if folder.is_absolute() else Path(self.directory().absolutePath()) / folder
            if folder.is_dir():
                self.setDirectory(str(folder))
                self.selectFile(self.keep_name)
                return
        super().accept()


def _dialog(parent: QWidget | None, title: str, purpose: str, filters: str) -> _Dialog:
    dialog = _Dialog(parent, title, str(start_dir(purpose)), filters)
    if not sys.platform.startswith(("win", "darwin")):
        # Qt's own dialog where no native one exists, so the name-keeping below works everywhere
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    # Qt's Korean catalogue (qtbase_ko) lacks "&Look in:" and "Files of &type:": name them ourselves
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, t("찾는 위치(&L):", "&Look in:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, t("파일 형식(&T):", "Files of &type:"))
    return dialog


def open_path(parent: QWidget | None, title: str, filters: str, purpose: str) -> Path | None:
    dialog = _dialog(parent, title, purpose, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if not run(dialog) or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    remember(purpose, chosen)
    return chosen


def save_path(parent: QWidget | None, title: str, name: str, filters: str, purpose: str) -> Path | None:
    """Where to save `name`; a folder typed in the name box keeps the name."""
    dialog = _dialog(parent, title, purpose, filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(name)
    dialog.keep_name = name
    dialog.directoryEntered.connect(lambda _folder: dialog.selectFile(name))
    if not run(dialog) or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    if chosen.is_dir():
        chosen = chosen / name
    remember(purpose, chosen)
    return chosen
