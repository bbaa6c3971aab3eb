"""Passphrase encryption of an export package's payload (the hand-off between a consultant and
a client): scrypt → AES-GCM with a random nonce; the package header is the associated data, so
its parameters cannot be swapped without the passphrase noticing."""

from __future__ import annotations

from desktop_app.security.aead import OpenFailed, open_with, seal_random
from desktop_app.security.errors import WrongPassphrase
from desktop_app.security.kdf import KdfParams, derive


def encrypt(payload: bytes, passphrase: str, params: KdfParams, header: bytes) -> bytes:
    return seal_random(derive(passphrase, params), payload, header)


def decrypt(sealed: bytes, passphrase: str, params: KdfParams, header: bytes) -> bytes:
    try:
        return open_with(derive(passphrase, params), sealed, header)
    except OpenFailed:
        raise WrongPassphrase("package") from None
