"""The recovery secret: a second wrap of the data key, for when the keyring entry (or the
passphrase) is gone.

Either a random *recovery key* shown once — 128 random bits and a 32-bit checksum, written as
eight groups of four base32 letters (`ABCD-EFGH-…`), so a mistyped group is told apart from a
key of another database — or a *recovery passphrase* the user chooses. Both go through scrypt
(parameters stored beside the wrap, like the passphrase mode) into a key-encryption key that
wraps the data key with AES-GCM, bound to the key id. Values only: storage keeps the wrap.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re

from desktop_app.security.aead import DataKey, OpenFailed, open_with, seal_random
from desktop_app.security.errors import RecoveryDamaged, RecoveryKeyMistyped, WrongRecoveryKey
from desktop_app.security.kdf import KdfParams, KdfParamsError, derive, intact, matches, verifier, with_sum
from desktop_app.storage.keymeta import RecoveryRecord

_RANDOM_BYTES, _CHECK_BYTES = 16, 4
_GROUPS, _GROUP = 8, 4
_ALPHABET = re.compile(r"^[A-Z2-7]{32}$")
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _ad(key_id: str) -> bytes:
    return b"voucher-desk/recovery\x00" + key_id.encode()


def new_recovery_key() -> str:
    """A fresh recovery key as the user sees it: `ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567`."""
    body = os.urandom(_RANDOM_BYTES)
    text = base64.b32encode(body + hashlib.sha256(body).digest()[:_CHECK_BYTES]).decode()
    return "-".join(text[i:i + _GROUP] for i in range(0, _GROUPS * _GROUP, _GROUP))


def canonical_key(typed: str) -> str:
    """The recovery key as typed (any case, spaces or dashes, 0/1/8 for O/I/B) → its 32 letters;
    RecoveryKeyMistyped when it cannot be one (wrong length, letters, or checksum)."""
    text = re.sub(r"[\s\-_.]", "", typed).upper().translate(_LOOKALIKES)
    if not _ALPHABET.match(text):
        raise RecoveryKeyMistyped(len(text))
    raw = base64.b32decode(text)
    body, check = raw[:_RANDOM_BYTES], raw[_RANDOM_BYTES:]
    if hashlib.sha256(body).digest()[:_CHECK_BYTES] != check:
        raise RecoveryKeyMistyped(len(text))
    return text


def _secret(kind: str, typed: str) -> str:
    return canonical_key(typed) if kind == "key" else typed


def wrap(key: DataKey, key_id: str, kind: str, secret: str, log2_n: int | None = None) -> RecoveryRecord:
    """The data key wrapped under the recovery secret (scrypt ≈0.3 s: run it off the GUI thread)."""
    params = KdfParams.fresh(log2_n)
    kek = derive(_secret(kind, secret), params)
    wrapped = seal_random(kek, key.raw, _ad(key_id))
    return RecoveryRecord(key_id, kind, json.dumps(with_sum({**params.to_json(), "check": verifier(kek)})),
                          base64.b64encode(wrapped).decode())


def unwrap(record: RecoveryRecord, typed: str) -> DataKey:
    """The data key, or RecoveryKeyMistyped / WrongRecoveryKey / RecoveryDamaged."""
    secret = _secret(record.kind, typed)
    try:
        stored = json.loads(record.kdf)
        params = KdfParams.from_json(stored)
        wrapped = base64.b64decode(record.wrapped, validate=True)
    except (KdfParamsError, ValueError) as exc:
        raise RecoveryDamaged(str(exc)) from None
    if intact(stored) is False:
        raise RecoveryDamaged("the scrypt parameters do not match their checksum")
    kek = derive(secret, params)
    right = matches(kek, stored.get("check"))
    if right is False:
        raise WrongRecoveryKey(record.kind)
    try:
        raw = open_with(kek, wrapped, _ad(record.key_id))
    except OpenFailed:
        if right:
            raise RecoveryDamaged("the wrapped key does not open with the right recovery secret") from None
        raise WrongRecoveryKey(record.kind) from None
    try:
        return DataKey(raw)
    except ValueError as exc:
        raise RecoveryDamaged(str(exc)) from None


def file_text(database: object, key_id: str, key_text: str) -> str:
    """What a saved or printed recovery key says: which database, which key, how to use it."""
    return (f"바우처 데스크 복구 키 / Voucher Desk recovery key\n"
            f"데이터베이스 / database: {database}\n"
            f"키 / key id: {key_id[:8]}\n\n{key_text}\n\n"
            "키링 항목을 잃었을 때: voucher-desk key recover --file 이 파일\n"
            "If the keyring entry is lost: voucher-desk key recover --file THIS-FILE\n")
