"""The `templates:` vocabulary of a form definition: the agency's 서식 (HWPX) and where each
answer goes in it. Structure only; `template_checks.py` resolves every place against the file.

A place is a cell found by its label text (normalised: spaces, bullets and a trailing colon do
not count; `occurrence` picks the n-th cell with that text; the answer goes into the cell to the
`side` of the label, or into the label cell itself with `side: self`), or an address `table`/
`row`/`column` (1-based, in document order). A source is exactly one of `field`, `computed`,
`setting`, `expr` (with `type`) or `text` (with {name} placeholders). `rows` maps a table field:
the template row is cloned once per answer row.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ValueKind = Literal["money", "integer", "number", "percent", "boolean", "date", "text"]
SOURCES = ("field", "computed", "setting", "expr", "text")


class _Frozen(BaseModel):
    # defer_build: the schema is built on the first validation (parsing a YAML file), not at
    # import — a definition unpickled from the cache never needs it (cold start, issue 18 #7)
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class TemplateTitle(_Frozen):
    """Korean and English name of the 서식 (the form model's Text, kept here to avoid a cycle)."""

    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)


class FillEntry(_Frozen):
    """One place in the template and what goes there."""

    label: str | None = Field(default=None, min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    side: Literal["right", "below", "self"] = "right"
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    column: int | None = Field(default=None, ge=1)
    field: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    computed: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    setting: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    expr: str | None = Field(default=None, min_length=1)
    text: str | None = Field(default=None, min_length=1)
    type: ValueKind | None = None
    # choice fields print every choice with ■/□ unless `marks: false` (then the chosen label only)
    marks: bool = True
    # table fields: `rows: TABLE` with `columns: {column_id: header label or column number}`
    rows: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    columns: dict[str, str | int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_place_one_source(self) -> FillEntry:
        by_label = self.label is not None
        by_address = self.table is not None or self.row is not None or self.column is not None
        if by_label == by_address:
            raise ValueError("give a place: either label (with occurrence/side) or table/row/column")
        if by_address and (self.table is None or self.row is None or (self.column is None and not self.rows)):
            raise ValueError("an address needs table, row and column (rows: needs table and row)")
        given = [s for s in SOURCES if getattr(self, s) is not None]
        if self.rows is not None:
            if given:
                raise ValueError(f"rows: takes columns:, not {given[0]}:")
            if not self.columns:
                raise ValueError("rows: needs columns: {column_id: header label or column number}")
        elif len(given) != 1:
            raise ValueError("give exactly one of field, computed, setting, expr, text"
                             + (f" (got {', '.join(given)})" if given else ""))
        if self.type is not None and self.expr is None and self.setting is None:
            raise ValueError("type: applies to expr: and setting: only")
        if self.columns and self.rows is None:
            raise ValueError("columns: applies to rows: only")
        return self

    @property
    def source(self) -> str:
        """Which kind of source this entry has (`rows` for a repeating table)."""
        return "rows" if self.rows else next(s for s in SOURCES if getattr(self, s) is not None)

    def where(self) -> str:
        """The place, as a form author wrote it (for messages)."""
        if self.label is not None:
            nth = f" #{self.occurrence}" if self.occurrence else ""
            return f"label {self.label!r}{nth} ({self.side})"
        col = f", column {self.column}" if self.column else ""
        return f"table {self.table}, row {self.row}{col}"


class TemplateDef(_Frozen):
    """One 서식 file of the edition and its fill mapping."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    file: str = Field(min_length=1)   # relative to the definition file, e.g. templates/x.hwpx
    title: TemplateTitle
    # True for a 서식 rebuilt from what is known of the agency's form (not the agency's own file)
    reconstruction: bool = False
    # page limit of the work plan: a number or settings.NAME; pages count from `plan_heading`
    page_limit: int | str | None = None
    plan_heading: str | None = None
    fill: tuple[FillEntry, ...] = Field(min_length=1)
