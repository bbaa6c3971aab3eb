"""Passphrase → key with scrypt (cryptography's, memory-hard: guessing costs memory, not only time).

The parameters travel with what they protect (the database's key record, a package header), so
they can be raised later without breaking old files. Parameters read from a file are bounded:
a crafted package must not make us allocate gigabytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.errors import Refused

MIN_PASSPHRASE = 8
DEFAULT_LOG2_N = 17          # OWASP's scrypt minimum (N=2^17, r=8, p=1): ≈0.3 s, 128 MiB here
_LOG2_N_RANGE = range(14, 21)
_SALT_BYTES = 16


class KdfParamsError(Refused, ValueError):
    """The stored parameters are not ones this program would ever write."""


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    log2_n: int = DEFAULT_LOG2_N
    r: int = 8
    p: int = 1

    @classmethod
    def fresh(cls, log2_n: int | None = None) -> KdfParams:
        return cls(os.urandom(_SALT_BYTES), DEFAULT_LOG2_N if log2_n is None else log2_n)

    def to_json(self) -> dict[str, Any]:
        return {"name": "scrypt", "salt": base64.b64encode(self.salt).decode(), "log2_n": self.log2_n,
                "r": self.r, "p": self.p}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        if not isinstance(data, dict) or data.get("name") != "scrypt":
            raise KdfParamsError("unknown key derivation (expected scrypt)")
        try:
            salt = base64.b64decode(str(data["salt"]), validate=True)
            log2_n, r, p = data["log2_n"], data["r"], data["p"]
        except (KeyError, ValueError) as exc:
            raise KdfParamsError(f"malformed scrypt parameters: {exc}") from None
        if not all(type(v) is int for v in (log2_n, r, p)):
            raise KdfParamsError("scrypt parameters must be whole numbers")
        if log2_n not in _LOG2_N_RANGE or r != 8 or p != 1 or not 16 <= len(salt) <= 64:
            raise KdfParamsError("scrypt parameters out of range")
        return cls(salt, log2_n, r, p)


def normalise(passphrase: str) -> bytes:
    """NFC, so a passphrase typed on macOS (decomposed Hangul) opens on Windows too."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive(passphrase: str, params: KdfParams) -> bytes:
    """A 256-bit key; costs ≈0.3 s with the default parameters, on purpose."""
    kdf = Scrypt(salt=params.salt, length=32, n=1 << params.log2_n, r=params.r, p=params.p)
    return kdf.derive(normalise(passphrase))


def verifier(kek: bytes) -> str:
    """A short MAC of a constant under the derived key, stored beside the parameters: a
    passphrase that matches it is right, so a wrap that then fails to open is *damaged*, not a
    wrong passphrase (issue 14). 128 bits: it tells a guesser nothing scrypt does not cost."""
    return base64.b64encode(hmac.new(kek, b"voucher-desk/passphrase-check v1", hashlib.sha256)
                            .digest()[:16]).decode()


def matches(kek: bytes, stored: object) -> bool | None:
    """True/False against a stored verifier; None where the record has none (older files)."""
    if not isinstance(stored, str):
        return None
    return hmac.compare_digest(verifier(kek), stored)


def with_sum(params: dict[str, Any]) -> dict[str, Any]:
    """The stored parameters with `sum`, a plain digest of them: a header damaged on disk (a salt
    flipped) is told from a wrong passphrase — which a verifier under the derived key cannot."""
    body = {k: v for k, v in params.items() if k != "sum"}
    return {**body, "sum": _digest(body)}


def intact(params: object) -> bool | None:
    """True/False against the stored `sum`; None where there is none (older files)."""
    if not isinstance(params, dict) or not isinstance(params.get("sum"), str):
        return None
    return hmac.compare_digest(_digest({k: v for k, v in params.items() if k != "sum"}), params["sum"])


def _digest(body: dict[str, Any]) -> str:
    import json

    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
