"""No OS keyring (headless Linux): the window asks for a passphrase, then can lock and unlock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_keyring import failing, using
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.security.passphrase import fixed
from desktop_app.service import Desk
from ui import errors, i18n
from ui.main_window import MainWindow
from ui.passphrase import PassphraseDialog

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
PASSPHRASE = "정확한 말 배터리 스테이플"


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    with using(failing()):
        desk = Desk.open(auto_backup=False, passphrase=fixed(PASSPHRASE))
        win = MainWindow(desk, load_shipped(), "solo")
        qtbot.add_widget(win)
        win.show()
        yield win
        win.close_editor()
        desk.close()
    assert ui_errors == [], ui_errors


def test_sensitive_answers_under_a_passphrase_then_lock_and_unlock(window: MainWindow) -> None:
    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None
    assert window.desk.vault.status().mode == "passphrase"
    window.retranslate()
    assert window.lock_action.isVisible() or not window.lock_action.isVisible()  # toolbar state
    assert window.window_lock.lock.available
    answers = iter(["틀린 암호입니다", PASSPHRASE])
    asked: list[str] = []

    def ask() -> str | None:
        asked.append("x")
        return next(answers)

    window.window_lock.ask = ask  # type: ignore[method-assign]
    assert window.lock_now()
    assert len(asked) == 2, "a wrong passphrase keeps it locked"
    assert not window.window_lock.lock.locked
    assert window.centralWidget().isVisible()
    birth = next(f.id for f in window.editor.form.fields.values() if f.sensitive)  # type: ignore[union-attr]
    assert window.desk.apps.open(app_id).values[birth]


def test_giving_up_at_the_lock_closes_the_window(window: MainWindow) -> None:
    window.import_answers(str(SAMPLE))
    window.window_lock.ask = lambda: None  # type: ignore[method-assign]
    assert window.lock_now()
    assert not window.isVisible()


def test_passphrase_dialog_checks_length_and_repeat(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("create")
    qtbot.add_widget(dialog)
    dialog.first.setText("짧음")
    assert "8자" in dialog.problem_text()
    dialog.first.setText("충분히 긴 암호문")
    dialog.second.setText("다른 암호문입니다")
    assert "다릅니다" in dialog.problem_text()
    dialog.second.setText("충분히 긴 암호문")
    assert dialog.problem_text() == ""
    unlock = PassphraseDialog("unlock")
    qtbot.add_widget(unlock)
    assert unlock.second.isHidden()


def test_encrypted_package_out_and_back_in_with_the_conflict_choice(window: MainWindow, tmp_path: Path) -> None:
    client = window.desk.clients.create({"company.name": "이미 있는 회사", "company.brn": "124-81-00998"})
    app_id = window.import_answers(str(SAMPLE))  # solo mode: the one company's application
    assert app_id is not None and window.desk.apps.get(app_id).client_id == client.client_id
    pkg = window.export_package(app_id, tmp_path / "hand-off.vdpkg", passphrase="패키지 암호 12345")
    assert pkg is not None and pkg.read_bytes()[:2] == b"PK"
    assert "주식회사".encode() not in pkg.read_bytes(), "an encrypted package hides the answers"
    asked: list[str] = []

    def keep(existing: object, profile: dict[str, object]) -> str:
        asked.append(str(profile.get("company.brn")))
        return "keep"

    new_id = window.import_package(pkg, passphrase=lambda: "패키지 암호 12345", conflict=keep)
    assert new_id is not None and new_id != app_id and asked
    assert window.desk.apps.get(new_id).client_id == client.client_id
    errors.set_sink(lambda summary, _d: asked.append(summary))
    assert window.import_package(pkg, passphrase=lambda: "틀린 패키지 암호", conflict=keep) is None
    assert "암호" in asked[-1]


def test_setting_a_passphrase_enables_the_lock(qtbot: QtBot, base_dir: Path) -> None:
    from memory_keyring import memory

    with using(memory()):
        desk = Desk.open(auto_backup=False)
        win = MainWindow(desk, load_shipped(), "solo")
        qtbot.add_widget(win)
        try:
            win.import_answers(str(SAMPLE))
            assert desk.vault.status().mode == "keyring" and not win.window_lock.lock.available
            assert win.set_passphrase("새로 정한 데이터 암호")
            assert desk.vault.status().mode == "passphrase" and win.window_lock.lock.available
        finally:
            win.close_editor()
            desk.close()


def test_a_declined_unlock_is_not_asked_again_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import passphrase

    shown: list[str] = []

    def refuse(self: PassphraseDialog) -> int:
        shown.append(self.purpose)
        return int(PassphraseDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(PassphraseDialog, "exec", refuse)
    monkeypatch.setattr(passphrase, "_declined_at", None)
    assert passphrase.ask_passphrase("unlock") is None
    assert passphrase.ask_passphrase("unlock") is None
    assert shown == ["unlock"], "the home page reading ten applications asks once, not ten times"
    monkeypatch.setattr(passphrase, "_declined_at", -1e9)
    assert passphrase.ask_passphrase("unlock") is None and len(shown) == 2


def test_scrypt_runs_off_the_gui_thread(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unlocking, and writing or reading an encrypted package, derive their keys on a worker
    (ui.ops): the window keeps painting while scrypt works."""
    import threading

    from desktop_app.security import kdf

    on_gui: list[bool] = []
    real = kdf.derive

    def spy(*args: object, **kwargs: object) -> bytes:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None
    for module in ("desktop_app.security.vault", "desktop_app.security.package_crypto"):
        monkeypatch.setattr(f"{module}.derive", spy)
    window.window_lock.ask = lambda: PASSPHRASE  # type: ignore[method-assign]
    assert window.lock_now() and not window.window_lock.lock.locked
    pkg = window.export_package(app_id, tmp_path / "p.vdpkg", passphrase="패키지 암호 12345")
    assert pkg is not None
    assert window.import_package(pkg, passphrase=lambda: "패키지 암호 12345", conflict=lambda *_: "both")
    assert window.set_passphrase("새로 정한 데이터 암호 1234")
    window.window_lock.ask = lambda: "새로 정한 데이터 암호 1234"  # type: ignore[method-assign]
    assert window.lock_now() and not window.window_lock.lock.locked
    assert len(on_gui) >= 5 and not any(on_gui), on_gui


def test_a_wrong_passphrase_is_said_in_the_same_dialog(qtbot: QtBot, base_dir: Path) -> None:
    """Tester report (founder #8): a wrong passphrase brought back the same blank dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    i18n.set_language("ko")
    with using(failing()):
        with Desk.open(auto_backup=False, passphrase=fixed(PASSPHRASE)) as desk:
            made = desk.vault.key()  # the key, kept behind the passphrase (no OS keyring)
        dialogs: list[PassphraseDialog] = []
        seen: list[str] = []

        def ask(purpose: str) -> str | None:
            dialog = PassphraseDialog(purpose)
            qtbot.add_widget(dialog)
            dialogs.append(dialog)
            dialog.show()
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[union-attr]
            for typed in ("틀린 암호입니다", PASSPHRASE):
                dialog.first.setText(typed)
                qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
                seen.append(dialog.problem.text())
                if dialog.result() == PassphraseDialog.DialogCode.Accepted:
                    break
                assert dialog.isVisible(), "the dialog stays open after a wrong passphrase"
            return dialog.passphrase() if dialog.result() == PassphraseDialog.DialogCode.Accepted else None

        with Desk.open(auto_backup=False, passphrase=ask) as desk:  # type: ignore[arg-type]
            assert desk.vault.key() == made
        assert len(dialogs) == 1, "one dialog, not a new blank one"
        assert seen[0] == "암호가 틀렸습니다. 다시 입력하세요."
        assert seen[1] == ""
