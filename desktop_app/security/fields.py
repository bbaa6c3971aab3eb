"""Sealed values: how an encrypted answer or profile value looks inside stored JSON.

A sealed value is the JSON object `{"$sealed": "v1.<base64>"}`, so it fits the answers table's
`json_valid` check and the change log unchanged, and can be recognised without the form (a
form that is not installed, or an edition that marks a field differently). The associated data
binds it to its place — application and path, or client and profile key — so a value copied
to another row does not open there.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from desktop_app.security.aead import DataKey

SEALED = "$sealed"
_VERSION = "v1."


def answer_ad(app_id: int, path: str, column: str = "") -> bytes:
    """Associated data of an answer (a whole value, or one column's cell of a table)."""
    return f"voucher-desk/answer/v1\x00{app_id}\x00{path}\x00{column}".encode()


def profile_ad(client_id: int, key: str) -> bytes:
    return f"voucher-desk/profile/v1\x00{client_id}\x00{key}".encode()


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get(SEALED), str)


def contains_sealed(value: Any) -> bool:
    """A sealed value, or a table (list of row objects) with a sealed cell."""
    if is_sealed(value):
        return True
    return isinstance(value, list) and any(
        isinstance(row, dict) and any(is_sealed(v) for v in row.values()) for row in value)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def seal_value(key: DataKey, value: Any, ad: bytes) -> dict[str, str]:
    token = base64.b64encode(key.seal(_canonical(value), ad)).decode()
    return {SEALED: _VERSION + token}


def open_value(key: DataKey, sealed: dict[str, str], ad: bytes) -> Any:
    """The value inside; raises aead.OpenFailed when it does not open at this place."""
    return json.loads(open_bytes(key, sealed, ad))


def open_bytes(key: DataKey, sealed: dict[str, str], ad: bytes) -> bytes:
    """The canonical JSON bytes inside, unparsed (the team sync re-seals them as they are)."""
    from desktop_app.security.aead import OpenFailed

    token = sealed[SEALED]
    if not token.startswith(_VERSION):
        raise OpenFailed("unknown sealed-value version")
    try:
        raw = base64.b64decode(token[len(_VERSION):], validate=True)
    except ValueError:
        raise OpenFailed("not base64") from None
    return key.open(raw, ad)
