"""Locking the window: after idle time, or on demand (Ctrl+L), when a passphrase protects the
data key. While locked the content is hidden and the key forgotten; the passphrase reopens it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from desktop_app.service import Lock, WrongPassphrase
from ui import ops
from ui.i18n import t
from ui.passphrase import PassphraseDialog

TICK_MS = 15_000
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})


class WindowLock(QObject):
    def __init__(self, window: QMainWindow, lock: Lock) -> None:
        super().__init__(window)
        self.window, self.lock = window, lock
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.lock.touch()
        return False

    def _tick(self) -> None:
        if self.lock.tick():
            self.show_locked()

    def lock_now(self) -> bool:
        """On demand; False where nothing can be locked (no passphrase set)."""
        if not self.lock.available:
            return False
        self._central().setEnabled(False)  # flush happens in the caller first
        self.lock.lock()
        self.show_locked()
        return True

    def _central(self) -> QWidget:
        central = self.window.centralWidget()
        assert central is not None, "the main window has its pages"
        return central

    def show_locked(self) -> None:
        """Hide everything until the right passphrase; giving up closes the window (all is saved)."""
        central = self._central()
        central.setVisible(False)
        while self.lock.locked:
            passphrase = self.ask()
            if passphrase is None:
                self.window.close()
                return
            self.try_unlock(passphrase)
        central.setVisible(True)
        central.setEnabled(True)

    def ask(self) -> str | None:
        dialog = PassphraseDialog("unlock", self.window, reason=t("잠겨 있습니다.", "Locked."))
        return dialog.passphrase() if dialog.exec() == PassphraseDialog.DialogCode.Accepted else None

    def try_unlock(self, passphrase: str) -> bool:
        try:
            # scrypt on a worker; the key record is read and the key kept on this thread
            self.lock.unlock(passphrase, run=lambda derive: ops.wait_for(
                self.window, derive, t("암호를 확인하는 중…", "Checking the passphrase…")))
        except WrongPassphrase:
            return False
        return True
