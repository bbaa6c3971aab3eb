"""AES-GCM with the data key: random-nonce sealing of bytes, and deterministic sealing of values.

Answers are sealed deterministically: the nonce is an HMAC of (associated data, plaintext) under a
subkey (the SIV construction). The same value at the same place always gives the same ciphertext,
so storage's "is this value unchanged?", undo, restore and diff keep working on stored text;
two different plaintexts never share a nonce. What leaks is only that a field at the same place
went back to an earlier value. Key material never leaves this module as text.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12


class OpenFailed(Exception):
    """Authentication failed: wrong key, wrong associated data or altered bytes."""


def _subkey(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"voucher-desk/" + purpose).derive(key)


@dataclass(frozen=True)
class DataKey:
    """The 256-bit data key with its two subkeys (encryption, nonce derivation)."""

    raw: bytes = field(repr=False)
    _enc: bytes = field(init=False, repr=False)
    _nonce: bytes = field(init=False, repr=False)
    _aead: AESGCM = field(init=False, repr=False, compare=False)  # built once: a team sync seals ~10^5 values

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a data key has 32 bytes")
        object.__setattr__(self, "_enc", _subkey(self.raw, b"enc"))
        object.__setattr__(self, "_nonce", _subkey(self.raw, b"nonce"))
        object.__setattr__(self, "_aead", AESGCM(self._enc))

    @classmethod
    def generate(cls) -> DataKey:
        return cls(os.urandom(KEY_BYTES))

    def seal(self, plaintext: bytes, ad: bytes) -> bytes:
        """Deterministic: nonce = HMAC(nonce key, len(ad) ‖ ad ‖ plaintext)[:12]."""
        nonce = hmac.digest(self._nonce, len(ad).to_bytes(8, "big") + ad + plaintext, "sha256")[:NONCE_BYTES]
        return nonce + self._aead.encrypt(nonce, plaintext, ad)

    def open(self, sealed: bytes, ad: bytes) -> bytes:
        if len(sealed) < NONCE_BYTES + 16:
            raise OpenFailed("too short")
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], ad)
        except InvalidTag:
            raise OpenFailed("authentication failed") from None


def seal_random(key: bytes, plaintext: bytes, ad: bytes) -> bytes:
    """Random nonce, for things sealed once (a wrapped key, a package): nonce ‖ ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, ad)


def open_with(key: bytes, sealed: bytes, ad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise OpenFailed("too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], ad)
    except InvalidTag:
        raise OpenFailed("authentication failed") from None
