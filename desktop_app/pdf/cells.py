"""Cell content: escaped paragraphs, text that may run for pages, and seal/signature images."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
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


class Line(Flowable):  # type: ignore[misc]
    """One visual line, already broken to fit (linebreak.py): drawn as a string, aligned as
    its style says. Much cheaper than a Paragraph, which would measure and wrap it again."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.height = style.leading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        s = self.style
        canv = self.canv
        canv.setFont(s.fontName, s.fontSize)
        canv.setFillColor(s.textColor)
        y = self.height - s.fontSize - (s.leading - s.fontSize * 1.2) / 2
        if s.alignment == TA_RIGHT:
            canv.drawRightString(self.width, y, self.text)
        elif s.alignment == TA_CENTER:
            canv.drawCentredString(self.width / 2, y, self.text)
        else:
            canv.drawString(0, y, self.text)


def lines(text: str, style: ParagraphStyle, width: float) -> list[Flowable]:
    """Text (newlines allowed) as one flowable per visual line, `width` wide, ready to split
    between any two lines; blank lines keep their space. See linebreak.py for why."""
    out: list[Flowable] = []
    for source in text.replace("\r\n", "\n").split("\n"):
        if not source.strip():
            out.append(Spacer(1, style.leading))
            continue
        for line in break_lines(source, style.fontName, style.fontSize, width):
            out.append(Line(line, style))
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
