"""How values read in Korean and English: the text primitives every field kind formats with.

Money `12,345,000원` / `KRW 12,345,000`, percent `20%`, dates `2020년 6월 15일` / `15 June 2020`,
yes/no as ■ checked / □ unchecked boxes (print) or a word (screen). Pure functions of
(value, language); the PDF escapes and lays the text out, the window shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

CHECKED = "■"
UNCHECKED = "□"
NBSP = "\u00a0"  # keeps a box with its label when a line wraps
BOX_GAP = "   "
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_YES_NO = {"ko": ("예", "아니오"), "en": ("Yes", "No")}


def yes_no(value: bool, lang: str) -> str:
    yes, no = _YES_NO["en" if lang == "en" else "ko"]
    return yes if value else no


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


def format_bool(value: bool, lang: str, *, marks: bool = True) -> str:
    """Print shows both boxes (the reader sees what was not ticked); a screen shows the word."""
    if not marks:
        return yes_no(value, lang)
    return BOX_GAP.join((box(value, yes_no(True, lang)), box(not value, yes_no(False, lang))))


def format_boxes(options: Iterable[tuple[str, str]], chosen: Iterable[str]) -> str:
    """Every option (value, label), checked or not."""
    picked = set(chosen)
    return BOX_GAP.join(box(value in picked, label) for value, label in options)
