"""Keeping client data private: the data key (OS keyring, or a passphrase where none works),
sealed field values (AES-GCM, bound to their place), the lock, and passphrase-encrypted
packages. Modules by job: `aead` (ciphers), `kdf` (scrypt), `fields` (sealed JSON values),
`keyring_store` (the OS keyring), `vault` (the key of one database), `recovery` (the recovery
key or passphrase: a second wrap of the key), `lock`, `package_crypto`,
`passphrase` (where one comes from), `errors` (StorageError children).
Nothing here touches the keyring or a file at import time.
"""

from desktop_app.security.errors import (
    KeyLost,
    KeyringUnavailable,
    KeyUnavailable,
    NotRecoverable,
    PassphraseRequired,
    RecoveryDamaged,
    RecoveryKeyMistyped,
    SealBroken,
    SecurityError,
    VaultLocked,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)

__all__ = [
    "KeyLost", "KeyUnavailable", "KeyringUnavailable", "NotRecoverable", "PassphraseRequired",
    "RecoveryDamaged", "RecoveryKeyMistyped", "SealBroken", "SecurityError", "VaultLocked",
    "WeakPassphrase", "WrongPassphrase", "WrongRecoveryKey",
]
