"""The manifest: what the package is (format and version, program version, form id, edition
and definition hash, title) and the SHA-256 and size of every other member.

An encrypted package has an outer manifest naming only the encrypted payload and the scrypt
parameters; its `header()` is the associated data of the payload's encryption.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from desktop_app import __version__, limits
from desktop_app.exchange.errors import PackageRefused
from desktop_app.forms.model import FORM_ID_PATTERN

_FORM_ID = re.compile(FORM_ID_PATTERN.strip("^$"))
_EDITION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def load_json(data: bytes, member: str) -> Any:
    """Strict JSON (UTF-8, no NaN/Infinity, not absurdly nested) or a refusal naming the member."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        code = "bad_manifest" if member == limits.MANIFEST else "malformed_answers"
        raise PackageRefused(code, f"{member}: JSON 형식이 아닙니다 ({exc})",
                             f"{member}: not valid JSON ({exc})") from None


def dump_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
            + "\n").encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    encrypted: bool
    members: dict[str, tuple[str, int]]          # name → (sha256, size)
    app_version: str = __version__
    created_at: str = ""
    form_id: str = ""
    form_edition: str = ""
    form_hash: str = ""
    title: str = ""
    kdf: dict[str, Any] | None = None

    @property
    def form_key(self) -> str:
        return f"{self.form_id}@{self.form_edition}"

    def header(self) -> dict[str, Any]:
        """What an encrypted payload is bound to (everything but the member list)."""
        return {"format": limits.FORMAT, "format_version": limits.FORMAT_VERSION,
                "encrypted": True, "cipher": "AES-256-GCM", "kdf": self.kdf,
                "app_version": self.app_version, "created_at": self.created_at}

    def to_json(self) -> dict[str, Any]:
        members = {n: {"sha256": h, "size": s} for n, (h, s) in sorted(self.members.items())}
        if self.encrypted:
            return {**self.header(), "members": members}
        return {"format": limits.FORMAT, "format_version": limits.FORMAT_VERSION, "encrypted": False,
                "app_version": self.app_version, "created_at": self.created_at,
                "form": {"id": self.form_id, "edition": self.form_edition, "hash": self.form_hash},
                "application": {"title": self.title}, "members": members}


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _bad(detail: str) -> PackageRefused:
    return PackageRefused("bad_manifest", f"manifest.json이 올바르지 않습니다: {detail}",
                          f"manifest.json is not valid: {detail}")


def _text(data: dict[str, Any], key: str, *, max_len: int = 200) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > max_len:
        raise _bad(f"{key} must be text of at most {max_len} characters")
    return value


def parse(data: Any) -> Manifest:
    if not isinstance(data, dict):
        raise _bad("not a JSON object")
    if data.get("format") != limits.FORMAT:
        raise PackageRefused("not_a_package", "바우처 데스크 패키지가 아닙니다(format 값이 다름)",
                             f"not a Voucher Desk package (format is {data.get('format')!r})")
    version = data.get("format_version")
    if version != limits.FORMAT_VERSION or type(version) is not int:
        newer = isinstance(version, int) and version > limits.FORMAT_VERSION
        raise PackageRefused(
            "unknown_version", f"알 수 없는 패키지 형식 버전입니다: {version!r}"
            + (" — 더 새로운 바우처 데스크로 만든 파일입니다. 프로그램을 업데이트하세요" if newer else ""),
            f"unknown package format version {version!r} (this program reads version "
            f"{limits.FORMAT_VERSION})" + ("; it was made by a newer Voucher Desk: update" if newer else ""))
    encrypted = data.get("encrypted")
    if not isinstance(encrypted, bool):
        raise _bad("encrypted must be true or false")
    raw_members = data.get("members")
    if not isinstance(raw_members, dict):
        raise _bad("members must be an object")
    members: dict[str, tuple[str, int]] = {}
    for name, entry in raw_members.items():
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        if not (isinstance(sha, str) and len(sha) == 64 and type(size) is int and size >= 0):
            raise _bad(f"members.{name} needs sha256 (64 hex digits) and size")
        members[name] = (sha.lower(), size)
    version_text, created = _text(data, "app_version"), _text(data, "created_at")
    if encrypted:
        kdf = data.get("kdf")
        if data.get("cipher") != "AES-256-GCM" or not isinstance(kdf, dict):
            raise _bad("an encrypted package needs cipher AES-256-GCM and kdf")
        return Manifest(True, members, version_text, created, kdf=kdf)
    form = data.get("form")
    application = data.get("application", {})
    if not isinstance(form, dict) or not isinstance(application, dict):
        raise _bad("form and application must be objects")
    form_id, edition = _text(form, "id"), _text(form, "edition")
    # an id, never a path: the form lookup also accepts a YAML file's path
    if not _FORM_ID.fullmatch(form_id) or not _EDITION.fullmatch(edition):
        raise _bad(f"form {form_id!r}@{edition!r} is not a form id and edition")
    return Manifest(False, members, version_text, created, form_id=form_id, form_edition=edition,
                    form_hash=_text(form, "hash", max_len=128), title=_text(application, "title"))


def check_finite(value: Any) -> bool:
    """No NaN or infinity anywhere (SQLite's JSON would refuse them later)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(check_finite(v) for v in value)
    if isinstance(value, dict):
        return all(check_finite(v) for v in value.values())
    return True
