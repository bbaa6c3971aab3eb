"""The window offers a recovery key when the data key is first made, and brings a lost keyring
entry back through the real dialogs (issue 14)."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring
from memory_keyring import MemoryKeyring
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.forms import find_form, load_shipped
from desktop_app.service import Desk, new_recovery_key
from ui import i18n, settings
from ui.editor import EditorPage
from ui.key_recovery import RecoverKeyDialog, RecoverySetupDialog
from ui.main_window import MainWindow

BIRTH = "1983-09-02"


def _window(qtbot: QtBot) -> MainWindow:
    i18n.set_language("ko")
    win = MainWindow(Desk.open(auto_backup=False), load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    return win


def test_recovery_key_offered_then_a_lost_keyring_entry_recovered(qtbot: QtBot, base_dir: Path,
                                                                    tmp_path: Path, ui_errors: list[str]) -> None:
    win = _window(qtbot)
    try:
        assert win.key_banner.isHidden()
        app_id = win.create_application(find_form("ai-data-voucher@2020"), None)
        assert app_id is not None and isinstance(win.editor, EditorPage)
        win.editor.view.answer_from_elsewhere("representative_birth", BIRTH)  # the first sensitive value
        assert win.editor.flush()
        qtbot.waitUntil(lambda: win.key_banner.isVisible(), timeout=3000)
        assert "복구 키" in win.key_banner.action_button.text()
        qtbot.mouseClick(win.key_banner.action_button, Qt.MouseButton.LeftButton)
        dialog = win.key_dialog
        assert isinstance(dialog, RecoverySetupDialog) and dialog.isVisible()
        assert "되찾을 수 없습니다" in dialog.findChildren(type(win.key_banner.label))[0].text()
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.key_box.isVisible(), timeout=10_000)
        shown = dialog.key_box.text()
        assert len(shown) == 39 and "한 번만" in dialog.key_note.text()
        saved = dialog.save_key(tmp_path / "복구키.txt")
        assert saved is not None and shown in saved.read_text(encoding="utf-8")
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        dialog.reject()
        assert win.key_banner.isHidden()
        assert win.desk.vault.recovery_status().kind == "key"
        win.close_editor()
    finally:
        win.desk.close()

    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)
    backend.secrets.clear()  # the keyring entry is lost
    win = _window(qtbot)
    try:
        assert win.key_banner.isVisible() and "키링에 없어" in win.key_banner.label.text()
        qtbot.mouseClick(win.key_banner.action_button, Qt.MouseButton.LeftButton)
        dialog = win.key_dialog
        assert isinstance(dialog, RecoverKeyDialog) and dialog.recoverable
        dialog.entry.setText(new_recovery_key())  # another database's key
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
        assert "이 데이터베이스의 것이 아닙니다" in dialog.problem.text() and dialog.isVisible()
        dialog.entry.setText(shown[:10])
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
        assert "잘못 입력" in dialog.problem.text()
        assert backend.secrets == {}
        dialog.entry.setText(shown)
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
        assert dialog.recovered_to == "keyring" and len(backend.secrets) == 1
        assert win.key_banner.isHidden()
        editor = win.open_app(app_id)
        assert editor is not None and editor.view.rows["representative_birth"].editor.value() is not None
        assert str(win.desk.apps.open(app_id).values["representative_birth"]) == BIRTH
        win.close_editor()
    finally:
        win.desk.close()
    assert ui_errors == [], ui_errors


def test_without_a_recovery_key_the_window_says_it_cannot_come_back(qtbot: QtBot, base_dir: Path,
                                                                   ui_errors: list[str]) -> None:
    with Desk.open(auto_backup=False) as desk:
        desk.clients.create({"company.name": "(주)비밀", "company.representative_birth": BIRTH})
    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)
    backend.secrets.clear()
    win = _window(qtbot)
    try:
        assert win.key_banner.isVisible()
        qtbot.mouseClick(win.key_banner.action_button, Qt.MouseButton.LeftButton)
        dialog = win.key_dialog
        assert isinstance(dialog, RecoverKeyDialog) and not dialog.recoverable
        assert dialog.recover_button.isHidden() and dialog.entry.isHidden()
        texts = " ".join(label.text() for label in dialog.findChildren(type(win.key_banner.label)))
        assert "복구 키가 없습니다" in texts and "되찾을 수 없습니다" in texts
        dialog.reject()
    finally:
        win.desk.close()
    assert ui_errors == [], ui_errors


def test_a_recovery_passphrase_can_be_set_in_the_dialog(qtbot: QtBot, base_dir: Path,
                                                        ui_errors: list[str]) -> None:
    win = _window(qtbot)
    try:
        win.recovery_action.trigger()  # File → 복구 키…
        dialog = win.key_dialog
        assert isinstance(dialog, RecoverySetupDialog)
        qtbot.mouseClick(dialog.passphrase_button, Qt.MouseButton.LeftButton)
        assert dialog.first.isVisible() and dialog.set_button.isVisible()
        dialog.first.setText("짧음")
        qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
        assert "8자 이상" in dialog.problem.text()
        dialog.first.setText("우리 회사 복구 암호")
        dialog.second.setText("우리 회사 복구 암호!")
        qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
        assert "다릅니다" in dialog.problem.text()
        assert win.desk.vault.recovery_status().kind == "none"
        dialog.second.setText("우리 회사 복구 암호")
        qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: win.desk.vault.recovery_status().kind == "passphrase", timeout=10_000)
        assert dialog.problem.text() == "" and "정했습니다" in dialog.key_note.text()
        assert not dialog.key_box.isVisible()  # nothing to show once: the user chose it
        dialog.reject()
        assert win.key_banner.isHidden()
    finally:
        win.desk.close()
    assert ui_errors == [], ui_errors
