"""What a file is: its type from the extension, checked against the first bytes.

A renamed file (a .hwp saved as .pdf) would be rejected by the agency's portal; catching it
when it is attached saves the applicant that surprise at the deadline.
"""

from __future__ import annotations

from pathlib import Path

MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE compound file
    "hwpx": _ZIP, "xlsx": _ZIP, "docx": _ZIP, "pptx": _ZIP, "zip": _ZIP,
}


def extension(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(extension(path), "application/octet-stream")


def content_matches(path: Path) -> bool:
    """True when the first bytes look like the extension says (unknown types pass)."""
    if _MAGIC.get(extension(path)) is None:
        return True
    with path.open("rb") as fh:
        return head_matches(extension(path), fh.read(16))


def head_matches(ext: str, head: bytes) -> bool:
    """The same check on bytes in memory (an attachment inside an import package)."""
    magic = _MAGIC.get(ext)
    return magic is None or head.startswith(magic)


def accepted(ext: str, accept: tuple[str, ...]) -> bool:
    same = {"jpg": "jpeg", "jpeg": "jpg"}
    return ext in accept or same.get(ext, "") in accept
