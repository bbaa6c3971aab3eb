"""Seal and signature images are kept beside the database (images/<sha256>.<ext>), by content,
so a draft's seal survives the user moving or deleting the file they first picked."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop_app.atomic import DIR_MODE, write_atomic
from desktop_app.storage.errors import Rejected

_MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


def images_dir(root: Path) -> Path:
    return root / "images"


def store_bytes(root: Path, name: str, data: bytes) -> tuple[Path, bool]:
    """(where the image is kept, whether this call wrote it)."""
    ext = Path(name).suffix.lower()
    magic = _MAGIC.get(ext)
    if magic is None or not data.startswith(magic):
        raise Rejected(f"{name}: PNG 또는 JPEG 이미지가 아닙니다", f"{name}: not a PNG or JPEG image")
    dest = images_dir(root) / f"{hashlib.sha256(data).hexdigest()}{ext}"
    if dest.is_file():
        return dest, False
    write_atomic(dest, data, dir_mode=DIR_MODE)
    return dest, True


PREFIX = "images/"


def stored_name(path: Path) -> str:
    """What the answer holds: `images/<sha256>.<ext>`, relative to the data folder, so the
    folder can move (another computer, --base-dir) without breaking a seal."""
    return PREFIX + path.name


def resolve(root: Path, value: str) -> str:
    """The file an image answer names, for whoever opens it (editor, PDF, package)."""
    return str(root / value) if value.startswith(PREFIX) and "/" not in value[len(PREFIX):] else value


def keep(root: Path, source: str | Path) -> str:
    """The stored name for an image answer; an image already kept is not copied again."""
    return keep_new(root, source)[0]


def keep_new(root: Path, source: str | Path) -> tuple[str, Path | None]:
    """As `keep`, with the file this call wrote (None when the image was kept already), so a
    failed import can take back its own images and only those."""
    text = str(source)
    if text.startswith(PREFIX):
        return text, None
    path = Path(text).expanduser()
    if path.parent == images_dir(root):
        return stored_name(path), None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected(f"{path}: 이미지를 읽을 수 없습니다 ({exc.strerror})",
                       f"{path}: cannot read the image ({exc.strerror})") from None
    dest, written = store_bytes(root, path.name, data)
    return stored_name(dest), dest if written else None
