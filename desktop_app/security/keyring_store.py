"""The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service) through `keyring`.

On headless Linux keyring picks its `fail` backend, which raises NoKeyringError on every call
(PITFALLS.md): that, and any other failure of the platform service, becomes `NoKeyring` with a
readable reason, for the vault to fall back to a passphrase *explicitly*. keyrings.alt (a
plaintext file posing as a keyring) is never used: a backend from it counts as no keyring.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "voucher-desk"


class NoKeyring(Exception):
    """No working keyring backend; str() is the reason to show."""


def _backend() -> KeyringBackend:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        raise NoKeyring(f"keyring backend {name}")
    if name.startswith("keyrings.alt") or "plaintext" in name.lower():
        raise NoKeyring(f"keyring backend {name} stores secrets unencrypted and is not used")
    return backend


def backend_name() -> str:
    """For messages and --self-test: the backend, or why there is none."""
    try:
        backend = _backend()
    except NoKeyring as exc:
        return str(exc)
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _username(key_id: str) -> str:
    return f"data-key-{key_id}"


def load(key_id: str) -> bytes | None:
    """The stored key, None when the keyring has no entry for it (or an unreadable one)."""
    backend = _backend()
    try:
        text = backend.get_password(SERVICE, _username(key_id))
    except Exception as exc:  # any platform failure (D-Bus, locked collection …) is "no keyring"
        raise NoKeyring(f"{type(exc).__name__}: {exc}") from None
    if text is None:
        return None
    try:
        return base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        return None


def save(key_id: str, key: bytes) -> None:
    """Store and read back: some backends accept a write they cannot keep."""
    backend = _backend()
    try:
        backend.set_password(SERVICE, _username(key_id), base64.b64encode(key).decode())
    except Exception as exc:  # see load()
        raise NoKeyring(f"{type(exc).__name__}: {exc}") from None
    if load(key_id) != key:
        raise NoKeyring("the keyring did not keep the key")


def delete(key_id: str) -> None:
    """Best effort: a leftover entry is harmless, it opens nothing without its database."""
    try:
        backend = _backend()
        backend.delete_password(SERVICE, _username(key_id))
    except Exception:
        pass
