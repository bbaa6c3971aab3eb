"""The one reading of an answer path, as issues, migrations, rules and parked answers write it.

    field                a top-level answer (`company_name`)
    table.column         a column of every row (migration steps, rule `fields`)
    table[2].column      one cell; the index is 0-based, as issue paths write it
    table[2]             one row
A merge's source joins paths with `+` (`a+b`); `parts` splits it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATH = re.compile(r"^(?P<field>[^.\[\]+]+)(?:\[(?P<row>\d+)\])?(?:\.(?P<column>[^.\[\]+]+))?$")


@dataclass(frozen=True)
class AnswerPath:
    field: str
    row: int | None = None
    column: str | None = None

    @classmethod
    def parse(cls, text: str) -> AnswerPath:
        """Any path; of one that does not follow the grammar only the head counts."""
        m = _PATH.match(text)
        if m is None:
            return cls(re.split(r"[.\[]", text, maxsplit=1)[0])
        row = m.group("row")
        return cls(m.group("field"), int(row) if row is not None else None, m.group("column"))

    def __str__(self) -> str:
        text = self.field
        if self.row is not None:
            text += f"[{self.row}]"
        if self.column is not None:
            text += f".{self.column}"
        return text


def field_of(path: str) -> str:
    """The top-level field a path belongs to (`budget[2].qty` → `budget`)."""
    return AnswerPath.parse(path).field


def parts(path: str) -> list[str]:
    """The paths a merged source names (`a+b` → [`a`, `b`])."""
    return path.split("+")
