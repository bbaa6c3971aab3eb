"""Small real attachment files for tests: a PDF whose pages carry given text, a JPEG photo, and
the files a sample answers file names copied beside a changed copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def pdf_with_text(path: Path, pages: list[str]) -> Path:
    """One A4 page per string (Helvetica, ASCII), so a reader can find each page's text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for text in pages:
        c.setFont("Helvetica", 16)
        c.drawString(72, 760, text)
        c.showPage()
    c.save()
    return path


def jpeg_with_text(path: Path, size: tuple[int, int] = (320, 200)) -> Path:
    """A JPEG like a phone photo of a document (a light page with dark lines)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (245, 243, 236))
    draw = ImageDraw.Draw(img)
    for y in range(30, size[1] - 20, 24):
        draw.rectangle((20, y, size[0] - 40, y + 8), fill=(40, 40, 60))
    img.save(path, "JPEG", quality=85)
    return path


def copy_files(folder: Path, sample: Path, data: dict[str, Any]) -> None:
    """The files a sample names, copied beside its variant: an answers file names files inside
    its own folder only (no absolute path, no `..`)."""
    names = [p for v in data.get("attachments", {}).values() for p in v]
    names += [v for v in data["answers"].values() if isinstance(v, str) and v.endswith((".png", ".jpg"))]
    for name in names:
        source = sample.parent / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / name)
