"""The blocks of the document: title, one block per visible section (label/value grid, long
texts, repeating tables), calculated values and the attachment checklist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePath
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop_app.forms.expressions import Evaluator, Expression, compile_expr
from desktop_app.forms.model import FieldDef, FormDefinition, Section
from desktop_app.pdf import styles as st
from desktop_app.pdf.cells import image, lines, para, resolve
from desktop_app.pdf.formatting import (
    CHECKED,
    NBSP,
    UNCHECKED,
    format_computed,
    format_datetime,
    format_value,
    is_blank,
)
from desktop_app.pdf.linetable import Cell, LineTable
from desktop_app.pdf.page import Bookmark
from desktop_app.pdf.styles import Styles
from desktop_app.pdf.texts import t
from desktop_app.pdf.widths import column_widths
from desktop_app.validation.engine import ValidationResult

LONG_TEXT_CHARS = 280  # a longer textarea gets a full-width block under its label
LONG_TEXT_LINES = 5
_HEADER_PAD_TOP, _HEADER_PAD_BOTTOM = 3, 4
VALUE_WIDTH = st.CONTENT_WIDTH - st.LABEL_WIDTH
HEADER_SIZES = (8.5, 7.5, 6.5)
NUMERIC_TYPES = frozenset({"integer", "number", "money", "percent"})
# values that must never break inside a table cell
WHOLE_TYPES = NUMERIC_TYPES | {"date", "phone", "brn", "crn", "postcode"}


@dataclass
class Context:
    form: FormDefinition
    result: ValidationResult
    lang: str
    styles: Styles
    base_dir: Path | None
    today: dt.date

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
        (t("created", lang), format_datetime(created, lang) if created else ""),
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


# --- sections --------------------------------------------------------------------------------

def _heading(ctx: Context, key: str, title: str, first: Table) -> list[Flowable]:
    """The section heading, on a new page unless the first rows of what follows fit under it."""
    heading = para(title, ctx.styles.heading)
    _, height = heading.wrap(st.CONTENT_WIDTH, st.PAGE_SIZE[1])
    need = height + heading.getSpaceBefore() + heading.getSpaceAfter() + _lead_height(first)
    return [CondPageBreak(min(need, st.PAGE_SIZE[1] / 2)), Bookmark(key, title), heading]


def _lead_height(table: Table) -> float:
    """Height of a table's repeated header and first two rows (what may not be parted)."""
    table.wrap(st.CONTENT_WIDTH, st.PAGE_SIZE[1])
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
    if f.type == "image" and not is_blank(value):
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


def _text_block(ctx: Context, label: str, text: str) -> Table:
    """A long text under its own label row, full width; the label repeats on every page."""
    s = ctx.styles
    table = LineTable([st.CONTENT_WIDTH], s.fonts,
                      header=[[para(label, s.label)]],
                      header_style=[*_header_style(ctx, 1, spanning_label=False),
                                    ("BACKGROUND", (0, 0), (-1, 0), st.LABEL_FILL),
                                    ("VALIGN", (0, 0), (-1, 0), "TOP")])
    table.add([lines(text, s.value, _inner(st.CONTENT_WIDTH))], by_line=True)
    return table.build()


def _column_layout(ctx: Context, columns: Sequence[FieldDef],
                   texts: Sequence[Sequence[str]]) -> tuple[list[float], ParagraphStyle]:
    """Column widths (row number first) and the header style: a wide table's header is set
    smaller so that its words need not break."""
    s = ctx.styles
    number_w = 10 * mm
    labels = [c.label.get(ctx.lang) for c in columns]
    whole = [c.type in WHOLE_TYPES for c in columns]
    header = s.header
    for size in HEADER_SIZES:
        header = ParagraphStyle(f"vd-header-{size}", parent=s.header, fontSize=size,
                                leading=size * 1.35)
        widths, whole_words = column_widths(
            labels, texts, whole, st.CONTENT_WIDTH - number_w,
            (s.cell.fontName, s.cell.fontSize), (header.fontName, header.fontSize),
            2 * st.CELL_PAD + 1)
        if whole_words:
            break
    return [number_w, *widths], header


def _data_table(ctx: Context, f: FieldDef, rows: Sequence[Mapping[str, Any]]) -> Table:
    """A table answer: its label and the column labels repeat on every page it runs over."""
    s, lang = ctx.styles, ctx.lang
    columns = f.columns
    shown = [[row.get(c.id) if ctx.column_visible(c, row) else None for c in columns]
             for row in rows]
    texts = [[format_value(c, values[k], lang) for values in shown if c.type != "image"]
             for k, c in enumerate(columns)]
    widths, header_style = _column_layout(ctx, columns, texts)
    header: list[list[Any]] = [
        [para(f.label.get(lang), s.label), *([""] * len(columns))],
        [lines(t("row_no", lang), header_style, _inner(widths[0])),
         *(lines(c.label.get(lang), header_style, _inner(w))
           for c, w in zip(columns, widths[1:], strict=True))],
    ]
    table = LineTable(widths, s.fonts, header=header,
                      header_style=[*_header_style(ctx, 2, spanning_label=True),
                                    ("VALIGN", (0, 0), (-1, 0), "TOP")])
    for i, values in enumerate(shown, start=1):
        cells: list[Cell] = [[para(str(i), s.center)]]
        for c, width, value in zip(columns, widths[1:], values, strict=True):
            style = s.number if c.type in NUMERIC_TYPES else s.cell
            cells.append(_value_cell(ctx, c, value, width, style))
        table.add(cells)
    if not rows:
        table.add_spanning([para(t("no_rows", lang), s.small)])
    return table.build()


def section_block(ctx: Context, number: int, section: Section) -> list[Flowable]:
    hidden = ctx.result.hidden_fields
    fields = [f for f in section.fields if f.id not in hidden]
    if section.id in ctx.result.hidden_sections or not fields:
        return []
    lang = ctx.lang
    out: list[Flowable] = []
    grid = _grid(ctx)

    def flush() -> None:
        nonlocal grid
        if grid.rows:
            out.append(grid.build())
            grid = _grid(ctx)

    for f in fields:
        value = ctx.result.values.get(f.id)
        label = f.label.get(lang)
        if f.type == "table":
            flush()
            out.append(_data_table(ctx, f, value if isinstance(value, list) else []))
        elif f.type == "textarea" and isinstance(value, str) and _is_long(value):
            flush()
            out.append(_text_block(ctx, label, format_value(f, value, lang)))
        else:
            grid.add([_label_cell(ctx, label), _value_cell(ctx, f, value, VALUE_WIDTH)])
    flush()
    title = f"{number}. {section.title.get(lang)}"
    return [*_heading(ctx, f"section-{section.id}", title, out[0]), *out]


def computed_block(ctx: Context, number: int) -> list[Flowable]:
    """Every computed value with a label (totals, shares, derived flags)."""
    s, lang = ctx.styles, ctx.lang
    grid = _grid(ctx)
    for c in ctx.form.computed:
        if c.label is not None:
            text = format_computed(c.type, ctx.result.computed.get(c.id), lang)
            grid.add([_label_cell(ctx, c.label.get(lang)),
                      lines(text, s.value, _inner(VALUE_WIDTH))])
    if not grid.rows:
        return []
    title = f"{number}. {t('computed', lang)}"
    table = grid.build()
    return [*_heading(ctx, "computed", title, table), table]


# --- attachments -----------------------------------------------------------------------------

def attachment_block(ctx: Context, number: int,
                     attachments: Mapping[str, Sequence[str]]) -> list[Flowable]:
    s, lang, form = ctx.styles, ctx.lang, ctx.form
    if not form.attachments:
        return []
    required = set(ctx.result.required_attachments)
    w = st.CONTENT_WIDTH
    widths = [10 * mm, w - 10 * mm - 0.45 * w, 0.13 * w, 0.14 * w, 0.18 * w]
    header = [[para(t(k, lang), s.header)
               for k in ("att_no", "att_label", "att_required", "att_files", "att_status")]]
    table = LineTable(widths, s.fonts, header=header,
                      header_style=_header_style(ctx, 1, spanning_label=False))
    for i, a in enumerate(form.attachments, start=1):
        files = [f for f in attachments.get(a.id, ()) if f]
        label = lines(a.label.get(lang), s.cell, _inner(widths[1]))
        if files:
            names = ", ".join(PurePath(f).name for f in files)
            label += lines(names, s.small, _inner(widths[1]))
        status = (f"{CHECKED}{NBSP}{t('provided', lang)}" if files
                  else f"{UNCHECKED}{NBSP}{t('missing', lang)}")
        table.add([
            [para(str(i), s.center)], label,
            [para(t("required" if a.id in required else "optional", lang), s.center)],
            [para(t("files", lang, n=len(files)), s.center)],
            [para(status, s.center)],
        ])
    title = f"{number}. {t('attachments', lang)}"
    built = table.build()
    return [*_heading(ctx, "attachments", title, built), built]
