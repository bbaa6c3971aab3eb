"""The blocks of the document: title, one block per visible section (label/value grid, long
texts, repeating tables), calculated values and the attachment checklist.

A block is a list of flowables and `Orientation` markers: a table too wide for a portrait page
asks for a landscape one, and render.py turns the markers into page-template switches (only
where the orientation changes). Every answer is registered with the proof collector and its
first and last line record the page they land on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePath
from typing import Any, TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Image, NextPageTemplate, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop_app.forms import confirm
from desktop_app.forms.expressions import Evaluator, Expression, compile_expr
from desktop_app.forms.kinds import DateKind
from desktop_app.forms.model import FieldDef, FormDefinition, Section
from desktop_app.pdf import proof
from desktop_app.pdf import styles as st
from desktop_app.pdf.attachments import AttachedFile, FileRef, given_name
from desktop_app.pdf.cells import image, lines, para, resolve
from desktop_app.pdf.formatting import (
    CHECKED,
    NBSP,
    UNCHECKED,
    format_computed,
    format_date,
    format_datetime,
    format_value,
    is_blank,
)
from desktop_app.pdf.linetable import Cell, LineTable
from desktop_app.pdf.page import (
    LANDSCAPE,
    PORTRAIT,
    Bookmark,
    LateText,
    PageMark,
    attachment_template,
)
from desktop_app.pdf.styles import Styles
from desktop_app.pdf.texts import t
from desktop_app.pdf.widths import column_widths
from desktop_app.validation.engine import ValidationResult

LONG_TEXT_CHARS = 280  # a longer textarea gets a full-width block under its label
LONG_TEXT_LINES = 5
_HEADER_PAD_TOP, _HEADER_PAD_BOTTOM = 3, 4
VALUE_WIDTH = st.CONTENT_WIDTH - st.LABEL_WIDTH
HEADER_SIZES = (8.5, 7.5, 6.5)
PORTRAIT_COLUMNS = 8  # a table answer with more columns goes on a landscape page


@dataclass(frozen=True)
class Orientation:
    """Not a flowable: asks render.py for portrait or landscape pages from here on."""

    name: str


StoryItem: TypeAlias = Flowable | Orientation


@dataclass
class Context:
    form: FormDefinition
    result: ValidationResult
    lang: str
    styles: Styles
    base_dir: Path | None
    today: dt.date
    files: list[AttachedFile] | None = None  # planned attachments (None: names only)
    draft: bool = True  # a DRAFT carries the tool's own notes (assumed settings); a final does not

    @cached_property
    def evaluator(self) -> Evaluator:
        return Evaluator(self.today, {k: s.value for k, s in self.form.settings.items()})

    @cached_property
    def scope(self) -> dict[str, Any]:
        hidden: dict[str, Any] = {fid: None for fid in self.form.fields}
        return {**hidden, **self.result.values, **self.result.computed}

    def column_visible(self, column: FieldDef, row: Mapping[str, Any]) -> bool:
        """A column's show_if for one row (a hidden cell prints blank, as a hidden field)."""
        if not column.show_if:
            return True
        names = {**self.scope, **row}
        return self.evaluator.truth(_compiled(column.show_if), names, skip_unknown=False)


@cache
def _compiled(source: str) -> Expression:
    return compile_expr(source)


def _table(rows: list[list[Any]], widths: Sequence[float], style: list[tuple[Any, ...]],
           repeat: int = 0) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=repeat, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


# --- title -----------------------------------------------------------------------------------

def title_block(ctx: Context, applicant: str | None, app_id: str | None,
                created: dt.datetime | None, draft_note: str | None) -> list[Flowable]:
    s, lang, form = ctx.styles, ctx.lang, ctx.form
    out: list[Flowable] = [Bookmark("title", form.title.get(lang)),
                           *lines(form.title.get(lang), s.title, st.CONTENT_WIDTH)]
    out += lines(f"{form.agency.get(lang)} · {t('edition', lang)} {form.edition}", s.subtitle,
                 st.CONTENT_WIDTH)
    pairs = [
        (t("agency", lang), form.agency.get(lang)),
        (t("edition", lang), form.edition),
        (t("deadline", lang), format_datetime(form.deadline, lang)),
        (t("created", lang), _prepared_on(ctx, created)),
        (t("applicant", lang), applicant or ""),
        (t("app_id", lang), app_id or ""),
    ]
    rows = [
        [para(a, s.label), para(b, s.value), para(c, s.label), para(d, s.value)]
        for (a, b), (c, d) in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    label_w = 0.16 * st.CONTENT_WIDTH
    value_w = st.CONTENT_WIDTH / 2 - label_w
    style = [*st.base_table_style(s.fonts), ("BACKGROUND", (0, 0), (0, -1), st.LABEL_FILL),
             ("BACKGROUND", (2, 0), (2, -1), st.LABEL_FILL)]
    out.append(_table(rows, [label_w, value_w, label_w, value_w], style))
    if draft_note:
        note = _table([[para(draft_note, s.note)]], [st.CONTENT_WIDTH], [
            *st.base_table_style(s.fonts), ("BACKGROUND", (0, 0), (-1, -1), st.NOTE_FILL),
            ("BOX", (0, 0), (-1, -1), st.OUTER_WIDTH, st.NOTE_EDGE),
            ("GRID", (0, 0), (-1, -1), st.GRID_WIDTH, st.NOTE_EDGE),
        ])
        out += [Spacer(1, 3 * mm), note]
    out.append(Spacer(1, 2 * mm))
    return out


def _prepared_on(ctx: Context, created: dt.datetime | None) -> str:
    """작성일: the signing date when it is answered, else the export date (never blank when
    the PDF was made by an export)."""
    for section in ctx.form.sections:
        if section.id in ctx.result.hidden_sections or section.role != "signature":
            continue
        signed = next((ctx.result.values.get(f.id) for f in section.fields
                       if isinstance(f.kind, DateKind) and not f.kind.with_time), None)
        if isinstance(signed, dt.date):
            return format_date(signed, ctx.lang)
    return format_date(created.date(), ctx.lang) if created else ""


# --- sections --------------------------------------------------------------------------------

def _heading(ctx: Context, key: str, title: str, first: Table) -> list[Flowable]:
    """The section heading, on a new page unless the first rows of what follows fit under it."""
    heading = para(title, ctx.styles.heading)
    _, height = heading.wrap(st.CONTENT_WIDTH, st.PAGE_SIZE[1])
    need = height + heading.getSpaceBefore() + heading.getSpaceAfter() + _lead_height(first)
    return [_NotingPageBreak(min(need, st.PAGE_SIZE[1] / 2), title, ctx.lang),
            Bookmark(key, title), heading]


class _NotingPageBreak(CondPageBreak):  # type: ignore[misc]
    """A CondPageBreak that tells the proof report when it moved a section to the next page."""

    def __init__(self, height: float, where: str, lang: str) -> None:
        super().__init__(height)
        self.where, self.lang = where, lang
        self.collector = proof.current()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_height < self.height and self.collector is not None:
            frame_height = st.PAGE_SIZE[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM
            if avail_height < frame_height - 1:  # not at the top of a page already
                self.collector.note("moved", t("new_page", self.lang), self.where)
        result: tuple[float, float] = super().wrap(avail_width, avail_height)
        return result


def _lead_height(table: Table) -> float:
    """Height of a table's repeated header and first two rows (what may not be parted)."""
    table.wrap(sum(table._argW), st.PAGE_SIZE[1])
    heights: list[float] = table._rowHeights  # known once wrapped
    return float(sum(heights[: table.repeatRows + 2]))


def _is_long(text: str) -> bool:
    return len(text) > LONG_TEXT_CHARS or text.count("\n") >= LONG_TEXT_LINES


def _inner(width: float) -> float:
    return width - 2 * st.CELL_PAD


def _label_cell(ctx: Context, label: str) -> list[Flowable]:
    return lines(label, ctx.styles.label, _inner(st.LABEL_WIDTH))


def _value_cell(ctx: Context, f: FieldDef, value: Any, width: float,
                style: ParagraphStyle | None = None) -> list[Flowable]:
    """The answer of one field for a cell `width` wide: its text lines, or the seal image."""
    s = ctx.styles
    if f.kind.holds_file and not is_blank(value):
        img = image(resolve(str(value), ctx.base_dir), _inner(width))
        if img is not None:
            return [img]
        return [para(t("image_missing", ctx.lang, name=PurePath(str(value)).name), s.small)]
    return lines(format_value(f, value, ctx.lang), style or s.value, _inner(width))


def _grid(ctx: Context) -> LineTable:
    """Label/value rows: shaded label column, thin black rules."""
    return LineTable([st.LABEL_WIDTH, VALUE_WIDTH], ctx.styles.fonts, label_column=True)


def _header_style(ctx: Context, rows: int, spanning_label: bool) -> list[tuple[Any, ...]]:
    """Shaded, bold header rows (the first one a label across all columns, if spanning_label)."""
    last = rows - 1
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, last), st.HEADER_FILL),
        ("FONT", (0, 0), (-1, last), ctx.styles.fonts.bold, st.BODY_SIZE),
        ("VALIGN", (0, 0), (-1, last), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, last), _HEADER_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, last), _HEADER_PAD_BOTTOM),
        ("LINEBELOW", (0, 0), (-1, last), st.GRID_WIDTH, st.GRID),
        ("LINEBELOW", (0, last), (-1, last), st.OUTER_WIDTH, st.GRID),
    ]
    columns_row = 1 if spanning_label else 0
    if spanning_label:
        style += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), st.LABEL_FILL)]
    if columns_row <= last:
        style.append(("LINEAFTER", (0, columns_row), (-2, last), st.GRID_WIDTH, st.GRID))
    return style


def _text_block(ctx: Context, label: str, text: str, key: str) -> Table:
    """A long text under its own label row, full width; the label repeats on every page."""
    s = ctx.styles
    table = LineTable([st.CONTENT_WIDTH], s.fonts,
                      header=[[para(label, s.label)]],
                      header_style=[*_header_style(ctx, 1, spanning_label=False),
                                    ("BACKGROUND", (0, 0), (-1, 0), st.LABEL_FILL),
                                    ("VALIGN", (0, 0), (-1, 0), "TOP")],
                      continued_header=[[para(f"{label} {t('cont', ctx.lang)}", s.label)]])
    table.add([proof.marked(lines(text, s.value, _inner(st.CONTENT_WIDTH)), key)], by_line=True)
    return table.build()


def _column_layout(ctx: Context, columns: Sequence[FieldDef], texts: Sequence[Sequence[str]],
                   total: float = st.CONTENT_WIDTH) -> tuple[list[float], ParagraphStyle, bool]:
    """Column widths (row number first) and the header style: a wide table's header is set
    smaller so that its words need not break."""
    s = ctx.styles
    number_w = 10 * mm
    labels = [c.label.get(ctx.lang) for c in columns]
    whole = [c.kind.unbreakable for c in columns]
    header = s.header
    whole_words = False
    for size in HEADER_SIZES:
        header = _header_font(s.header, size)
        widths, whole_words = column_widths(
            labels, texts, whole, total - number_w,
            (s.cell.fontName, s.cell.fontSize), (header.fontName, header.fontSize),
            2 * st.CELL_PAD + 1)
        if whole_words:
            break
    return [number_w, *widths], header, whole_words


@cache
def _header_font(parent: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"vd-header-{size}", parent=parent, fontSize=size, leading=size * 1.35)


def _data_table(ctx: Context, f: FieldDef, rows: Sequence[Mapping[str, Any]],
                section: str) -> tuple[str, Table]:
    """A table answer: its label and the column labels repeat on every page it runs over
    (the label marked "(계속)"); with many columns, or words that would break, it asks for a
    landscape page."""
    s, lang = ctx.styles, ctx.lang
    columns = f.columns
    label = f.label.get(lang)
    shown = [[row.get(c.id) if ctx.column_visible(c, row) else None for c in columns]
             for row in rows]
    texts = [[format_value(c, values[k], lang) for values in shown if not c.kind.holds_file]
             for k, c in enumerate(columns)]
    orientation = PORTRAIT
    widths, header_style, fits = _column_layout(ctx, columns, texts)
    if len(columns) > PORTRAIT_COLUMNS or not fits:
        orientation = LANDSCAPE
        widths, header_style, fits = _column_layout(ctx, columns, texts, st.LANDSCAPE_WIDTH)
        proof.note("moved", t("wide_table", lang))

    def header(title: str) -> list[list[Any]]:
        return [
            [para(title, s.label), *([""] * len(columns))],
            [lines(t("row_no", lang), header_style, _inner(widths[0])),
             *(lines(c.label.get(lang), header_style, _inner(w))
               for c, w in zip(columns, widths[1:], strict=True))],
        ]

    table = LineTable(widths, s.fonts, header=header(label),
                      header_style=[*_header_style(ctx, 2, spanning_label=True),
                                    ("VALIGN", (0, 0), (-1, 0), "TOP")],
                      continued_header=header(f"{label} {t('cont', lang)}"))
    for i, values in enumerate(shown, start=1):
        key = f"{f.id}[{i}]"
        summary = " / ".join(v for v in (format_value(c, x, lang) for c, x in
                                          zip(columns, values, strict=True)) if v)
        _register(key, section, t("row", lang, label=label, n=i), summary)
        cells: list[Cell] = [proof.marked([para(str(i), s.center)], key)]
        for c, width, value in zip(columns, widths[1:], values, strict=True):
            style = s.number if c.kind.numeric else s.cell
            cells.append(_value_cell(ctx, c, value, width, style))
        cells[-1] = proof.marked(list(cells[-1]), key)
        table.add(cells, continued=[para(str(i), s.center)])
    if not rows:
        _register(f.id, section, label, t("no_rows", lang))
        table.add_spanning(proof.marked([para(t("no_rows", lang), s.small)], f.id))
    return orientation, table.build()


def _register(key: str, section: str, label: str, value: str) -> None:
    c = proof.current()
    if c is not None:
        c.answer(key, section, label, value)


def section_block(ctx: Context, number: int, section: Section) -> list[StoryItem]:
    hidden = ctx.result.hidden_fields
    fields = [f for f in section.fields if f.id not in hidden]
    if section.id in ctx.result.hidden_sections or not fields:
        return []
    lang = ctx.lang
    title = f"{number}. {section.title.get(lang)}"
    # declared in the form (the loader checks it has the seal); a hidden seal: a plain section
    signing = section.role == "signature" and any(f.kind.holds_file for f in fields)
    consents = [f for f in fields if f.kind.family == "boolean"] if signing else []
    dates = [f for f in fields if isinstance(f.kind, DateKind) and not f.kind.with_time] if signing else []
    sign_date = dates[0] if dates else None
    chunks: list[tuple[str, list[Flowable]]] = []
    grid = _grid(ctx)

    def emit(orientation: str, flowables: Sequence[Flowable]) -> None:
        if chunks and chunks[-1][0] == orientation:
            chunks[-1][1].extend(flowables)
        else:
            chunks.append((orientation, list(flowables)))

    def flush() -> None:
        nonlocal grid
        if grid.rows:
            emit(PORTRAIT, [grid.build()])
            grid = _grid(ctx)

    for f in fields:
        if f in consents or f is sign_date or (signing and f.kind.holds_file):
            continue
        value = ctx.result.values.get(f.id)
        label = f.label.get(lang)
        with proof.where(label):
            if f.kind.has_columns:
                flush()
                orientation, table = _data_table(ctx, f, value if isinstance(value, list) else [],
                                                 title)
                emit(orientation, [table])
                continue
            text = format_value(f, value, lang)
            _register(f.id, title, label, text)
            if f.kind.multiline and isinstance(value, str) and _is_long(value):
                flush()
                proof.note("moved", t("long_text", lang))
                emit(PORTRAIT, [_text_block(ctx, label, text, f.id)])
            else:
                grid.add([proof.marked(_label_cell(ctx, label), f.id),
                          proof.marked(_value_cell(ctx, f, value, VALUE_WIDTH), f.id)],
                         continued=lines(f"{label} {t('cont', lang)}", ctx.styles.label,
                                         _inner(st.LABEL_WIDTH)))
    flush()
    if signing:
        from desktop_app.pdf.signature import consent_block, signature_block

        emit(PORTRAIT, consent_block(ctx, consents, title))
        emit(PORTRAIT, signature_block(ctx, fields, sign_date, title))
    from desktop_app.pdf.chart import budget_chart

    emit(PORTRAIT, budget_chart(ctx, section))
    if not chunks:
        return []
    first_orientation, first = chunks[0]
    lead = next((x for x in first if isinstance(x, Table)), None)
    head = (_heading(ctx, f"section-{section.id}", title, lead) if lead is not None else
            [Bookmark(f"section-{section.id}", title), para(title, ctx.styles.heading)])
    out: list[StoryItem] = [Orientation(first_orientation), *head, *first]
    for orientation, flowables in chunks[1:]:
        out += [Orientation(orientation), *flowables]
    return out


SHOWN_COMPUTED = frozenset({"money", "percent"})


def computed_block(ctx: Context, number: int) -> list[Flowable]:
    """The computed amounts and shares with a label (totals, government and private shares).
    Derived flags, ages and counts are the checker's working, not statements of the applicant:
    they stay out of the submission, as does anything marked `internal`."""
    s, lang = ctx.styles, ctx.lang
    grid = _grid(ctx)
    title = f"{number}. {t('computed', lang)}"
    for c in ctx.form.computed:
        if c.label is not None and not c.internal and c.type in SHOWN_COMPUTED:
            text = format_computed(c.type, ctx.result.computed.get(c.id), lang)
            _register(f"computed.{c.id}", title, c.label.get(lang), text)
            if ctx.draft and confirm.for_computed(ctx.form, c.id):  # from an assumed setting
                text += "\n" + t("confirm_mark", lang)
            grid.add([proof.marked(_label_cell(ctx, c.label.get(lang)), f"computed.{c.id}"),
                      proof.marked(lines(text, s.value, _inner(VALUE_WIDTH)),
                                   f"computed.{c.id}")])
    assumed = confirm_footnote(ctx)
    if not grid.rows:
        return assumed
    table = grid.build()
    return [*_heading(ctx, "computed", title, table), table, *assumed]


def confirm_footnote(ctx: Context) -> list[Flowable]:
    """Every setting of the edition the sources do not state (`confirm: true`), with its value:
    the checks of this application used them, so the applicant reading a DRAFT is told they
    are assumptions. Never in the final PDF: that goes to the agency, and an evaluator read the
    tool's doubts about its own numbers there (a founder's test)."""
    names = confirm.unconfirmed(ctx.form)
    if not names or not ctx.draft:
        return []
    s, lang = ctx.styles, ctx.lang
    listed = "\n".join(f"· {confirm.describe(ctx.form, n, lang)}" for n in names)
    width = st.CONTENT_WIDTH
    return [Spacer(1, 2 * mm), *lines(t("confirm_note", lang), s.note, width), *lines(listed, s.note, width)]


# --- attachments -----------------------------------------------------------------------------

def attachment_block(ctx: Context, number: int,
                     attachments: Mapping[str, Sequence[FileRef]]) -> list[StoryItem]:
    """The checklist: each requirement, required or not, the files given, their state and the
    pages of the package where they were appended."""
    s, lang, form = ctx.styles, ctx.lang, ctx.form
    if not form.attachments:
        return []
    required = set(ctx.result.required_attachments)
    w = st.CONTENT_WIDTH
    widths = [10 * mm, w - 10 * mm - 0.53 * w, 0.10 * w, 0.09 * w, 0.20 * w, 0.14 * w]
    header = [[para(t(k, lang), s.header) for k in
               ("att_no", "att_label", "att_required", "att_files", "att_status", "att_pages")]]
    table = LineTable(widths, s.fonts, header=header,
                      header_style=_header_style(ctx, 1, spanning_label=False),
                      continued_header=header)
    title = f"{number}. {t('attachments', lang)}"
    planned = ctx.files
    for i, a in enumerate(form.attachments, start=1):
        files = [f for f in attachments.get(a.id, ()) if f]
        label = lines(a.label.get(lang), s.cell, _inner(widths[1]))
        if files:
            names = ", ".join(given_name(f) for f in files)
            if a.id in ctx.result.from_client:
                names += f" ({t('att_from_client', lang)})"
            label += lines(names, s.small, _inner(widths[1]))
        mine = [p for p in planned if p.requirement == a.id] if planned is not None else []
        kinds = {p.kind for p in mine}
        status = _status(lang, bool(files), kinds, sum(p.pages for p in mine))
        applies = a.required or a.required_if is None or a.id in required or bool(files)
        if not applies:  # a condition that does not hold for this applicant: nothing is missing
            status = t("not_applicable", lang)
        key = f"attachment.{a.id}"
        _register(key, title, a.label.get(lang), f"{names if files else ''} {status}".strip())
        pages: Cell = ([LateText(f"att:{a.id}", s.center.fontName, s.center.fontSize,
                                 _inner(widths[5]))] if kinds & {"pdf", "image", "other",
                                                                  "unreadable"} else [])
        table.add([
            proof.marked([para(str(i), s.center)], key), label,
            [para(t("required" if a.id in required else "optional" if applies else "not_applicable", lang),
                  s.center)],
            [para(t("files", lang, n=len(files)), s.center)],
            [para(status, s.center)], pages,
        ])
    built = table.build()
    return [Orientation(PORTRAIT), *_heading(ctx, "attachments", title, built), built]


def _status(lang: str, named: bool, kinds: Set[str], pages: int) -> str:
    """Missing, not found, separate (a format a PDF cannot hold), or "첨부 n쪽" — the pages
    merged into this package; names only (no plan) say "provided"."""
    if not named:
        return f"{UNCHECKED}{NBSP}{t('missing', lang)}"
    if kinds & {"missing", "unreadable"}:
        return f"{UNCHECKED}{NBSP}{t('not_found', lang)}"
    if "other" in kinds:
        return f"{CHECKED}{NBSP}{t('separate', lang)}"
    if kinds:
        return f"{CHECKED}{NBSP}{t('attached_pages', lang, n=pages)}"
    return f"{CHECKED}{NBSP}{t('provided', lang)}"


def attachment_pages(ctx: Context, files: Sequence[AttachedFile]) -> list[Flowable]:
    """The appended attachments: a reserved page per PDF page (merged later), a page per image,
    a page saying why for anything else; each file with an outline entry."""
    s, lang = ctx.styles, ctx.lang
    out: list[Flowable] = []
    root = False
    for item in files:
        caption = t("att_caption", lang, n=item.number, label=item.label(lang))
        entry = f"{caption} — {item.base_name}"
        key = f"att-{item.requirement}-{item.index}"

        def landed(page: int, item: AttachedFile = item) -> None:
            item.first_page = item.first_page or page
            item.last_page = max(item.last_page, page)

        marks: list[Flowable] = []
        if not root:
            marks.append(Bookmark("attachments-appended", t("att_section", lang)))
            root = True
        marks.append(Bookmark(key, entry, level=1))
        if item.kind == "pdf":
            total = len(item.page_sizes)
            for k, size in enumerate(item.page_sizes):
                stamp = f"{caption} ({k + 1}/{total})" if total > 1 else caption
                out += [NextPageTemplate(attachment_template(size)), PageBreak(),
                        *(marks if k == 0 else []), PageMark(stamp, landed)]
            continue
        out += [NextPageTemplate(PORTRAIT), PageBreak(), *marks, PageMark(None, landed),
                para(caption, s.heading),
                para(t("att_file", lang, name=item.base_name, size=_size(item.size)), s.small),
                Spacer(1, 3 * mm)]
        if item.kind == "image":
            out.append(_page_image(item.path))
        elif item.kind == "other":
            ext = PurePath(item.name).suffix.lstrip(".").upper() or "?"
            out.append(para(t("att_other", lang, ext=ext), s.value))
            proof.note("omitted", t("att_other", lang, ext=ext), entry)
        elif item.kind == "unreadable":
            out.append(para(t("att_unreadable", lang, reason=item.reason), s.value))
            proof.note("omitted", t("att_unreadable", lang, reason=item.reason), entry)
        else:
            out.append(para(t("att_not_found", lang, name=item.name), s.value))
            proof.note("omitted", t("att_not_found", lang, name=item.name), entry)
    return out


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} B"


def _page_image(path: Path) -> Flowable:
    from reportlab.lib.utils import ImageReader

    width, height = ImageReader(str(path)).getSize()
    room_w = st.CONTENT_WIDTH
    room_h = st.PAGE_SIZE[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM - 30 * mm
    scale = min(room_w / width, room_h / height, 1.0 if width > 600 else 3.0)
    img = Image(str(path), width=width * scale, height=height * scale)
    img.hAlign = "CENTER"
    return img


def late_texts(files: Sequence[AttachedFile]) -> dict[str, str]:
    """The checklist's page column, once the attachments' pages are known."""
    spans: dict[str, list[int]] = {}
    for item in files:
        if item.first_page:
            spans.setdefault(item.requirement, []).extend([item.first_page, item.last_page])
    out = {}
    for req, pages in spans.items():
        lo, hi = min(pages), max(pages)
        out[f"att:{req}"] = str(lo) if lo == hi else f"{lo}–{hi}"
    return out
