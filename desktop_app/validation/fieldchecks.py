"""Per-field checks: turn one raw JSON answer into a typed value, or say what is wrong with it.

Each check returns (typed value or None, [(code, params)]). The engine adds paths and labels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from desktop_app import korean_ids
from desktop_app.forms import readers
from desktop_app.forms.model import FieldDef, resolve_bound

Found = list[tuple[str, dict[str, Any]]]
Checked = tuple[Any, Found]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _type_error(kind: str) -> Checked:
    from desktop_app.validation.messages import TYPE_NAMES

    ko, en = TYPE_NAMES.get(kind, TYPE_NAMES["text"])
    return None, [("type", {"expected": ko, "expected_en": en})]


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(f: FieldDef, v: Any) -> Checked:
    if f.type == "money":
        if isinstance(v, float) and not v.is_integer():
            return None, [("money.whole_won", {})]
        if isinstance(v, float):
            v = int(v)
        if not _is_int(v):
            return _type_error("money")
    elif f.type == "integer":
        if not _is_int(v):
            return _type_error("integer")
    elif not isinstance(v, int | float) or isinstance(v, bool):
        return _type_error(f.type)
    found: Found = []
    lo = f.min_value if f.min_value is not None else (0 if f.type in ("money", "percent") else None)
    hi = f.max_value if f.max_value is not None else (100 if f.type == "percent" else None)
    if isinstance(lo, int | float) and v < lo:
        found.append(("min", {"bound": _fmt(lo, f.type)}))
    if isinstance(hi, int | float) and v > hi:
        found.append(("max", {"bound": _fmt(hi, f.type)}))
    return v, found


def _fmt(n: float, kind: str) -> str:
    if kind == "money":
        return f"{int(n):,}원"
    if kind == "percent":
        return f"{n:g}%"
    return f"{n:,}" if isinstance(n, int) else f"{n:g}"


def _date_bound(bound: Any, today: dt.date) -> dt.date | None:
    if bound == "today":
        return today
    if isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    return None


def _date(f: FieldDef, v: Any, today: dt.date) -> Checked:
    if f.type == "date":
        iso = readers.read_date(v) if isinstance(v, str) else None  # 1997.03.14 reads too
        if iso is None:
            return None, [("date.format", {"value": _shown(v), "examples": readers.DATE_EXAMPLES})]
        d = dt.date.fromisoformat(iso)
        day = d
        value: Any = d
    else:
        iso = readers.read_datetime(v) if isinstance(v, str) else None
        try:
            stamp = dt.datetime.fromisoformat(iso) if iso else None
        except ValueError:
            stamp = None
        if stamp is None:
            return None, [("datetime.format", {"value": _shown(v)})]
        day, value = stamp.date(), stamp
    found: Found = []
    lo, hi = _date_bound(f.min_value, today), _date_bound(f.max_value, today)
    if lo and day < lo:
        found.append(("min", {"bound": lo.isoformat()}))
    if hi and day > hi:
        found.append(("max", {"bound": hi.isoformat()}))
    return value, found


def _text(f: FieldDef, v: Any, settings: Mapping[str, Any]) -> Checked:
    if not isinstance(v, str):
        return _type_error("text")
    text = v.strip() if f.type != "textarea" else v
    found: Found = []
    n = len(text.strip())
    if f.min_length is not None and n < f.min_length:
        found.append(("min_length", {"bound": f.min_length, "actual": n}))
    if f.max_length is not None and n > f.max_length:
        found.append(("max_length", {"bound": f.max_length, "actual": n}))
    thin = resolve_bound(f.warn_min_length, settings)
    if thin is not None and n < thin:
        found.append(("thin_text", {"bound": thin, "actual": n}))
    if f.pattern is not None and re.fullmatch(f.pattern, text) is None:
        found.append(("pattern", {}))
    special = _SPECIAL.get(f.type)
    if special:
        code = special(text)
        if code:
            found.append((code, {}))
    if f.type == "phone":
        text = korean_ids.normalise_phone(text)
    elif f.type == "brn" and not found:
        text = korean_ids.format_brn(text)
    elif f.type == "crn" and not found:
        text = korean_ids.format_crn(text)
    return text, found


def _brn(text: str) -> str | None:
    problem = korean_ids.brn_problem(text)
    return f"brn.{problem}" if problem else None


def _crn(text: str) -> str | None:
    problem = korean_ids.crn_problem(text)
    return f"crn.{problem}" if problem else None


_SPECIAL: dict[str, Callable[[str], str | None]] = {
    "brn": _brn,
    "crn": _crn,
    "phone": lambda t: None if korean_ids.phone_ok(t) else "phone.format",
    "email": lambda t: None if korean_ids.email_ok(t) else "email.format",
    "postcode": lambda t: None if korean_ids.postcode_ok(t) else "postcode.format",
}


def _shown(v: Any) -> str:
    return v if isinstance(v, str) else str(v)


def _choice(f: FieldDef, v: Any) -> Checked:
    """A choice's value, or its label as typed ("자체 생산" for `own`); anything else is named
    back with the choices in the reader's language — never taken as some other choice."""
    def allowed() -> dict[str, str]:  # only for the message: most answers are fine
        return {"allowed": readers.choice_names(f, "ko"), "allowed_en": readers.choice_names(f, "en")}

    if f.type == "choice":
        value = readers.read_choice(f, v) if isinstance(v, str) else None
        if value is None:
            return None, [("choice.unknown", {"value": _shown(v), **allowed()})]
        return value, []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return _type_error("multichoice")
    read = [readers.read_choice(f, x) for x in v]
    bad = [x for x, r in zip(v, read, strict=True) if r is None]
    good = [r for r in read if r is not None]
    if bad:
        return good, [("choice.unknown", {"value": ", ".join(bad), **allowed()})]
    return good, []


def _boolean(v: Any) -> Checked:
    if isinstance(v, bool):
        return v, []
    read = readers.read_boolean(v) if isinstance(v, str) else None
    if read is None:
        return None, [("boolean.unknown", {"value": _shown(v)})]
    return read, []


def check_value(f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any] | None = None) -> Checked:
    """Typed value and problems of one answered (non-blank) scalar field.

    `settings` (name → value) resolves bounds written as `settings.NAME`.
    """
    if f.type in ("integer", "number", "money", "percent"):
        return _number(f, v)
    if f.type in ("date", "datetime"):
        return _date(f, v, today)
    if f.type == "boolean":
        return _boolean(v)
    if f.type in ("choice", "multichoice"):
        return _choice(f, v)
    if f.type == "image":
        if not isinstance(v, str):
            return _type_error("text")
        return (v, []) if v.lower().endswith(IMAGE_SUFFIXES) else (None, [("image.type", {})])
    return _text(f, v, settings or {})
