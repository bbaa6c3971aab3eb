"""Fetch the bundled Korean font (NanumGothic, OFL 1.1) from PyPI into resources/fonts/.

The font is not committed: the set-up obtains it from a package registry and checks its hash,
so every machine renders with exactly the same glyphs. koreanize-matplotlib carries the TTFs;
it is downloaded with --no-deps because its metadata would drag matplotlib in.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "koreanize-matplotlib==0.1.1"
WHEEL_SHA256 = "4f563db1a75d9eb6bdb667a435adf8a5daf7e41504486f1b0fb1c20e4bfed4ca"
FONTS = ("NanumGothic.ttf", "NanumGothicBold.ttf")
FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def _have_fonts() -> bool:
    return all((FONT_DIR / name).is_file() and (FONT_DIR / name).stat().st_size > 0 for name in FONTS)


def main() -> int:
    if _have_fonts():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, PACKAGE],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEEL_SHA256:
            print(f"font package hash mismatch: {digest}", file=sys.stderr)
            return 1
        with zipfile.ZipFile(wheel) as zf:
            for name in FONTS:
                data = zf.read(f"koreanize_matplotlib/fonts/{name}")
                target = FONT_DIR / name
                partial = target.with_suffix(".part")
                partial.write_bytes(data)
                partial.replace(target)
    print(f"Korean font installed in {FONT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
