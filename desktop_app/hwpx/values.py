"""The text (or image) each `fill:` entry puts into its cell, formatted as the PDF prints it:
money `12,345,000원`, dates `2020년 6월 15일`, booleans and choices as ■/□ boxes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.forms.expressions import Evaluator, compile_expr
from desktop_app.forms.model import FieldDef, FormDefinition
from desktop_app.forms.template_model import FillEntry
from desktop_app.pdf.formatting import format_computed, format_multichoice, format_value, is_blank
from desktop_app.validation import ValidationResult

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\}")


@dataclass(frozen=True)
class Answers:
    """What a fill reads: the visible answers, computed values and settings of one validation."""

    form: FormDefinition
    result: ValidationResult
    lang: str = "ko"
    today: dt.date | None = None

    def visible(self, field_id: str) -> Any:
        if field_id in self.result.hidden_fields:
            return None
        return self.result.values.get(field_id)

    def field_text(self, f: FieldDef, value: Any, *, marks: bool = True) -> str:
        single_choice = f.kind.has_choices and not f.kind.multiple
        if single_choice and marks and not is_blank(value):
            return format_multichoice(f, [str(value)], self.lang)
        if single_choice and marks:
            return format_multichoice(f, [], self.lang)
        return format_value(f, value, self.lang)

    def name_text(self, name: str) -> str:
        """A {placeholder}: a field by its type, a computed value by its type, a setting as is."""
        if name.startswith("settings."):
            return _plain(self.form.setting(name.removeprefix("settings.")), self.lang)
        if name in self.form.fields:
            return self.field_text(self.form.fields[name], self.visible(name), marks=False)
        comp = self.form.computed_map.get(name)
        if comp is not None:
            return format_computed(comp.type, self.result.computed.get(name), self.lang)
        return _plain(self.form.edition_values().get(name), self.lang)

    def text_of(self, entry: FillEntry) -> str:
        if entry.field is not None:
            return self.field_text(self.form.fields[entry.field], self.visible(entry.field), marks=entry.marks)
        if entry.computed is not None:
            return format_computed(self.form.computed_map[entry.computed].type,
                                   self.result.computed.get(entry.computed), self.lang)
        if entry.setting is not None:
            value = self.form.setting(entry.setting)
            return format_computed(entry.type, value, self.lang) if entry.type else _plain(value, self.lang)
        if entry.expr is not None:
            return format_computed(entry.type or "text", self._evaluate(entry.expr), self.lang)
        assert entry.text is not None
        return _PLACEHOLDER.sub(lambda m: self.name_text(m.group(1)), entry.text)

    def _evaluate(self, source: str) -> Any:
        settings = {k: s.value for k, s in self.form.settings.items()}
        names: dict[str, Any] = {**self.form.edition_values(), **self.result.computed}
        names.update({k: v for k, v in self.result.values.items() if k not in self.result.hidden_fields})
        ev = Evaluator(self.today or self.form.deadline.date(), settings)
        try:
            return ev.evaluate(compile_expr(source), names)
        except Exception:  # an expression over a blank answer has no value: the cell stays empty
            return None

    def rows(self, table_id: str) -> list[Mapping[str, Any]]:
        rows = self.visible(table_id)
        return [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []

    def cell_text(self, table_id: str, column: str, row: Mapping[str, Any]) -> str:
        col = self.form.fields[table_id].column_map[column]
        return self.field_text(col, row.get(column), marks=False)


def _plain(value: Any, lang: str) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v, lang) for v in value)
    return format_computed("text", value, lang)
