"""Content-addressed files: an attachment is stored once under attachments/ab/abcdef… (SHA-256).

The file is written first (temp file, fsync, rename), the database row second, so a crash
leaves at worst an unreferenced file, which `collect_garbage` removes; never a row without
its file. The same document attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20


def path_of(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store(root: Path, source: Path) -> tuple[str, int]:
    """Copy `source` into the store; returns (sha256, size). Idempotent."""
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = path_of(root, sha)
        if final.exists():
            tmp.unlink()
        else:
            final.parent.mkdir(exist_ok=True)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        return sha, size
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def collect_garbage(root: Path, referenced: Iterable[str], min_age_s: float = 3600) -> int:
    """Delete stored files no row refers to (and stale temp files); returns how many."""
    if not root.is_dir():
        return 0
    keep = set(referenced)
    # Another thread or process may have written a file whose row is not committed yet
    # (files go in before rows): only files untouched for a while are candidates.
    settled = time.time() - min_age_s
    removed = 0
    for path in root.glob("*/*"):
        if path.is_file() and path.name not in keep and path.stat().st_mtime < settled:
            path.unlink(missing_ok=True)
            removed += 1
    for tmp in root.glob(".incoming-*"):
        if tmp.stat().st_mtime < settled:
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed
