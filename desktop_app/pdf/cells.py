"""Cell content: escaped paragraphs, text that may run for pages, and seal/signature images."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from desktop_app.pdf.linebreak import break_lines

IMAGE_MAX_WIDTH = 45 * mm
IMAGE_MAX_HEIGHT = 25 * mm


def markup(text: str) -> str:
    """Plain text → paragraph markup: escaped, line breaks kept, runs of spaces kept."""
    return "<br/>".join(_escape_line(line) for line in text.split("\n"))


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def lines(text: str, style: ParagraphStyle, width: float) -> list[Flowable]:
    """Text (newlines allowed) as one paragraph per visual line, `width` wide, ready to split
    between any two lines; blank lines keep their space. See linebreak.py for why."""
    out: list[Flowable] = []
    for source in text.replace("\r\n", "\n").split("\n"):
        if not source.strip():
            out.append(Spacer(1, style.leading))
            continue
        for line in break_lines(source, style.fontName, style.fontSize, width):
            out.append(Paragraph(_escape_line(line), style))
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


def _escape_line(line: str) -> str:
    return escape(line).replace("  ", "\u00a0 ")


def resolve(path: str, base_dir: Path | None) -> Path:
    p = Path(path).expanduser()
    if not p.is_absolute() and base_dir is not None:
        p = base_dir / p
    return p


def image(path: Path, max_width: float = IMAGE_MAX_WIDTH) -> Image | None:
    """The image scaled to fit the value cell, or None when it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(str(path)).getSize()
    except Exception:  # an unreadable or corrupt file is shown as missing, never a crash
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(min(max_width, IMAGE_MAX_WIDTH) / width, IMAGE_MAX_HEIGHT / height)
    img = Image(str(path), width=width * scale, height=height * scale)
    img.hAlign = "LEFT"
    return img
