"""One 잠금 해제 dialog at a time: a read that needs the passphrase while the dialog is open
(its event loop runs the home list's checks) got a second dialog stacked on the first (a tester
typed the passphrase three times at start)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import passphrase
from ui.passphrase import PassphraseDialog, ask_passphrase


def test_a_nested_ask_gets_no_second_dialog(qtbot: QtBot) -> None:
    passphrase._declined_at = None
    nested: list[object] = []
    dialogs: list[int] = []

    def while_open() -> None:
        open_now = [w for w in QApplication.topLevelWidgets() if isinstance(w, PassphraseDialog) and w.isVisible()]
        dialogs.append(len(open_now))
        nested.append(ask_passphrase("unlock"))  # would exec a second dialog and block here
        open_now[0].first.setText("correct horse 42")
        open_now[0]._accept()

    QTimer.singleShot(200, while_open)
    assert ask_passphrase("unlock") == "correct horse 42"
    assert dialogs == [1] and nested == [None]
    assert not passphrase._asking
