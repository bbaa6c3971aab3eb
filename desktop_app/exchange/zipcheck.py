"""Reading an untrusted zip safely: names, counts, declared sizes and ratios are checked before
anything is decompressed, and every read is bounded by the declared size.

zipfile raises a whole zoo of exceptions on hostile input (BadZipFile, zlib.error, struct.error,
EOFError, OverflowError, NotImplementedError …): all of them become one PackageRefused here, so
import never fails with anything but a message.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app import limits
from desktop_app.exchange.errors import PackageRefused

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def refuse_name(name: str) -> str | None:
    """Why a member name is unsafe to use as a relative path, or None when it is fine."""
    if not name or len(name) > limits.MAX_NAME:
        return "empty or too long"
    if _CONTROL.search(name) or "\\" in name:
        return "control character or backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "absolute path"
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "path traversal or empty segment" if ".." in parts else "empty segment or directory"
    return None


def _damaged(detail: str) -> PackageRefused:
    return PackageRefused("damaged", f"패키지 파일이 손상되었습니다: {detail}",
                          f"the package file is damaged: {detail}")


@contextmanager
def opened(data: bytes) -> Iterator[zipfile.ZipFile]:
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise PackageRefused("not_zip", "바우처 데스크 패키지(.vdpkg)가 아닙니다: zip 파일이 아닙니다",
                             "not a Voucher Desk package: the file is not a zip archive")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # hostile input: any parser failure is "damaged"
        raise PackageRefused("not_zip", f"zip 파일로 읽을 수 없습니다: {exc}",
                             f"not a readable zip archive: {exc}") from None
    with zf:
        yield zf


def check_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Every member's name and declared size, checked; returns them by name."""
    try:
        infos = zf.infolist()
    except Exception as exc:  # see module docstring
        raise _damaged(str(exc)) from None
    if len(infos) > limits.MAX_MEMBERS:
        raise PackageRefused("too_many_members", f"파일이 너무 많습니다({len(infos)}개)",
                             f"too many members ({len(infos)}, at most {limits.MAX_MEMBERS})")
    out: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        why = refuse_name(info.filename)
        if why:
            raise PackageRefused("unsafe_name", f"안전하지 않은 파일 이름: {info.filename!r} ({why})",
                                 f"unsafe member name {info.filename!r}: {why}")
        if info.filename in out:
            raise PackageRefused("duplicate_member", f"같은 이름의 파일이 두 번 있습니다: {info.filename}",
                                 f"member {info.filename} appears twice")
        if info.flag_bits & 0x1:
            raise PackageRefused("zip_encrypted", "zip 암호화는 지원하지 않습니다",
                                 f"{info.filename}: zip-level encryption is not supported")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageRefused("compression", f"{info.filename}: 지원하지 않는 압축 방식",
                                 f"{info.filename}: unsupported compression method {info.compress_type}")
        if info.file_size > limits.MAX_MEMBER_BYTES:
            raise PackageRefused("oversize", f"{info.filename}: 파일이 너무 큽니다({info.file_size:,} 바이트)",
                                 f"{info.filename}: too large ({info.file_size:,} bytes, at most "
                                 f"{limits.MAX_MEMBER_BYTES:,})")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_FLOOR and ratio > limits.MAX_RATIO:
            raise PackageRefused("zip_bomb", f"{info.filename}: 압축률이 비정상적입니다(압축 폭탄 의심)",
                                 f"{info.filename}: compression ratio {ratio:.0f}:1 looks like a zip bomb")
        total += info.file_size
        out[info.filename] = info
    if total > limits.MAX_TOTAL_BYTES:
        raise PackageRefused("zip_bomb", f"압축을 풀면 너무 큽니다({total:,} 바이트)",
                             f"the members add up to {total:,} bytes uncompressed (at most "
                             f"{limits.MAX_TOTAL_BYTES:,}): refused as a possible zip bomb")
    return out


def read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, never more than `limit` nor than it declares."""
    if info.file_size > limit:
        raise PackageRefused("oversize", f"{info.filename}: 파일이 너무 큽니다",
                             f"{info.filename}: too large ({info.file_size:,} bytes, at most {limit:,})")
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except Exception as exc:  # see module docstring
        raise _damaged(f"{info.filename}: {exc}") from None
    if len(data) != info.file_size:
        raise _damaged(f"{info.filename}: size differs from the declared size")
    return data


def read_file(path: Path) -> bytes:
    """The whole package file, refused before reading when it is larger than any package."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise PackageRefused("oversize", f"패키지 파일이 너무 큽니다({size:,} 바이트)",
                                 f"the package file is too large ({size:,} bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        raise PackageRefused("not_found", f"파일이 없습니다: {path}", f"file not found: {path}") from None
    except IsADirectoryError:
        raise PackageRefused("not_zip", f"폴더입니다: {path}", f"a folder, not a package: {path}") from None
    except PermissionError:
        raise PackageRefused("unreadable", f"읽을 수 없습니다: {path}", f"cannot read {path}") from None
