"""Typed errors of the security layer, children of StorageError (and so of
desktop_app.errors.DeskError): one line, Korean and English.

A missing or wrong key is the user's situation, not a bug: each message says what is wrong
and what still works (answers that are not sensitive stay readable).
"""

from __future__ import annotations

from typing import ClassVar

from desktop_app import errors
from desktop_app.storage.errors import Rejected, StorageError


class SecurityError(StorageError):
    """Root of the key, passphrase and encryption errors."""


class KeyUnavailable(SecurityError, errors.EnvironmentFault):
    """The data key cannot be had right now; encrypted answers cannot be read or written."""


class PassphraseRequired(KeyUnavailable):
    """No OS keyring works here and no passphrase was given: never fall back to plaintext."""

    def __init__(self, reason: str, *, creating: bool) -> None:
        self.reason = reason
        if creating:
            ko = (f"이 컴퓨터에는 사용할 수 있는 운영체제 키링이 없습니다({reason}). 민감한 답변을 암호화할 "
                  "암호를 정하세요: 대화형으로 실행하거나 VOUCHER_DESK_PASSPHRASE를 설정하세요")
            en = (f"no OS keyring works on this computer ({reason}); set a passphrase to encrypt "
                  "sensitive answers: run interactively or set VOUCHER_DESK_PASSPHRASE")
        else:
            ko = ("이 데이터베이스의 민감한 답변은 암호로 보호됩니다. 암호를 입력하거나 "
                  "VOUCHER_DESK_PASSPHRASE를 설정하세요")
            en = ("sensitive answers in this database are protected by a passphrase; enter it or "
                  "set VOUCHER_DESK_PASSPHRASE")
        super().__init__(ko, en)


class WrongPassphrase(KeyUnavailable):
    kind: ClassVar[errors.Kind] = "refused"

    def __init__(self, what: str = "database") -> None:
        self.what = what
        if what == "package":
            super().__init__("암호가 틀렸습니다: 패키지를 열 수 없습니다",
                             "wrong passphrase: the package cannot be opened")
        else:
            super().__init__("암호가 틀렸습니다: 암호화된 답변을 열 수 없습니다",
                             "wrong passphrase: the encrypted answers cannot be opened")


class KeyLost(KeyUnavailable):
    """The keyring answers, but it does not hold this database's key (or holds another one)."""

    def __init__(self, key_id: str, detail: str = "") -> None:
        self.key_id = key_id
        more = f" ({detail})" if detail else ""
        super().__init__(
            f"이 데이터베이스의 암호화 키({key_id[:8]})가 키링에 없습니다{more}. 민감한 답변은 읽을 수 없고, "
            "나머지 자료는 그대로 쓸 수 있습니다. 다른 컴퓨터로 옮길 때는 내보내기 패키지를 쓰세요",
            f"the data key of this database ({key_id[:8]}) is not in the OS keyring{more}; sensitive "
            "answers cannot be read, everything else still works. To move data between computers, "
            "use an export package")


class KeyringUnavailable(KeyUnavailable):
    """The database's key lives in the OS keyring, and the keyring does not work right now."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"운영체제 키링을 사용할 수 없어 민감한 답변을 열 수 없습니다({reason}). 나머지 자료는 쓸 수 있습니다",
            f"the OS keyring is not available ({reason}), so sensitive answers cannot be opened; "
            "everything else still works")


class VaultLocked(KeyUnavailable):
    message_ko = "잠겨 있습니다. 암호를 입력해 잠금을 해제하세요"
    message_en = "locked: enter the passphrase to unlock"


class SealBroken(SecurityError, errors.EnvironmentFault):
    """A stored encrypted value does not open with the key: damaged, or moved to another place."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(f"암호화된 값을 열 수 없습니다: {where} (손상되었거나 다른 키로 암호화됨)",
                         f"an encrypted value cannot be opened: {where} (damaged or another key)")


class WeakPassphrase(Rejected):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"암호는 {minimum}자 이상이어야 합니다", f"the passphrase needs at least {minimum} characters")
