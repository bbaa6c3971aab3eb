"""Answer values as the PDF prints them, in Korean or English.

Pure functions of (value, language) returning plain text; the flowables escape and lay it out.
Money `12,345,000원` / `KRW 12,345,000`, percent `20%`, dates `2020년 6월 15일` / `15 June 2020`,
booleans and multichoices as ■ checked / □ unchecked boxes, choices by their label; blank is "".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from desktop_app.forms.model import FieldDef
from desktop_app.pdf.texts import t

CHECKED = "■"
UNCHECKED = "□"
NBSP = "\u00a0"  # keeps a box with its label when a line wraps
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_BOX_GAP = "   "


def is_blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def format_number(value: float, decimals: int = 2) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def format_money(value: float, lang: str) -> str:
    amount = format_number(round(value))
    return f"KRW{NBSP}{amount}" if lang == "en" else f"{amount}원"


def format_percent(value: float) -> str:
    return f"{format_number(value)}%"


def format_date(value: dt.date, lang: str) -> str:
    if isinstance(value, dt.datetime):
        return format_datetime(value, lang)
    if lang == "en":
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}년 {value.month}월 {value.day}일"


def format_datetime(value: dt.datetime, lang: str) -> str:
    day = format_date(value.date(), lang)
    sep = ", " if lang == "en" else " "
    return f"{day}{sep}{value:%H:%M}"


def box(checked: bool, label: str) -> str:
    return f"{CHECKED if checked else UNCHECKED}{NBSP}{label}"


def format_bool(value: bool, lang: str) -> str:
    return _BOX_GAP.join((box(value, t("yes", lang)), box(not value, t("no", lang))))


def format_multichoice(field: FieldDef, selected: Iterable[str], lang: str) -> str:
    """Every choice of the field, checked or not, so the reader sees what was not chosen too."""
    chosen = set(selected)
    return _BOX_GAP.join(box(c.value in chosen, c.label.get(lang)) for c in field.choices)


def format_value(field: FieldDef, value: Any, lang: str) -> str:
    """One answer of a scalar field as text (an image field gives its file name)."""
    if is_blank(value):
        return ""
    kind = field.type
    if kind == "money":
        return format_money(value, lang)
    if kind == "percent":
        return format_percent(value)
    if kind in ("integer", "number"):
        return format_number(value)
    if kind == "date" and isinstance(value, dt.date):
        return format_date(value, lang)
    if kind == "datetime" and isinstance(value, dt.datetime):
        return format_datetime(value, lang)
    if kind == "boolean":
        return format_bool(bool(value), lang)
    if kind == "choice":
        return field.choice_label(str(value), lang)
    if kind == "multichoice":
        return format_multichoice(field, value if isinstance(value, list) else [value], lang)
    if kind == "image":
        return PurePath(str(value)).name
    if kind == "textarea":
        return str(value).strip("\n")
    return str(value).strip()


def format_computed(kind: str, value: Any, lang: str) -> str:
    """A computed value by its declared type (money, integer, number, percent, boolean, date, text)."""
    if value is None:
        return ""
    if kind == "boolean" or isinstance(value, bool):
        return format_bool(bool(value), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, int | float):
        if kind == "money":
            return format_money(value, lang)
        if kind == "percent":
            return format_percent(value)
        return format_number(value)
    return str(value)
