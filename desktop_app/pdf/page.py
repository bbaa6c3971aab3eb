"""The page: document template, running header and footer (`page x / y` needs the total, so the
canvas keeps every page until the end), DRAFT watermark, outline entries and metadata.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from desktop_app.pdf import styles as st
from desktop_app.pdf.fonts import FontSet
from desktop_app.pdf.texts import WATERMARK, t


@dataclass(frozen=True)
class PageDecor:
    """What every page shows besides the content."""

    fonts: FontSet
    lang: str
    short_title: str
    applicant: str
    app_id: str
    content_hash: str
    draft: bool


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime
    lang: str


def pdf_date(stamp: dt.datetime) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+HH'mm') for a fixed creation date."""
    text = f"D:{stamp:%Y%m%d%H%M%S}"
    offset = stamp.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Cut text with an ellipsis so that it fits in width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_decor(canv: Any, decor: PageDecor, page: int, total: int) -> None:
    width, height = st.PAGE_SIZE
    left, right = st.MARGIN_X, width - st.MARGIN_X
    regular, bold = decor.fonts.regular, decor.fonts.bold
    canv.saveState()
    if decor.draft:
        draw_watermark(canv, bold)
    canv.setFillColor(st.MUTED)
    canv.setStrokeColor(st.MUTED)
    canv.setLineWidth(0.4)
    # header: programme (left), applicant (right)
    top = height - 12 * mm
    half = (right - left) / 2 - 6
    canv.setFont(bold, 8.5)
    canv.drawString(left, top, fit_text(decor.short_title, bold, 8.5, half * 1.3))
    canv.setFont(regular, 8.5)
    canv.drawRightString(right, top, fit_text(decor.applicant, regular, 8.5, half * 0.7))
    canv.line(left, top - 3, right, top - 3)
    # footer: application id (left), page x / y (centre), content hash (right)
    bottom = 11 * mm
    canv.line(left, bottom + 9, right, bottom + 9)
    canv.setFont(regular, 8)
    if decor.app_id:
        canv.drawString(left, bottom, fit_text(f"{t('app_id', decor.lang)} {decor.app_id}",
                                               regular, 8, half * 0.8))
    canv.drawCentredString(width / 2, bottom, t("page", decor.lang, x=page, y=total))
    canv.drawRightString(right, bottom, t("hash", decor.lang, h=decor.content_hash))
    canv.restoreState()


def draw_watermark(canv: Any, font: str) -> None:
    """Diagonal, light grey, translucent: over the content so that shaded cells do not hide it."""
    width, height = st.PAGE_SIZE
    diagonal = math.hypot(width, height)
    size = min(96.0, 0.62 * diagonal / max(stringWidth(WATERMARK, font, 1), 1))
    canv.saveState()
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    canv.setFillColor(st.WATERMARK_FILL)
    canv.setFillAlpha(0.35)
    canv.setFont(font, size)
    canv.drawCentredString(0, -size / 3, WATERMARK)
    canv.restoreState()


def canvas_class(decor: PageDecor, meta: Metadata) -> type[Canvas]:
    """A canvas that holds its pages back until save() knows how many there are."""
    created = pdf_date(meta.created)

    class DecoratedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_: created)

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                draw_decor(self, decor, number, total)
                super().showPage()
            super().save()

    return DecoratedCanvas


class Bookmark(Flowable):  # type: ignore[misc]
    """A zero-size flowable that adds an outline entry (a PDF bookmark) where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


class SubmissionDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: str | BinaryIO, meta: Metadata, fonts: FontSet) -> None:
        super().__init__(
            out, pagesize=st.PAGE_SIZE, leftMargin=st.MARGIN_X, rightMargin=st.MARGIN_X,
            topMargin=st.MARGIN_TOP, bottomMargin=st.MARGIN_BOTTOM,
            title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
            creator="Voucher Desk", lang=meta.lang, invariant=1, initialFontName=fonts.regular,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
