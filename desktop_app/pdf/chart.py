"""The budget at a glance (reportlab graphics): the split by source (e.g. government vs private
share) as one stacked bar, and the amounts by item as bars.

Nothing here knows a programme. The budget table is the section's table answer with a money
column (the computed one, e.g. quantity × unit price, else the last); rows are grouped by its
first choice column (else its first text column). The split is found arithmetically among the
section's money answers and the form's money computed values: the first value that two or three
others add up to exactly (total = government share + private share).
"""

from __future__ import annotations

import itertools
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
    groups, group_label = _groups(ctx, visible)
    if not groups:
        return []
    split = _split(ctx, visible)
    return [Spacer(1, 3 * mm), KeepTogether([_drawing(ctx, groups, group_label, split)])]


def _money(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _groups(ctx: Context, fields: Sequence[FieldDef]) -> tuple[list[Part], str]:
    lang = ctx.lang
    for f in fields:
        rows = ctx.result.values.get(f.id)
        money = [c for c in f.columns if c.type == "money"]
        if f.type != "table" or not money or not isinstance(rows, list) or not rows:
            continue
        amount = next((c for c in money if c.compute), money[-1])
        key = next((c for c in f.columns if c.type == "choice"),
                   next((c for c in f.columns if c.type == "text"), None))
        sums: dict[str, float] = {}
        for i, row in enumerate(rows, start=1):
            value = _money(row.get(amount.id)) if isinstance(row, dict) else None
            if value is None:
                continue
            raw = row.get(key.id) if key is not None else None
            if key is None or raw in (None, ""):
                name = str(i)
            elif key.type == "choice":
                name = key.choice_label(str(raw), lang)
            else:
                name = str(raw)
            sums[name] = sums.get(name, 0.0) + value
        parts = sorted(sums.items(), key=lambda p: -p[1])
        if len(parts) > MAX_GROUPS:
            rest = sum(v for _, v in parts[MAX_GROUPS - 1:])
            parts = [*parts[: MAX_GROUPS - 1], (t("chart_other", lang), rest)]
        if parts and sum(v for _, v in parts) > 0:
            return parts, (key.label.get(lang) if key is not None else f.label.get(lang))
    return [], ""


def _split(ctx: Context, fields: Sequence[FieldDef]) -> list[Part]:
    lang = ctx.lang
    candidates: list[Part] = []
    for f in fields:
        value = _money(ctx.result.values.get(f.id))
        if f.type == "money" and value is not None:
            candidates.append((_UNIT.sub("", f.label.get(lang)), value))
    for c in ctx.form.computed:
        value = _money(ctx.result.computed.get(c.id))
        if c.type == "money" and c.label is not None and value is not None:
            candidates.append((_UNIT.sub("", c.label.get(lang)), value))
    order = sorted(range(len(candidates)), key=lambda k: -candidates[k][1])
    for k in order:
        total = candidates[k][1]
        if total <= 0:
            continue
        others = [c for j, c in enumerate(candidates) if j != k and c[1] >= 0]
        for size in (2, 3):
            for combo in itertools.combinations(others, size):
                if (abs(sum(v for _, v in combo) - total) < 0.5
                        and all(v <= total for _, v in combo)
                        and len({name for name, _ in combo}) == size):
                    return list(combo)
    return []


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
