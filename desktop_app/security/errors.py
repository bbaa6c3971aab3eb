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

    def __init__(self, key_id: str, detail: str = "", *, recoverable: bool = False) -> None:
        self.key_id, self.recoverable = key_id, recoverable
        more = f" ({detail})" if detail else ""
        if recoverable:
            then_ko = " 복구 키(또는 복구 암호)로 되찾을 수 있습니다: voucher-desk key recover"
            then_en = " It can be recovered with the recovery key (or passphrase): voucher-desk key recover"
        else:
            then_ko = (" 복구 키를 만들어 두지 않아 되찾을 수 없습니다. 다른 컴퓨터로 옮길 때는 "
                       "내보내기 패키지를 쓰세요")
            then_en = (" No recovery key was made, so it cannot be recovered. To move data between "
                       "computers, use an export package")
        super().__init__(
            f"이 데이터베이스의 암호화 키({key_id[:8]})가 키링에 없습니다{more}. 민감한 답변은 읽을 수 없고, "
            f"나머지 자료는 그대로 쓸 수 있습니다.{then_ko}",
            f"the data key of this database ({key_id[:8]}) is not in the OS keyring{more}; sensitive "
            f"answers cannot be read, everything else still works.{then_en}")


class KeyringUnavailable(KeyUnavailable):
    """The database's key lives in the OS keyring, and the keyring does not work right now."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"운영체제 키링을 사용할 수 없어 민감한 답변을 열 수 없습니다({reason}). 나머지 자료는 쓸 수 있습니다",
            f"the OS keyring is not available ({reason}), so sensitive answers cannot be opened; "
            "everything else still works")


class KeyRecordDamaged(KeyUnavailable):
    """The passphrase is right (its verifier matches) but the wrapped key does not open, or the
    stored parameters cannot be read: the record is damaged — never called a wrong passphrase."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"암호화 키 기록이 손상되었습니다({detail}). 민감한 답변을 열 수 없습니다. 백업으로 복원하거나 "
            "복구 키로 되찾으세요: voucher-desk key recover",
            f"the data key record is damaged ({detail}); sensitive answers cannot be opened. Restore a "
            "backup or use the recovery key: voucher-desk key recover")


class VaultLocked(KeyUnavailable):
    message_ko = "잠겨 있습니다. 암호를 입력해 잠금을 해제하세요"
    message_en = "locked: enter the passphrase to unlock"


class SealBroken(SecurityError, errors.EnvironmentFault):
    """A stored encrypted value does not open with the key: damaged, or moved to another place."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(f"암호화된 값을 열 수 없습니다: {where} (손상되었거나 다른 키로 암호화됨)",
                         f"an encrypted value cannot be opened: {where} (damaged or another key)")


class NotRecoverable(KeyUnavailable):
    """No recovery wrap was made for this database: said plainly, not guessed around."""

    kind: ClassVar[errors.Kind] = "refused"
    message_ko = ("이 데이터베이스에는 복구 키가 없습니다: 키링 항목이나 암호를 잃으면 민감한 답변은 되찾을 수 "
                  "없습니다. 키가 있는 동안 'voucher-desk key recovery-setup'으로 복구 키를 만드세요")
    message_en = ("this database has no recovery key: if the keyring entry or the passphrase is lost, "
                  "sensitive answers cannot be recovered. While the key works, make one with "
                  "'voucher-desk key recovery-setup'")


class RecoveryKeyMistyped(Rejected):
    """Not a recovery key at all (length, letters or checksum): a typo, not another database's key."""

    def __init__(self, letters: int) -> None:
        self.letters = letters
        super().__init__(
            f"복구 키가 잘못 입력되었습니다(글자 {letters}개, 32개여야 함, 또는 확인 글자가 맞지 않음). "
            "네 글자씩 8묶음(A–Z, 2–7)을 다시 확인하세요",
            f"the recovery key is mistyped ({letters} letters, 32 expected, or its check letters do not "
            "match); check the eight groups of four (A–Z, 2–7)")


class WrongRecoveryKey(Rejected):
    """A well-formed recovery key (or a passphrase) that does not open this database's key."""

    def __init__(self, what: str = "key") -> None:
        self.what = what
        if what == "passphrase":
            super().__init__("복구 암호가 틀렸습니다: 아무것도 바뀌지 않았습니다",
                             "wrong recovery passphrase: nothing was changed")
        else:
            super().__init__("이 복구 키는 이 데이터베이스의 것이 아닙니다: 아무것도 바뀌지 않았습니다",
                             "this recovery key does not belong to this database: nothing was changed")


class RecoveryDamaged(SecurityError, errors.EnvironmentFault):
    """The stored recovery wrap cannot be read: damaged, not a wrong key."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"저장된 복구 정보가 손상되었습니다({detail})",
                         f"the stored recovery record is damaged ({detail})")


class WeakPassphrase(Rejected):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"암호는 {minimum}자 이상이어야 합니다", f"the passphrase needs at least {minimum} characters")
