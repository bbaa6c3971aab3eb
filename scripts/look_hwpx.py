"""Look at filled 서식 without Hancom: render HWPX pages to PNG with rhwp (PyPI `rhwp-python`).

Not part of the app or the tests: rhwp-python 0.8.1's wheel bundles a FreeType without
FT_Palette_Data_Get, so `import rhwp` fails unless the system FreeType is preloaded; and its own
PNG renderer finds no Hangul font. So pages go through rhwp's SVG, drawn by Qt with the bundled
NanumGothic. Set up once, outside the project's venv:

    python3 -m venv /tmp/rhwp && /tmp/rhwp/bin/pip install rhwp-python==0.8.1
    LD_PRELOAD=/lib/x86_64-linux-gnu/libfreetype.so.6 /tmp/rhwp/bin/python scripts/look_hwpx.py svg OUT_DIR FILE.hwpx…
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/look_hwpx.py png OUT_DIR

`svg` writes OUT_DIR/<file>-<page>.svg and prints rhwp's page count per file; `png` turns every SVG in
OUT_DIR into a PNG (white page, Korean in NanumGothic) and a contact sheet OUT_DIR/<file>-sheet.png.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def svg(out: Path, files: list[Path]) -> None:
    import rhwp

    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        pages = rhwp.Document(str(f)).render_all_svg()
        for i, page in enumerate(pages):
            (out / f"{f.stem}-{i + 1:02d}.svg").write_text(page, encoding="utf-8")
        print(f"{f.name}: {len(pages)} page(s) by rhwp")


def png(out: Path) -> None:
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication([])
    for name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
        QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / name))
    app.setFont(QFont("NanumGothic"))
    groups: dict[str, list[QImage]] = {}
    for src in sorted(out.glob("*.svg")):
        data = re.sub(r'font-family="[^"]*"', 'font-family="NanumGothic"', src.read_text(encoding="utf-8"))
        renderer = QSvgRenderer(data.encode("utf-8"))
        image = QImage(renderer.defaultSize(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(src.with_suffix(".png")))
        groups.setdefault(src.stem.rsplit("-", 1)[0], []).append(image)
    for stem, images in groups.items():
        w, h = images[0].width() // 2, images[0].height() // 2
        cols = min(len(images), 5)
        sheet = QImage(w * cols, h * (-(-len(images) // cols)), QImage.Format.Format_RGB32)
        sheet.fill(QColor("white"))
        painter = QPainter(sheet)
        for i, image in enumerate(images):
            painter.drawImage((i % cols) * w, (i // cols) * h, image.scaled(w, h))
        painter.end()
        sheet.save(str(out / f"{stem}-sheet.png"))
    del app


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("svg", "png"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "svg":
        svg(Path(sys.argv[2]), [Path(a) for a in sys.argv[3:]])
    else:
        png(Path(sys.argv[2]))
