"""The budget at a glance (reportlab graphics): the split by source (e.g. government vs private
share) as one stacked bar, and the amounts by item as bars.

Nothing here knows a programme, and nothing is guessed: a table declares its chart in the form
(`chart: {amount: COLUMN, group: COLUMN, sources: [gov_share, private_share]}`, checked when the
form loads). The rows' amounts are added up by the group column; the split bar shows the named
sources (money answers or computed values) as they were answered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer
from reportlab.platypus.flowables import Flowable

from desktop_app.forms.model import FieldDef, Section
from desktop_app.pdf import styles as st
from desktop_app.pdf.blocks import Context
from desktop_app.pdf.formatting import format_money, format_percent
from desktop_app.pdf.page import fit_text
from desktop_app.pdf.texts import t

PALETTE = [colors.HexColor(c) for c in ("#2F5597", "#E08A2E", "#6AA84F", "#8E7CC3", "#C0504D")]
BAR_FILL = colors.HexColor("#5B7DB1")
MAX_GROUPS = 10
_UNIT = re.compile(r"\s*\((원|won|KRW|%)\)\s*$", re.IGNORECASE)
Part = tuple[str, float]


def budget_chart(ctx: Context, section: Section) -> list[Flowable]:
    if section.id in ctx.result.hidden_sections:
        return []
    visible = [f for f in section.fields if f.id not in ctx.result.hidden_fields]
    groups, group_label, table = _groups(ctx, visible)
    if not groups or table is None:
        return []
    split = _split(ctx, table)
    return [Spacer(1, 3 * mm), KeepTogether([_drawing(ctx, groups, group_label, split)])]


def _money(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _groups(ctx: Context, fields: Sequence[FieldDef]) -> tuple[list[Part], str, FieldDef | None]:
    """(amount per group, the group column's label, the table) of the first charted table."""
    lang = ctx.lang
    for f in fields:
        rows = ctx.result.values.get(f.id)
        if f.chart is None or not isinstance(rows, list) or not rows:
            continue
        amount, key = f.column_map[f.chart.amount], f.column_map[f.chart.group]
        sums: dict[str, float] = {}
        for i, row in enumerate(rows, start=1):
            value = _money(row.get(amount.id)) if isinstance(row, dict) else None
            if value is None:
                continue
            raw = row.get(key.id)
            name = str(i) if raw in (None, "", []) else key.kind.format(raw, lang, key, marks=False)
            sums[name] = sums.get(name, 0.0) + value
        parts = sorted(sums.items(), key=lambda p: -p[1])
        if len(parts) > MAX_GROUPS:
            rest = sum(v for _, v in parts[MAX_GROUPS - 1:])
            parts = [*parts[: MAX_GROUPS - 1], (t("chart_other", lang), rest)]
        if parts and sum(v for _, v in parts) > 0:
            return parts, key.label.get(lang), f
    return [], "", None


def _split(ctx: Context, table: FieldDef) -> list[Part]:
    """The declared sources with their answered amounts; none while any is unanswered."""
    assert table.chart is not None
    lang = ctx.lang
    parts: list[Part] = []
    for source in table.chart.sources:
        field = ctx.form.fields.get(source)
        computed = ctx.form.computed_map.get(source)
        label = field.label if field is not None else computed.label if computed is not None else None
        raw = ctx.result.values.get(source) if field is not None else ctx.result.computed.get(source)
        value = _money(raw)
        if value is None or value < 0:
            return []
        parts.append((_UNIT.sub("", label.get(lang)) if label is not None else source, value))
    return parts if sum(v for _, v in parts) > 0 else []


def _drawing(ctx: Context, groups: Sequence[Part], group_label: str,
             split: Sequence[Part]) -> Drawing:
    fonts, lang = ctx.styles.fonts, ctx.lang
    width = st.CONTENT_WIDTH
    row_h, gap = 13.0, 5.0
    height = 18 + (row_h * 2 + 14 if split else 0) + 14 + len(groups) * (row_h + 3) + 4
    d = Drawing(width, height)
    y = height - 12
    d.add(String(0, y, t("chart_title", lang), fontName=fonts.bold, fontSize=10))
    y -= 8
    label_w = 0.28 * width
    if split:
        total = sum(v for _, v in split) or 1.0
        y -= row_h + 6
        d.add(String(0, y + 3.5, t("chart_split", lang), fontName=fonts.bold, fontSize=8.5))
        x = label_w
        for k, (_, value) in enumerate(split):
            w = (width - label_w) * value / total
            d.add(Rect(x, y, w, row_h, fillColor=PALETTE[k % len(PALETTE)], strokeColor=None))
            x += w
        y -= row_h
        x = label_w
        for k, (name, value) in enumerate(split):
            text = f"{name} {format_money(value, lang)} ({format_percent(round(100 * value / total, 1))})"
            d.add(Rect(x, y + 1, 7, 7, fillColor=PALETTE[k % len(PALETTE)], strokeColor=None))
            d.add(String(x + 10, y + 2, text, fontName=fonts.regular, fontSize=7.5))
            x += 10 + stringWidth(text, fonts.regular, 7.5) + 12
        y -= gap
    y -= 14
    d.add(String(0, y, t("chart_items", lang, label=group_label), fontName=fonts.bold,
                 fontSize=8.5))
    top = max(v for _, v in groups) or 1.0
    whole = sum(v for _, v in groups) or 1.0
    value_room = 0.30 * width
    for name, value in groups:
        y -= row_h + 3
        d.add(String(0, y + 3.5, fit_text(name, fonts.regular, 8, label_w - 6),
                     fontName=fonts.regular, fontSize=8))
        w = max((width - label_w - value_room) * value / top, 0.5)
        d.add(Rect(label_w, y, w, row_h, fillColor=BAR_FILL, strokeColor=None))
        text = f"{format_money(value, lang)} ({format_percent(round(100 * value / whole, 1))})"
        d.add(String(label_w + w + 4, y + 3.5, text, fontName=fonts.regular, fontSize=7.5))
    return d
