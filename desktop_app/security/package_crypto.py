"""Passphrase encryption of an export package's payload (the hand-off between a consultant and
a client): scrypt → AES-GCM with a random nonce; the package header is the associated data, so
its parameters cannot be swapped without the passphrase noticing. A verifier of the derived key
travels in the header (`kdf.check`): a right passphrase whose payload does not open means a
damaged package, not a wrong passphrase."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.security.aead import OpenFailed, open_with, seal_random
from desktop_app.security.errors import WrongPassphrase
from desktop_app.security.kdf import KdfParams, derive, matches, verifier, with_sum


class PayloadDamaged(Exception):
    """The passphrase is right (its verifier matches) and the payload still does not open."""


def encrypt(payload: bytes, passphrase: str, params: KdfParams,
            header_for: Callable[[dict[str, Any]], bytes]) -> bytes:
    """One scrypt: the key, then the header's `kdf` (parameters, verifier, checksum) handed to
    `header_for`, which gives the header bytes (the associated data), then the sealed payload."""
    kek = derive(passphrase, params)
    return seal_random(kek, payload, header_for(with_sum({**params.to_json(), "check": verifier(kek)})))


def decrypt(sealed: bytes, passphrase: str, params: KdfParams, header: bytes,
            check: object = None) -> bytes:
    kek = derive(passphrase, params)
    right = matches(kek, check)
    if right is False:
        raise WrongPassphrase("package")
    try:
        return open_with(kek, sealed, header)
    except OpenFailed:
        if right:
            raise PayloadDamaged() from None
        raise WrongPassphrase("package") from None
