"""A photo (a phone picture of a certificate) as a one-page A4 PDF, for attachment items that
accept only PDF: upright as the phone saw it (EXIF orientation), scaled to fit with a margin."""

from __future__ import annotations

import io
from pathlib import Path

from desktop_app.atomic import write_atomic

MARGIN_PT = 28  # ≈ 1 cm


class PhotoError(ValueError):
    """The file is not a picture that can be read (damaged, or not a JPG/PNG)."""


def photo_to_pdf(source: Path, target: Path) -> Path:
    from PIL import Image, ImageOps, UnidentifiedImageError
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        with Image.open(source) as raw:
            image = ImageOps.exif_transpose(raw)
            image.load()
    except (OSError, UnidentifiedImageError) as exc:
        raise PhotoError(f"{source.name}: {exc}") from exc
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    width, height = image.size
    page = landscape(A4) if width > height else A4
    room_w, room_h = page[0] - 2 * MARGIN_PT, page[1] - 2 * MARGIN_PT
    scale = min(room_w / width, room_h / height)
    shown_w, shown_h = width * scale, height * scale
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=page, invariant=True)
    pdf.setTitle(source.stem)
    pdf.drawImage(ImageReader(image), (page[0] - shown_w) / 2, (page[1] - shown_h) / 2, shown_w, shown_h)
    pdf.showPage()
    pdf.save()
    write_atomic(target, out.getvalue())
    return target
