"""Team secrets: the team data key, its per-member wrapping, and values sealed for the server.

A sensitive value leaves the desk sealed under the team data key (AES-GCM, deterministic nonce as
in security.aead), bound to its record UUID and path; the server stores only `{"$team": "v1.…"}`.
The team key reaches a member wrapped under their invite code (scrypt + AES-GCM): the server
keeps only wrapped keys. The login password is derived from the same code by HKDF, and only its
SCRAM verifier is ever sent to the server, so the server can derive neither from what it holds.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app import errors
from desktop_app.security.aead import DataKey, OpenFailed, open_with, seal_random
from desktop_app.security.kdf import KdfParams, derive

TEAM = "$team"
_V = "v1."
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed from paper


class TeamKeyError(errors.Refused):
    """A wrapped team key that does not open with this invite code, or a damaged value: one of
    the project's errors, so the CLI gives its exit code and the window its dialog."""


def new_invite_code() -> str:
    """25 characters from a 31-letter alphabet (≈124 bits), in groups of five."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(25))
    return "-".join(raw[i:i + 5] for i in range(0, 25, 5))


def _norm(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper()


def login_password(code: str) -> str:
    """The PostgreSQL password of a member, derived from their invite code."""
    raw = HKDF(algorithm=hashes.SHA256(), length=24, salt=None,
               info=b"voucher-desk/team-login/v1").derive(_norm(code).encode())
    return base64.urlsafe_b64encode(raw).decode()


def _wrap_ad(member: str, key_id: str) -> bytes:
    return f"voucher-desk/team-key/v1\x00{member}\x00{key_id}".encode()


def wrap(team_key: DataKey, key_id: str, member: str, code: str,
         log2_n: int | None = None) -> tuple[dict[str, Any], str]:
    params = KdfParams.fresh(log2_n)
    sealed = seal_random(derive(_norm(code), params), team_key.raw, _wrap_ad(member, key_id))
    return params.to_json(), base64.b64encode(sealed).decode()


def unwrap(kdf: dict[str, Any], wrapped: str, key_id: str, member: str, code: str) -> DataKey:
    try:
        raw = open_with(derive(_norm(code), KdfParams.from_json(kdf)), base64.b64decode(wrapped),
                        _wrap_ad(member, key_id))
    except (OpenFailed, ValueError) as exc:
        raise TeamKeyError("초대 코드가 이 구성원의 팀 키를 열지 못합니다. 받은 코드를 다시 확인하세요",
                           "the invite code does not open this member's team key; check the code you were given",
                           ) from exc
    return DataKey(raw)


def _ad(record: str, path: str) -> bytes:
    return f"voucher-desk/team-value/v1\x00{record}\x00{path}".encode()


def is_team_sealed(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get(TEAM), str)


def seal(key: DataKey, value: Any, record: str, path: str) -> dict[str, str]:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    return seal_bytes(key, plain, record, path)


def seal_bytes(key: DataKey, plain: bytes, record: str, path: str) -> dict[str, str]:
    """`seal` of a value already in canonical JSON (a locally sealed answer's opened bytes are)."""
    return {TEAM: _V + base64.b64encode(key.seal(plain, _ad(record, path))).decode()}


def open_value(key: DataKey, value: dict[str, str], record: str, path: str) -> Any:
    token = value[TEAM]
    if not token.startswith(_V):
        raise TeamKeyError(f"{path}: 알 수 없는 팀 암호화 버전입니다 (새 버전의 프로그램이 필요할 수 있습니다)",
                           f"{path}: unknown team seal version (a newer program may be needed)")
    try:
        return json.loads(key.open(base64.b64decode(token[len(_V):]), _ad(record, path)))
    except (OpenFailed, ValueError) as exc:
        raise TeamKeyError(f"{path}: 팀 키로 열리지 않는 암호화 값입니다 (손상되었거나 다른 팀의 값)",
                           f"{path}: a team-sealed value does not open with the team key "
                           "(damaged, or another team's)") from exc


_BLOB_AD = b"voucher-desk/team-blob/v1"


def image_key(key: DataKey, name: str) -> str:
    """Where an image (`images/<sha256>.<ext>`) is found on the server: an HMAC of its name under
    the team key, so the server cannot match a known image's plain hash."""
    return hmac.digest(key.raw, b"voucher-desk/team-image/v1\x00" + name.encode(), "sha256").hex()


def seal_blob(key: DataKey, data: bytes) -> bytes:
    """Deterministic, so the same document gives the same stored bytes (deduplicated)."""
    return key.seal(data, _BLOB_AD)


def open_blob(key: DataKey, data: bytes) -> bytes:
    try:
        return key.open(data, _BLOB_AD)
    except OpenFailed as exc:
        raise TeamKeyError("서버의 첨부 파일이 팀 키로 열리지 않습니다 (손상되었거나 다른 팀의 파일)",
                           "an attachment from the server does not open with the team key "
                           "(damaged, or another team's)") from exc
