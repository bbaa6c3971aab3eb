"""Taking a good package apart and putting a bad one together (for the refusal and fuzz tests)."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from typing import Any


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_raw(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Exactly these entries, in this order, duplicates and odd names included."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: that is the point
        with zipfile.ZipFile(out, "w", compression=compress) as zf:
            for name, data in entries:
                zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=compress)
    return out.getvalue()


def manifest_of(parts: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(parts["manifest.json"])


def pack(parts: dict[str, bytes], *, relist: bool = True, manifest: dict[str, Any] | None = None) -> bytes:
    """Members with the manifest's member list recomputed (so only the intended fault remains)."""
    parts = dict(parts)
    data = manifest if manifest is not None else manifest_of(parts)
    if relist:
        data["members"] = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                           for n, b in parts.items() if n != "manifest.json"}
    parts["manifest.json"] = json.dumps(data, ensure_ascii=False).encode()
    return zip_raw(sorted(parts.items()))


def edit_json(parts: dict[str, bytes], name: str, change: Any) -> dict[str, bytes]:
    data = json.loads(parts[name])
    change(data)
    return {**parts, name: json.dumps(data, ensure_ascii=False).encode()}
