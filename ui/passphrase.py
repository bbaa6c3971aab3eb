"""The window's passphrase prompts: set one (where no OS keyring works) and unlock.

The core never prompts; it asks a PassphraseSource. This is the window's source: a modal
dialog that explains why it asks, in plain words, and what happens if the passphrase is lost.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.i18n import t


def _minimum() -> int:
    from desktop_app.service import MIN_PASSPHRASE  # imported late: keeps start-up light

    return MIN_PASSPHRASE


class PassphraseDialog(QDialog):
    def __init__(self, purpose: str, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(parent)
        self.purpose = purpose
        creating = purpose == "create"
        minimum = _minimum()
        self.setWindowTitle(t("암호 정하기", "Set a passphrase") if creating else t("잠금 해제", "Unlock"))
        if creating:
            text = t(f"이 컴퓨터에는 암호를 안전하게 보관할 곳(키링)이 없어, 민감한 답변(대표자 생년월일, 휴대전화 등)을 "
                     f"직접 정한 암호로 보호합니다. "
                     f"{minimum}자 이상으로 정하세요. 암호를 잊으면 민감한 답변은 다시 열 수 없습니다"
                     "(다른 답변은 그대로 남습니다).",
                     f"This computer has no safe place to keep secrets (a keyring), so sensitive answers (the "
                     f"representative's birth date, mobile numbers …) are protected with a passphrase you choose. Use at least {minimum} characters. "
                     "If it is lost, sensitive answers cannot be opened again (everything else stays readable).")
        else:
            text = t("민감한 답변을 열려면 암호를 입력하세요.", "Enter the passphrase to open sensitive answers.")
        intro = QLabel(text + (f"\n\n{reason}" if reason else ""))
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(t("암호", "Passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(t("암호 확인", "Repeat the passphrase"))
        self.second.setPlaceholderText(t("한 번 더 입력", "Type it again"))
        self.second.setVisible(creating)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, self.first, self.second, self.problem, buttons):
            layout.addWidget(w)

    def problem_text(self) -> str:
        first = self.first.text()
        if self.purpose != "create":
            if not first:
                return t("암호를 입력하세요.", "Enter the passphrase.")
            from desktop_app.service import unlock_check

            check = unlock_check()  # set while the vault asks: a wrong one is said here, the dialog stays
            if check is not None and not check(first):
                return t("암호가 틀렸습니다. 다시 입력하세요.", "Wrong passphrase. Try again.")
            return ""
        minimum = _minimum()
        if len(first.strip()) < minimum:
            return t(f"{minimum}자 이상이어야 합니다.", f"Use at least {minimum} characters.")
        if first != self.second.text():
            return t("두 번 입력한 암호가 다릅니다.", "The two entries differ.")
        return ""

    def _accept(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if not problem:
            self.accept()
        elif self.purpose != "create":
            self.first.selectAll()
            self.first.setFocus()

    def passphrase(self) -> str:
        return self.first.text()


DECLINE_QUIET_S = 120.0
_declined_at: float | None = None
_asking = False


def ask_passphrase(purpose: str) -> str | None:
    """The window's PassphraseSource (desktop_app.security.passphrase).

    After the user cancels, it stays quiet for a while: the home page reads many applications
    in a row and must not ask once per application (they show without their sensitive answers).
    Never two at once: a tester met two stacked 잠금 해제 dialogs at start.
    """
    global _declined_at, _asking
    now = time.monotonic()
    if purpose == "unlock" and _declined_at is not None and now - _declined_at < DECLINE_QUIET_S:
        return None
    if _asking:  # a read while the dialog is open (its event loop runs the home list's checks):
        return None  # one dialog, not a stack of them; that read goes without, as if declined
    _asking = True
    try:
        dialog = PassphraseDialog(purpose)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        _asking = False
    if accepted:
        _declined_at = None
        return dialog.passphrase()
    _declined_at = now
    return None
