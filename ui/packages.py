"""Application packages in the window: export (optionally encrypted for the hand-off between
consultant and client) and import with the keep / replace / keep-both choice when the client's
사업자등록번호 is already known."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.service import Choice, Client, Desk, Imported, is_encrypted, read_package
from ui import ops
from ui.i18n import t
from ui.passphrase import PassphraseDialog


def ask_conflict(parent: QWidget | None) -> Callable[[Client, dict[str, Any]], Choice | None]:
    def resolve(existing: Client, profile: dict[str, Any]) -> Choice | None:
        box = QMessageBox(QMessageBox.Icon.Question, t("같은 사업자등록번호", "Same business number"),
                          t(f"'{existing.name}'이(가) 이미 있습니다(사업자등록번호 {profile.get('company.brn')}). "
                            "회사 정보를 어떻게 할까요?",
                            f"'{existing.name}' already exists (BRN {profile.get('company.brn')}). "
                            "What should happen to the company profile?"), parent=parent)
        keep = box.addButton(t("기존 정보 유지", "Keep ours"), QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton(t("가져온 정보로 바꾸기", "Replace with theirs"), QMessageBox.ButtonRole.AcceptRole)
        both = box.addButton(t("둘 다 보관", "Keep both"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(t("취소", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        choices: list[tuple[Any, Choice]] = [(keep, "keep"), (replace, "replace"), (both, "both")]
        return next((choice for button, choice in choices if button is clicked), None)

    return resolve


def ask_package_passphrase(parent: QWidget | None, purpose: str) -> str | None:
    dialog = PassphraseDialog(purpose, parent, reason=t("패키지 암호입니다(데이터베이스 암호와 다를 수 있습니다).",
                                                        "This is the package's passphrase (it may differ from the database's)."))
    if purpose == "create":
        dialog.setWindowTitle(t("패키지 암호 정하기", "Set the package passphrase"))
    return dialog.passphrase() if dialog.exec() == PassphraseDialog.DialogCode.Accepted else None


def import_file(desk: Desk, path: Path, *, parent: QWidget | None = None,
                passphrase: Callable[[], str | None] | None = None,
                conflict: Choice | Callable[[Client, dict[str, Any]], Choice | None] | None = None
                ) -> ops.Done[Imported] | None:
    """Read and check everything first (nothing is written for a bad package), then import.

    The passphrase is asked here, on the GUI thread; reading and decrypting (scrypt) run on a
    worker with only the path, the form lookup and the passphrase; the import itself (and the
    keep/replace/both question) is the GUI thread's, which owns the database."""
    encrypted = ops.attempt(parent, lambda: is_encrypted(path))
    if encrypted is None:
        return None
    secret: str | None = None
    if encrypted.value:
        secret = (passphrase or (lambda: ask_package_passphrase(parent, "unlock")))()
        if not secret:  # refused with the reader's own message: a passphrase is needed
            ops.attempt(parent, lambda: desk.packages.read(path, lambda: None))
            return None
    forms = desk.forms
    pkg = ops.in_worker(parent, lambda: read_package(path, forms, lambda: secret),
                        t("패키지를 확인하는 중…", "Checking the package…"))
    if pkg is None:
        return None
    resolver = conflict if conflict is not None else ask_conflict(parent)
    return ops.attempt(parent, lambda: desk.packages.import_(pkg.value, conflict=resolver))
