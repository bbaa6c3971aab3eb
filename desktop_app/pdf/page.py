"""The page: document template, running header and footer (`page x / y` needs the total, so the
canvas keeps every page until the end), DRAFT watermark, outline entries and metadata.

Page templates: `portrait` (A4), `landscape` (A4 turned, for wide tables) and one per size of
appended PDF page (`att-W-H`, an empty page that the attachment's page is merged under later;
such a page gets a small stamp at its foot instead of the running header and footer).
Text that is known only when the document is complete (the page where an attachment starts)
is drawn at save time: LateText records where it stands, the canvas fills it in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import landscape
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
    truncated: list[str] | None = None  # running-header texts that had to be shortened


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
    width, height = canv._pagesize
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
    canv.drawString(left, top, _fit(decor, decor.short_title, bold, 8.5, half * 1.3))
    canv.setFont(regular, 8.5)
    canv.drawRightString(right, top, _fit(decor, decor.applicant, regular, 8.5, half * 0.7))
    canv.line(left, top - 3, right, top - 3)
    # footer: application id (left), page x / y (centre), content hash (right)
    bottom = 11 * mm
    canv.line(left, bottom + 9, right, bottom + 9)
    canv.setFont(regular, 8)
    if decor.app_id:
        canv.drawString(left, bottom, _fit(decor, f"{t('app_id', decor.lang)} {decor.app_id}",
                                           regular, 8, half * 0.8))
    canv.drawCentredString(width / 2, bottom, t("page", decor.lang, x=page, y=total))
    canv.drawRightString(right, bottom, t("hash", decor.lang, h=decor.content_hash))
    canv.restoreState()


def _fit(decor: PageDecor, text: str, font: str, size: float, width: float) -> str:
    fitted = fit_text(text, font, size, width)
    if fitted != text and decor.truncated is not None and text not in decor.truncated:
        decor.truncated.append(text)
    return fitted


def draw_stamp(canv: Any, decor: PageDecor, label: str, page: int, total: int) -> None:
    """The foot of an appended page: one line on a white band, below most documents' margins."""
    width, _ = canv._pagesize
    regular = decor.fonts.regular
    parts = [label, t("page", decor.lang, x=page, y=total)]
    if decor.app_id:
        parts.append(f"{t('app_id', decor.lang)} {decor.app_id}")
    parts.append(t("hash", decor.lang, h=decor.content_hash))
    text = _fit(decor, "  ·  ".join(parts), regular, 7, width - 12 * mm)
    text_w = stringWidth(text, regular, 7)
    canv.saveState()
    if decor.draft:
        draw_watermark(canv, decor.fonts.bold)
    canv.setFillColorRGB(1, 1, 1)
    canv.rect((width - text_w) / 2 - 3, 2.2 * mm, text_w + 6, 10, stroke=0, fill=1)
    canv.setFillColor(st.MUTED)
    canv.setFont(regular, 7)
    canv.drawCentredString(width / 2, 2.2 * mm + 2.6, text)
    canv.restoreState()


def draw_watermark(canv: Any, font: str) -> None:
    """Diagonal, light grey, translucent: over the content so that shaded cells do not hide it."""
    width, height = canv._pagesize
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


@dataclass
class LatePlace:
    """A LateText as drawn: page, absolute position, font, and the key of its text."""

    page: int
    x: float
    y: float
    font: str
    size: float
    key: str
    align: str


def canvas_class(decor: PageDecor, meta: Metadata,
                 late: Callable[[], Mapping[str, str]] | None = None) -> type[Canvas]:
    """A canvas that holds its pages back until save() knows how many there are."""
    created = pdf_date(meta.created)

    class DecoratedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []
            self.vd_stamp: str | None = None  # set by an appended page: stamp, not header
            self.vd_late: list[LatePlace] = []
            self.setDateFormatter(lambda *_: created)

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self.vd_stamp = None
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            texts = late() if late is not None else {}
            by_page: dict[int, list[LatePlace]] = {}
            for place in self.vd_late:
                by_page.setdefault(place.page, []).append(place)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                for place in by_page.get(number, ()):
                    self.setFont(place.font, place.size)
                    text = texts.get(place.key, "")
                    if place.align == "CENTER":
                        self.drawCentredString(place.x, place.y, text)
                    else:
                        self.drawString(place.x, place.y, text)
                if state.get("vd_stamp") is not None:
                    draw_stamp(self, decor, state["vd_stamp"], number, total)
                else:
                    draw_decor(self, decor, number, total)
                super().showPage()
            super().save()

    return DecoratedCanvas


class LateText(Flowable):  # type: ignore[misc]
    """Text filled in when the document is complete (`key` → text from the late mapping)."""

    def __init__(self, key: str, font: str, size: float, width: float,
                 align: str = "CENTER") -> None:
        super().__init__()
        self.key, self.font, self.size, self.align = key, font, size, align
        self.width, self.height = width, size * 1.3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x = self.width / 2 if self.align == "CENTER" else 0.0
        ax, ay = self.canv.absolutePosition(x, self.size * 0.3)
        self.canv.vd_late.append(LatePlace(self.canv.getPageNumber(), ax, ay, self.font,
                                           self.size, self.key, self.align))


class PageMark(Flowable):  # type: ignore[misc]
    """Zero-size: tells the canvas that this page is an appended one (stamp, not header) and
    calls `on_draw(page)` so that the caller learns where it landed."""

    def __init__(self, stamp: str | None, on_draw: Callable[[int], None]) -> None:
        super().__init__()
        self.stamp, self.on_draw = stamp, on_draw
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.stamp is not None:
            self.canv.vd_stamp = self.stamp
        self.on_draw(self.canv.getPageNumber())


class Bookmark(Flowable):  # type: ignore[misc]
    """A zero-size flowable that adds an outline entry (a PDF bookmark) where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        # the canvas holds its pages back (page x / y), so reportlab's own page counter still
        # names the first page: point the destination at the page being drawn instead
        doc = self.canv._doc
        held = doc.pageCounter
        doc.pageCounter = self.canv.getPageNumber()
        try:
            self.canv.bookmarkPage(self.key)
        finally:
            doc.pageCounter = held
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


PORTRAIT, LANDSCAPE = "portrait", "landscape"


def attachment_template(size: tuple[float, float]) -> str:
    return f"att-{size[0]:.2f}-{size[1]:.2f}"


class SubmissionDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: str | BinaryIO, meta: Metadata, fonts: FontSet,
                 sizes: tuple[tuple[float, float], ...] = ()) -> None:
        super().__init__(
            out, pagesize=st.PAGE_SIZE, leftMargin=st.MARGIN_X, rightMargin=st.MARGIN_X,
            topMargin=st.MARGIN_TOP, bottomMargin=st.MARGIN_BOTTOM,
            title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
            creator="Voucher Desk", lang=meta.lang, invariant=1, initialFontName=fonts.regular,
        )
        templates = [self._template(PORTRAIT, st.PAGE_SIZE),
                     self._template(LANDSCAPE, landscape(st.PAGE_SIZE))]
        for size in sorted(set(sizes)):
            frame = Frame(0, 0, size[0], size[1], leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0)
            templates.append(PageTemplate(id=attachment_template(size), frames=[frame],
                                          pagesize=size, onPage=_exact_size(size)))
        self.addPageTemplates(templates)

    def _template(self, name: str, size: tuple[float, float]) -> PageTemplate:
        frame = Frame(st.MARGIN_X, st.MARGIN_BOTTOM, size[0] - 2 * st.MARGIN_X,
                      size[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPage=_exact_size(size))


def _exact_size(size: tuple[float, float]) -> Callable[[Any, Any], None]:
    """reportlab compares page sizes rounded to points; appended pages need the exact one."""

    def on_page(canv: Any, doc: Any) -> None:
        if tuple(canv._pagesize) != tuple(size):
            canv.setPageSize(size)

    return on_page
