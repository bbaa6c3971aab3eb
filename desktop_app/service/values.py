"""Text typed on a command line or kept in a profile, turned into the value a field expects.

The UI's editors produce typed values already; the CLI and the profile prefill hand over
strings ("12", "1,200,000", "예", "자체 생산", "1997.03.14"), which become numbers, booleans,
choice values and ISO dates here — each field kind reads its own text (`FieldKind.from_text`,
desktop_app/forms/kinds.py, with desktop_app/forms/readers.py). Text that does not fit is kept
as it is — validation reports it — and `unreadable` lists it for a caller that refuses it
instead (the command line).
"""

from __future__ import annotations

from typing import Any

from desktop_app.forms import FieldDef
from desktop_app.forms.readers import unreadable as unreadable_text


def coerce(field: FieldDef | None, value: Any) -> Any:
    """`value` as the field's type would hold it, when it is a string that clearly is one; a
    table's rows (and a multichoice list) have their cells read the same way."""
    if field is None:
        return value
    kind = field.kind
    if kind.has_columns and isinstance(value, list):
        return [{k: coerce(field.column_map.get(k), v) for k, v in row.items()}
                if isinstance(row, dict) else row for row in value]
    if kind.multiple and isinstance(value, list):
        return [kind.read_item(v, field) if isinstance(v, str) else v for v in value]
    if not isinstance(value, str):
        return value
    read = kind.from_text(value, field)
    if isinstance(read, list) and (kind.has_columns or kind.multiple):
        return coerce(field, read)  # JSON rows or choices: their cells read too
    return read


def unreadable(field: FieldDef, value: Any, path: str | None = None) -> list[tuple[str, str, str]]:
    """(path, Korean, English) for each typed text in `value` (as `coerce` returned it) that is
    no value of its field: a choice that is none of the choices, a yes/no that is neither, a
    date that is no date."""
    path = path or field.id
    kind = field.kind
    if kind.has_columns and isinstance(value, list):
        out = []
        for i, row in enumerate(value):
            if isinstance(row, dict):
                for key, cell in row.items():
                    column = field.column_map.get(key)
                    if column is not None:
                        out += unreadable(column, cell, f"{path}[{i}].{key}")
        return out
    if kind.multiple and isinstance(value, list):
        single = field.model_copy(update={"type": "choice"})
        return [x for v in value for x in unreadable(single, v, path)]
    if isinstance(value, str):
        words = unreadable_text(field, value)
        return [(path, *words)] if words else []
    return []
