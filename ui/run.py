"""Start the window: Qt, the bundled font, the language, the database, the first-run question.

A database that cannot be opened is explained in plain words, and a corrupt one offers its
latest backup, instead of a crash.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.forms import FormDefinition, FormDefinitionError, load_shipped
from desktop_app.storage.errors import DatabaseCorrupt
from ui import settings
from ui.errors import show_error
from ui.fonts import register_fonts
from ui.i18n import set_language, t


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors in slots reach the user in the one error dialog, not stderr only."""
    sys.__excepthook__(kind, exc, tb)
    if isinstance(exc, KeyboardInterrupt):
        return
    show_error(None, exc.with_traceback(tb))


def _forms() -> list[FormDefinition]:
    try:
        return load_shipped()
    except FormDefinitionError as exc:
        show_error(None, t("설치된 양식 파일에 문제가 있습니다.", "An installed form definition has problems."), str(exc))
        return []


def _open_desk() -> object | None:
    from desktop_app.service import Desk
    from desktop_app.storage.errors import StorageError

    try:
        return Desk.open()
    except DatabaseCorrupt as exc:
        return _offer_backup(exc)
    except StorageError as exc:
        show_error(None, exc)
        return None


def _offer_backup(exc: DatabaseCorrupt) -> object | None:
    from desktop_app.service import Desk
    from desktop_app.storage import backups
    from desktop_app.storage.location import Location

    if exc.backup is None:
        show_error(None, exc)
        return None
    answer = QMessageBox.question(
        None, t("데이터베이스 손상", "Database damaged"),
        t(f"데이터베이스가 손상되었습니다. 가장 최근 백업({exc.backup.name})으로 복구할까요? 손상된 파일은 따로 보관합니다.",
          f"The database is damaged. Restore the latest backup ({exc.backup.name})? The damaged file is kept aside."))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    aside = backups.replace_damaged(Location.default(), exc.backup)
    QMessageBox.information(None, t("복구됨", "Restored"),
                            t(f"백업으로 복구했습니다. 손상된 파일: {aside}", f"Restored from the backup. The damaged file: {aside}"))
    return Desk.open()


def run_window(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Voucher Desk")
    register_fonts(app)
    set_language(settings.saved_language())
    sys.excepthook = _excepthook
    from ui.first_run import FirstRunDialog
    from ui.main_window import MainWindow

    desk = _open_desk()
    if desk is None:
        return 2
    mode = settings.mode()
    if mode is None:
        dialog = FirstRunDialog()
        dialog.exec()
        mode = dialog.choice
        settings.set_mode(mode)
    window = MainWindow(desk, _forms(), mode)  # type: ignore[arg-type]
    window.show()
    try:
        return app.exec()
    finally:
        desk.close()  # type: ignore[attr-defined]
