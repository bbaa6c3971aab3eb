"""Text typed on a command line or kept in a profile, turned into the value a field expects.

The UI's editors produce typed values already; the CLI and the profile prefill hand over
strings ("12", "1,200,000", "예"), which become numbers and booleans here. Text that does not
fit is kept as it is: validation, not this module, reports the problem.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop_app.forms import FieldDef

_INTEGER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
_TRUE = {"true", "yes", "y", "1", "예", "네", "o"}
_FALSE = {"false", "no", "n", "0", "아니오", "아니요", "x"}


def coerce(field: FieldDef | None, value: Any) -> Any:
    """`value` as the field's type would hold it, when it is a string that clearly is one."""
    if field is None or not isinstance(value, str):
        return value
    text = value.strip()
    kind = field.type
    if kind in ("integer", "money") and _INTEGER.match(text):
        return int(text.replace(",", ""))
    if kind in ("number", "percent") and _NUMBER.match(text):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "boolean" and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    if kind in ("multichoice", "table") and text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return value
    return value
