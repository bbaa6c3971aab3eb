"""Start the window: Qt, the bundled font, the language, the first-run question, then the core.

The window appears as soon as Qt is up (≈0.1 s); the core (pydantic models, sqlite-utils,
the form definitions) is imported on a worker thread meanwhile, and the database is opened
on the GUI thread, which owns the connection. A database that cannot be opened is explained in
plain words, and a corrupt one offers its latest backup, instead of a crash.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from desktop_app import paths
from ui import gc_guard, ops, settings, window_place
from ui.errors import show_error
from ui.fonts import register_fonts
from ui.i18n import set_language, t
from ui.passphrase import ask_passphrase
from ui.qt_translations import apply_language
from ui.style import apply_style

QUIT_WHEN_IDLE = "VOUCHER_DESK_QUIT_WHEN_IDLE"  # benchmarks/startup.py measures start-up


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors in slots reach the user in the one error dialog, not stderr only."""
    sys.__excepthook__(kind, exc, tb)
    if isinstance(exc, KeyboardInterrupt):
        return
    show_error(None, exc.with_traceback(tb))


def load_core() -> tuple[list[Any], str | None]:
    """Import the core and read the form definitions (a worker's job: no Desk, no widgets)."""
    from desktop_app.service import (
        Desk,  # noqa: F401 (imported here, used on the GUI thread)
        FormDefinitionError,
        load_shipped,
    )
    from ui import main_window  # noqa: F401 (module import only; widgets are built later)

    try:
        return load_shipped(), None
    except FormDefinitionError as exc:
        return [], str(exc)


def _open_desk() -> Any:
    from desktop_app.service import DatabaseCorrupt, Desk, StorageError

    try:
        # the daily backup runs on a worker (BackupWorker); a passphrase is asked only where no
        # OS keyring works and a sensitive answer is first needed
        return Desk.open(auto_backup=False, passphrase=ask_passphrase, durability="deferred")
    except DatabaseCorrupt as exc:
        return _offer_backup(exc)
    except StorageError as exc:
        show_error(None, exc)
        return None


def _offer_backup(exc: Any) -> Any:
    from desktop_app.service import Desk

    if exc.backup is None:
        show_error(None, exc)
        return None
    answer = QMessageBox.question(
        None, t("데이터베이스 손상", "Database damaged"),
        t(f"데이터베이스가 손상되었습니다. 가장 최근 백업({exc.backup.name})으로 복구할까요? 손상된 파일은 따로 보관합니다.",
          f"The database is damaged. Restore the latest backup ({exc.backup.name})? The damaged file is kept aside."))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    aside = Desk.replace_damaged(exc.backup)
    QMessageBox.information(None, t("복구됨", "Restored"),
                            t(f"백업으로 복구했습니다. 손상된 파일: {aside}", f"Restored from the backup. The damaged file: {aside}"))
    return Desk.open(auto_backup=False, passphrase=ask_passphrase, durability="deferred")


def daily_backup() -> Any:
    """The rolling daily backup and, when due, the scheduled integrity check (storage.health):
    a worker's job, with a Desk (a connection) of its own, never before the window."""
    from desktop_app.service import Desk

    with Desk.open(auto_backup=False) as desk:
        return desk.upkeep()


class Starter(QObject):
    """Shows the shell window, then swaps in the main window once the core is ready."""

    def __init__(self, app: QApplication, mode: str) -> None:
        super().__init__()
        self.app = app
        self.mode = mode
        self.desk: Any = None
        self.window: Any = None
        self.shell = QMainWindow()
        self.shell.setWindowTitle(t("바우처 데스크", "Voucher Desk"))
        label = QLabel(t("불러오는 중…", "Loading…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shell.setCentralWidget(label)
        window_place.place(self.shell)
        self.loader = ops.Task(self.shell)
        self.loader.done.connect(lambda loaded: self._loaded(*loaded))
        # a failed backup is shown (ops' default display); the app works on without it
        self.backup = ops.Task(None)
        self.backup.done.connect(self._backed_up)

    def _backed_up(self, outcome: object) -> None:
        if self.window is not None:
            self.window.own_work_done()
        if outcome is not None and self.window is not None:
            self.window.statusBar().showMessage(t(f"오늘의 자동 백업: {outcome}", f"Today's backup: {outcome}"), 6000)

    def start(self) -> None:
        self.shell.show()
        if os.environ.get(QUIT_WHEN_IDLE):
            QTimer.singleShot(0, lambda: print("ready", flush=True))
        self.loader.start(load_core)

    def _loaded(self, forms: list[Any], problem: str | None) -> None:
        from ui.main_window import MainWindow

        if problem:
            show_error(self.shell, t("설치된 양식 파일에 문제가 있습니다.", "An installed form definition has problems."), problem)
        self.desk = _open_desk()
        if self.desk is None:
            self.shell.close()
            self.app.exit(2)
            return
        self.window = MainWindow(self.desk, forms, self.mode)
        self.window.show()
        self.shell.close()
        self.backup.start(daily_backup)
        if os.environ.get(QUIT_WHEN_IDLE):
            QTimer.singleShot(0, lambda: (print("home", flush=True), self.app.quit()))


def run_window(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Voucher Desk")
    gc_guard.install()
    icon = paths.resource_root() / "resources" / "icons" / "voucher-desk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    register_fonts(app)
    apply_style(app)
    set_language(settings.saved_language())
    apply_language(app, settings.saved_language())
    sys.excepthook = _excepthook
    mode = settings.mode()
    if mode is None:
        from ui.first_run import FirstRunDialog

        dialog = FirstRunDialog()
        dialog.exec()
        mode = dialog.choice
        settings.set_mode(mode)
    starter = Starter(app, mode)
    starter.start()
    try:
        return app.exec()
    finally:
        ops.wait_for_workers()
        if starter.desk is not None:
            starter.desk.close()
