"""Content-addressed files: an attachment is stored once under attachments/ab/abcdef… (SHA-256).

The file is written first (temp file, fsync, rename), the database row second, so a crash
leaves at worst an unreferenced file, which `collect_garbage` removes; never a row without
its file. The same document attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from desktop_app.atomic import DIR_MODE, clean_stale, make_dirs, stage_with

_CHUNK = 1 << 20


def path_of(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def store(root: Path, source: Path) -> tuple[str, int]:
    """Copy `source` into the store; returns (sha256, size). Idempotent."""
    digest, size = hashlib.sha256(), 0

    def fill(out: BinaryIO) -> None:
        nonlocal size
        with source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)

    make_dirs(root, DIR_MODE)
    # staged under a neutral name first: the content (and so the final name) is known after
    staged = stage_with(root / "incoming", fill, dir_mode=DIR_MODE)
    sha = digest.hexdigest()
    final = path_of(root, sha)
    if final.exists():
        staged.discard()
    else:
        make_dirs(final.parent, DIR_MODE)
        staged.dest = final
        staged.commit()
    return sha, size


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
    removed += len(clean_stale(root, recursive=False))
    return removed
