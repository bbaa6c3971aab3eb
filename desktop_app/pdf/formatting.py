"""Answer values as the PDF prints them, in Korean or English.

The wording of each type lives with its field kind (desktop_app/forms/kinds.py) and the text
primitives in desktop_app/forms/display.py; this is the PDF's entry point to them. Money
`12,345,000원` / `KRW 12,345,000`, percent `20%`, dates `2020년 6월 15일` / `15 June 2020`,
booleans and multichoices as ■ checked / □ unchecked boxes, choices by their label; blank is "".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop_app.forms.display import (
    CHECKED,
    NBSP,
    UNCHECKED,
    box,
    format_bool,
    format_boxes,
    format_date,
    format_datetime,
    format_money,
    format_number,
    format_percent,
)
from desktop_app.forms.kinds import is_blank, kind_of
from desktop_app.forms.model import FieldDef

__all__ = ["CHECKED", "NBSP", "UNCHECKED", "box", "format_bool", "format_computed", "format_date",
           "format_datetime", "format_money", "format_multichoice", "format_number", "format_percent", "format_value",
           "is_blank"]


def format_value(field: FieldDef, value: Any, lang: str) -> str:
    """One answer of a scalar field as text (an image field gives its file name)."""
    return field.kind.format(value, lang, field)


def format_multichoice(field: FieldDef, selected: Iterable[str], lang: str) -> str:
    """Every choice of the field, checked or not, so the reader sees what was not chosen too."""
    return format_boxes(((c.value, c.label.get(lang)) for c in field.choices), selected)


def format_computed(kind: str, value: Any, lang: str) -> str:
    """A computed value by its declared type (money, integer, number, percent, boolean, date, text)."""
    return kind_of(kind).format_computed(value, lang)
