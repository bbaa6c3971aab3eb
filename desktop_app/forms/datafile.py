"""Strict reading of the small shared data files beside the forms (forms/shared/*.yaml).

They are programme facts like the forms themselves, read with the same located YAML reader
(`yamlsrc`): an unknown key, a missing key or a wrong type is a `file:line: key.path: message`
problem, all of them raised together as FormDefinitionError. No pydantic: these files are
read on the CLI's path, where its import costs more than the whole check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop_app.forms.errors import FormDefinitionError
from desktop_app.forms.yamlsrc import Path as KeyPath
from desktop_app.forms.yamlsrc import Problem, Source, format_path, read_yaml


class Reader:
    """Collects located problems while the caller walks the data."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.src.file, self.src.line_of(path), format_path(path), message))

    def mapping(self, value: Any, path: KeyPath, required: Mapping[str, Callable[[Any], bool]],
                optional: Mapping[str, Callable[[Any], bool]], what: str) -> dict[str, Any] | None:
        """`value` as a mapping with exactly these keys, each passing its check; None if not a mapping."""
        if not isinstance(value, dict):
            self.problem(path, f"{what} must be a mapping")
            return None
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join([*required, *optional])
                self.problem((*path, key), f"unknown key (known: {known})")
        for key in required:
            if key not in value:
                self.problem((*path, key), "required key is missing")
        for key, ok in {**required, **optional}.items():
            if key in value and not ok(value[key]):
                self.problem((*path, key), _EXPECTED.get(ok) or (ok.__doc__ or "invalid value").strip())
        return value

    def raise_if_any(self) -> None:
        if self.problems:
            raise FormDefinitionError(self.problems)


def is_text(value: Any) -> bool:
    """A Text: {ko: …, en: …}, both non-empty strings."""
    return (isinstance(value, dict) and set(value) == {"ko", "en"}
            and all(isinstance(v, str) and v.strip() for v in value.values()))


def is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def is_month_day(value: Any) -> bool:
    """"MM-DD" of a real day of a (leap) year, e.g. "03-31"."""
    import datetime as dt

    if not isinstance(value, str) or len(value) != 5 or value[2] != "-":
        return False
    try:
        dt.date(2024, int(value[:2]), int(value[3:]))
    except ValueError:
        return False
    return True


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(is_str(v) for v in value)


_EXPECTED: dict[Callable[[Any], bool], str] = {
    is_text: "expected a Text {ko: …, en: …} with both languages non-empty",
    is_str: "expected a non-empty text",
    is_positive_int: "expected a whole number above 0",
    is_month_day: 'expected a day of the year as "MM-DD", e.g. "03-31"',
    is_str_list: "expected a non-empty list of texts",
}


def read(path: Path) -> tuple[Source, Reader]:
    """The parsed file and a reader for its problems; unreadable YAML raises at once."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormDefinitionError([Problem(str(path), 0, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormDefinitionError([Problem(str(path), 0, "", f"cannot read: {exc}")]) from None
    src, problems = read_yaml(text, str(path))
    if problems:
        raise FormDefinitionError(problems)
    return src, Reader(src)
