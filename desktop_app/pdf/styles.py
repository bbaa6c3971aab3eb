"""Page geometry, paragraph styles and table styles: the look of Korean agency (HWP) forms —
thin black grid, light grey label column, bold headings, Korean line breaking everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desktop_app.pdf.fonts import FontSet

PAGE_SIZE: tuple[float, float] = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
LANDSCAPE_WIDTH = PAGE_SIZE[1] - 2 * MARGIN_X
LABEL_WIDTH = 0.30 * CONTENT_WIDTH

GRID = colors.black
GRID_WIDTH = 0.5
OUTER_WIDTH = 0.9
LABEL_FILL = colors.HexColor("#E6E6E6")
HEADER_FILL = colors.HexColor("#D9D9D9")
MUTED = colors.HexColor("#555555")
WATERMARK_FILL = colors.HexColor("#B0B0B0")
NOTE_FILL = colors.HexColor("#FFF4E5")
NOTE_EDGE = colors.HexColor("#C77700")

BODY_SIZE = 9.5
BODY_LEADING = 13.5
CELL_PAD = 4


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    number: ParagraphStyle
    center: ParagraphStyle
    header: ParagraphStyle
    cell: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle


def make_styles(fonts: FontSet) -> Styles:
    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": fonts.regular, "fontSize": BODY_SIZE, "leading": BODY_LEADING,
            "wordWrap": "CJK", "alignment": TA_LEFT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        fonts=fonts,
        title=style("vd-title", fontName=fonts.bold, fontSize=17, leading=23, alignment=TA_CENTER,
                    spaceAfter=3),
        subtitle=style("vd-subtitle", fontSize=10, leading=14, alignment=TA_CENTER,
                       textColor=MUTED, spaceAfter=8),
        heading=style("vd-heading", fontName=fonts.bold, fontSize=11.5, leading=16,
                      spaceBefore=10, spaceAfter=4),
        label=style("vd-label", fontName=fonts.bold, fontSize=9, leading=12.5),
        value=style("vd-value"),
        number=style("vd-number", fontSize=8.5, leading=11.5, alignment=TA_RIGHT),
        center=style("vd-center", fontSize=8.5, leading=11.5, alignment=TA_CENTER),
        header=style("vd-header", fontName=fonts.bold, fontSize=8.5, leading=11.5,
                     alignment=TA_CENTER),
        cell=style("vd-cell", fontSize=8.5, leading=11.5),
        small=style("vd-small", fontSize=8, leading=10.5, textColor=MUTED),
        note=style("vd-note", fontSize=9, leading=12.5, textColor=NOTE_EDGE),
    )


def base_table_style(fonts: FontSet) -> list[tuple[Any, ...]]:
    """A small fixed table (title block, note): the Korean font (else reportlab adds a
    non-embedded Helvetica), grid, padding. Tables that may run over pages are LineTables."""
    return [
        ("FONT", (0, 0), (-1, -1), fonts.regular, BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, GRID),
        ("BOX", (0, 0), (-1, -1), OUTER_WIDTH, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
