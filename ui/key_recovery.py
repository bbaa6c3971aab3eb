"""The data key's recovery in the window (issue 14): offered when the key is first made, and
the way back when its keyring entry is gone.

A banner (never a modal surprise in the middle of typing) says what happened; its button opens
`RecoverySetupDialog` (make a recovery key, shown once, to copy or save; or a recovery
passphrase) or `RecoverKeyDialog` (type the recovery key; or, where none was made, the plain
statement that the sensitive answers cannot come back). scrypt runs on a worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import (
    MIN_PASSPHRASE,
    Desk,
    NotRecoverable,
    PassphraseRequired,
    RecoveryKeyMistyped,
    WrongRecoveryKey,
    recovery_file_text,
)
from ui import ops
from ui.errors import show_error
from ui.file_dialogs import save_path
from ui.i18n import language, t


def not_recoverable_text() -> str:
    return t("복구 키가 없습니다: 운영체제 키링 항목을 잃으면(운영체제 재설치, 새 사용자 계정 등) 민감한 답변은 "
             "되찾을 수 없습니다. 다른 답변은 그대로 남습니다.",
             "There is no recovery key: if the OS keyring entry is lost (a reinstalled system, a new user "
             "account …) the sensitive answers cannot be recovered. Everything else stays readable.")


class KeyBanner(QFrame):
    """One line above the pages: the key was made (offer a recovery key) or is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyBanner")
        self.setStyleSheet("#keyBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.action_button = QPushButton()
        self.close_button = QPushButton(t("닫기", "Close"))
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.close_button)
        self.hide()

    def say(self, text: str, button: str) -> None:
        self.label.setText(text)
        self.action_button.setText(button)
        self.show()


class RecoverySetupDialog(QDialog):
    """Make a recovery key (shown once here, to copy, save or print) or set a recovery passphrase."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.key_text = ""
        self.setWindowTitle(t("복구 키", "Recovery key"))
        had = desk.vault.recovery_status()
        by_passphrase = desk.vault.status().mode == "passphrase"  # no keyring here: said as it is
        intro = QLabel(
            (t("민감한 답변(대표자 생년월일, 휴대전화 등)은 데이터 암호로 여는 키로 암호화됩니다. "
               "암호를 잊어도 되찾을 수 있도록 복구 키를 만들어 인쇄하거나 안전한 곳(USB 등)에 저장하세요. ",
               "Sensitive answers (the representative's birth date, mobile numbers …) are encrypted with a key "
               "opened by your data passphrase. Make a recovery key and print it or keep it somewhere safe "
               "(a USB stick …), so that a forgotten passphrase can be recovered: ")
             if by_passphrase else
             t("민감한 답변(대표자 생년월일, 휴대전화 등)은 이 컴퓨터의 운영체제 키링에 있는 키로 암호화됩니다. "
               "키링 항목을 잃어도 되찾을 수 있도록 복구 키를 만들어 인쇄하거나 안전한 곳(USB 등)에 저장하세요. ",
               "Sensitive answers (the representative's birth date, mobile numbers …) are encrypted with a key "
               "kept in this computer's OS keyring. Make a recovery key and print it or keep it somewhere safe "
               "(a USB stick …), so that a lost keyring entry can be recovered: "))
            + t("복구 키는 데이터베이스와 그 백업에 함께 보관되는 암호화된 키를 엽니다.",
                "it opens the wrapped key kept with the database and in its backups.")
            + ("\n\n" + (t("이미 복구 키(또는 복구 암호)가 있습니다. 새로 만들면 이전 것은 더 이상 쓸 수 없습니다.",
                           "A recovery key (or passphrase) exists; a new one retires it.")
                         if had.recoverable else not_recoverable_text())))
        intro.setWordWrap(True)
        intro.setMinimumWidth(560)  # word-wrapped labels in a dialog otherwise lose lines
        self.make_button = QPushButton(t("복구 키 만들기", "Make a recovery key"))
        self.make_button.clicked.connect(self.make_key)
        self.passphrase_button = QPushButton(t("대신 복구 암호 정하기…", "Use a recovery passphrase instead…"))
        self.passphrase_button.clicked.connect(self._show_passphrase)
        self.key_box = QLineEdit()
        self.key_box.setReadOnly(True)
        font = QFont("monospace", 14)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.key_box.setFont(font)
        # the whole key in view: a founder saw ")E-O33T-…", the end of a box too narrow for it
        self.key_box.setMinimumWidth(QFontMetrics(font).horizontalAdvance("W" * 40) + 24)
        self.key_box.setAccessibleName(t("복구 키", "Recovery key"))
        self.key_note = QLabel(t("이 복구 키는 지금 한 번만 보여 줍니다. 인쇄하거나 저장하세요.",
                                 "This recovery key is shown only now: print it or save it."))
        self.copy_button = QPushButton(t("복사", "Copy"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.key_text))
        self.save_button = QPushButton(t("파일로 저장…", "Save to a file…"))
        self.save_button.clicked.connect(lambda: self.save_key())
        shown = QHBoxLayout()
        shown.addWidget(self.key_box, 1)
        shown.addWidget(self.copy_button)
        shown.addWidget(self.save_button)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setPlaceholderText(t(f"복구 암호 ({MIN_PASSPHRASE}자 이상)",
                                        f"Recovery passphrase (at least {MIN_PASSPHRASE} characters)"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setPlaceholderText(t("한 번 더 입력", "Type it again"))
        self.set_button = QPushButton(t("복구 암호 정하기", "Set the recovery passphrase"))
        self.set_button.clicked.connect(lambda: self.set_passphrase())
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("닫기", "Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        choices = QHBoxLayout()
        choices.addWidget(self.make_button)
        choices.addWidget(self.passphrase_button)
        layout.addLayout(choices)
        layout.addLayout(shown)
        layout.addWidget(self.key_note)
        for w in (self.first, self.second, self.set_button, self.problem, self.buttons):
            layout.addWidget(w)
        for w in (self.key_box, self.key_note, self.copy_button, self.save_button,
                  self.first, self.second, self.set_button):
            w.setVisible(False)

    @property
    def done_any(self) -> bool:
        return self.desk.vault.recovery_status().recoverable

    def make_key(self) -> bool:
        """The key made and wrapped (scrypt on a worker), then shown once."""
        from desktop_app.service import new_recovery_key

        text = new_recovery_key()
        return self._store("key", text, shown=text)

    def _show_passphrase(self) -> None:
        for w in (self.first, self.second, self.set_button):
            w.setVisible(True)
        self.first.setFocus()

    def set_passphrase(self) -> bool:
        first = self.first.text()
        if len(first.strip()) < MIN_PASSPHRASE:
            self.problem.setText(t(f"{MIN_PASSPHRASE}자 이상이어야 합니다.", f"Use at least {MIN_PASSPHRASE} characters."))
            return False
        if first != self.second.text():
            self.problem.setText(t("두 번 입력한 내용이 다릅니다.", "The two entries differ."))
            return False
        return self._store("passphrase", first, shown="")

    def _store(self, kind: str, secret: str, *, shown: str) -> bool:
        vault = self.desk.vault
        wrap = ops.attempt(self, lambda: vault.recovery_wrapping(kind, secret))
        if wrap is None:
            return False
        record = ops.in_worker(self, wrap.value, t("복구 키를 만드는 중…", "Making the recovery key…"))
        if record is None or ops.attempt(self, lambda: vault.recovery_wrapped(record.value)) is None:
            return False
        self.problem.setText("")
        if shown:
            self.key_text = shown
            self.key_box.setText(shown)
            self.key_box.setCursorPosition(0)
            for w in (self.key_box, self.key_note, self.copy_button, self.save_button):
                w.setVisible(True)
            self.adjustSize()  # the explanation keeps its lines as the dialog grows
        else:
            self.key_note.setText(t("복구 암호를 정했습니다.", "The recovery passphrase is set."))
            self.key_note.setVisible(True)
        return True

    def save_key(self, path: Path | None = None) -> Path | None:
        """The recovery key into a text file (0600) of the user's choosing."""
        from desktop_app.service import write_atomic

        if not self.key_text:
            return None
        if path is None:
            path = save_path(self, t("복구 키 저장", "Save the recovery key"), "voucher-desk-recovery-key.txt",
                             t("텍스트 (*.txt)", "Text (*.txt)"), "recovery-key")
            if path is None:
                return None
        text = recovery_file_text(self.desk.location.db, self.desk.vault.status().key_id, self.key_text)
        dest = path
        if ops.attempt(self, lambda: write_atomic(dest, text.encode("utf-8"))) is None:
            return None
        return path


class RecoverKeyDialog(QDialog):
    """The key's keyring entry is gone: type the recovery key (or passphrase) to bring it back."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.recovered_to = ""
        self.setWindowTitle(t("암호화 키 되찾기", "Recover the data key"))
        status = desk.vault.recovery_status()
        self.recoverable = status.recoverable
        if self.recoverable:
            text = t("이 데이터베이스의 암호화 키가 운영체제 키링에 없어 민감한 답변을 열 수 없습니다. 키를 만들 때 "
                     "받은 복구 키(또는 정한 복구 암호)를 입력하면 되찾습니다. 다른 답변은 그대로 쓸 수 있습니다.",
                     "The data key of this database is not in the OS keyring, so sensitive answers cannot be "
                     "opened. Type the recovery key you were given (or the recovery passphrase you set) to "
                     "bring it back. Everything else still works.")
        else:
            text = t("이 데이터베이스의 암호화 키가 운영체제 키링에 없습니다. ", "The data key of this database is "
                     "not in the OS keyring. ") + not_recoverable_text()
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.entry.setAccessibleName(t("복구 키", "Recovery key"))
        if status.kind == "passphrase":
            self.entry.setEchoMode(QLineEdit.EchoMode.Password)
            self.entry.setPlaceholderText(t("복구 암호", "Recovery passphrase"))
        self.entry.setVisible(self.recoverable)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.recover_button = buttons.addButton(t("되찾기", "Recover"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.recover_button.setVisible(self.recoverable)
        close = buttons.addButton(t("닫기", "Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(lambda: self.recover())
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, self.entry, self.problem, buttons):
            layout.addWidget(w)

    def recover(self) -> bool:
        """Wrong or mistyped: said here, the dialog stays; right: the key is back, accepted."""
        from ui.passphrase import PassphraseDialog

        vault, typed = self.desk.vault, self.entry.text()
        try:
            key = ops.wait_for(self, vault.recovering(typed), t("키를 되찾는 중…", "Recovering the key…"))
            try:
                self.recovered_to = vault.recovered(key)
            except PassphraseRequired:  # no keyring works here: keep it behind a new passphrase
                dialog = PassphraseDialog("create", self)
                if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                    return False
                self.recovered_to = vault.recovered(key, dialog.passphrase())
        except (RecoveryKeyMistyped, WrongRecoveryKey, NotRecoverable) as exc:
            self.problem.setText(exc.message(language()))
            return False
        except Exception as exc:  # the one error display of the window
            show_error(self, exc)
            return False
        self.accept()
        return True
