"""Application packages in the window: export (optionally encrypted for the hand-off between
consultant and client) and import with the keep / replace / keep-both choice when the client's
사업자등록번호 is already known."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.service import AlreadyImported, Choice, Client, Desk, Imported, is_encrypted, read_package
from ui import ops
from ui.i18n import language, t
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


SameAnswer = str  # "open" the earlier application, import "again", or "cancel"


def ask_same(parent: QWidget | None) -> Callable[[AlreadyImported], SameAnswer]:
    """The same package was imported before: open that application, import a copy, or stop."""
    def decide(found: AlreadyImported) -> SameAnswer:
        box = QMessageBox(QMessageBox.Icon.Question, t("이미 가져온 패키지", "Package imported already"),
                          found.message(language()), parent=parent)
        box.setObjectName("same-package")
        opening = box.addButton(t("그 신청서 열기", "Open that application"), QMessageBox.ButtonRole.AcceptRole)
        again = box.addButton(t("사본으로 한 번 더 가져오기", "Import another copy"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(t("취소", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(opening)
        box.exec()
        clicked = box.clickedButton()
        return "open" if clicked is opening else "again" if clicked is again else "cancel"

    return decide


def ask_package_passphrase(parent: QWidget | None, purpose: str) -> str | None:
    dialog = PassphraseDialog(purpose, parent, reason=t("패키지 암호입니다(데이터베이스 암호와 다를 수 있습니다).",
                                                        "This is the package's passphrase (it may differ from the database's)."))
    if purpose == "create":
        dialog.setWindowTitle(t("패키지 암호 정하기", "Set the package passphrase"))
    return dialog.passphrase() if dialog.exec() == PassphraseDialog.DialogCode.Accepted else None


def import_file(desk: Desk, path: Path, *, parent: QWidget | None = None,
                passphrase: Callable[[], str | None] | None = None,
                conflict: Choice | Callable[[Client, dict[str, Any]], Choice | None] | None = None,
                same: Callable[[AlreadyImported], SameAnswer] | None = None
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
    earlier = ops.attempt(parent, lambda: desk.packages.earlier_imports(pkg.value))
    if earlier is None:
        return None
    again = False
    if earlier.value:  # the same package made an application before: never a silent duplicate
        answer = (same or ask_same(parent))(AlreadyImported(earlier.value))
        if answer == "open":
            first = earlier.value[0]
            return ops.Done(Imported(first.app_id, None, "same", pkg.value.encrypted, ()))
        if answer != "again":
            return None
        again = True
    resolver = conflict if conflict is not None else ask_conflict(parent)
    return ops.attempt(parent, lambda: desk.packages.import_(pkg.value, conflict=resolver, again=again,
                                                             file_name=path.name))
