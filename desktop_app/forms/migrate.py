"""Upgrading answers from an earlier edition to this one, by the new definition's `migrations`.

Agencies re-issue every programme each year with renamed fields and new caps. The plan maps
every old answer somewhere or parks it: nothing is ever silently dropped. Parked answers keep
their old path and value and are listed as "needs attention".

Step kinds (`from` → `to`):
- rename: a field (or a table column `table.col` → `table.col2`) gets a new id;
- move: a field into a table column (`field` → `table.col`, row 1) or out of one
  (`table.col` → `field`, only when the table has one row) or to another section;
- split: one text into several fields, cut at `value` (default: a new line), the rest in the last;
- merge: several fields into one: texts joined with `value` (default: a new line), numbers added;
- default: `to` gets `value` when the old draft has no answer for it;
- drop: the old answer is parked with the step's note (explicitly, for the form author's record).
Answers whose id is unchanged are carried as they are. Any value the new field cannot hold
(another type, a choice that no longer exists) is parked too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.forms.model import FieldDef, FormDefinition, Migration, MigrationStep

_HARD_CODES = frozenset({"type", "choice.unknown", "boolean.unknown", "date.format", "datetime.format", "image.type",
                         "money.whole_won"})


@dataclass(frozen=True)
class Step:
    """One thing the upgrade does to an answer, for the before/after diff."""

    kind: str
    source: str
    target: str | None
    before: Any
    after: Any
    reason: str = ""


@dataclass
class UpgradePlan:
    source: str
    target: str
    values: dict[str, Any] = field(default_factory=dict)
    parked: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)

    @property
    def needs_attention(self) -> list[Step]:
        return [s for s in self.steps if s.kind in ("park", "drop")]


def find_migration(new: FormDefinition, from_edition: str) -> Migration | None:
    return next((m for m in new.migrations if m.from_edition == from_edition), None)


def _sources(step: MigrationStep) -> list[str]:
    if step.source is None:
        return []
    return [step.source] if isinstance(step.source, str) else list(step.source)


def _targets(step: MigrationStep) -> list[str]:
    if step.target is None:
        return []
    return [step.target] if isinstance(step.target, str) else list(step.target)


def _field(form: FormDefinition, path: str) -> FieldDef | None:
    table, _, column = path.partition(".")
    top = form.fields.get(table)
    if top is None or not column:
        return top
    return top.column_map.get(column)


def fits(target: FieldDef, value: Any) -> str | None:
    """None when the new field can hold the value; otherwise why not."""
    from desktop_app.validation.fieldchecks import check_value, is_blank

    if is_blank(value):
        return None
    if target.type == "table":
        return None if isinstance(value, list) and all(isinstance(r, dict) for r in value) else "not rows"
    _, found = check_value(target, value, dt.date.today())
    hard = [code for code, _ in found if code in _HARD_CODES]
    return hard[0] if hard else None


class _Planner:
    def __init__(self, values: Mapping[str, Any], old: FormDefinition, new: FormDefinition) -> None:
        self.old, self.new = old, new
        # tables are copied row by row: the caller's answers are never changed
        self.left: dict[str, Any] = {
            k: [dict(r) if isinstance(r, dict) else r for r in v] if isinstance(v, list) else v
            for k, v in values.items()}
        self.columns: dict[str, dict[str, tuple[str, str]]] = {}
        self.plan = UpgradePlan(old.key, new.key)

    def put(self, kind: str, source: str, target: str, value: Any, reason: str = "") -> None:
        table, _, column = target.partition(".")
        dest = _field(self.new, target)
        if dest is None:
            self.park(source, value, f"{target} is not a field of {self.new.key}")
            return
        if dest.type == "table" and isinstance(value, list):
            value = self._table_rows(source, dest, value)
        problem = fits(dest, value)
        if problem:
            self.park(source, value, f"{target} cannot hold it ({problem})")
            return
        if column:
            rows = self.plan.values.setdefault(table, [])
            if not rows:
                rows.append({})
            rows[0][column] = value
        elif dest.type == "table" and isinstance(self.plan.values.get(target), list):
            placed = self.plan.values[target]  # a field moved into row 1 already
            for i, row in enumerate(value):
                if i < len(placed) and isinstance(row, dict):
                    placed[i] = {**row, **placed[i]}
                else:
                    placed.append(row)
        else:
            self.plan.values[target] = value
        self.plan.steps.append(Step(kind, source, target, value, value, reason))

    def _table_rows(self, source: str, dest: FieldDef, rows: list[Any]) -> list[Any]:
        """Columns the new table lacks are parked cell by cell, never dropped."""
        out = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                out.append(row)
                continue
            kept = {}
            for col, value in row.items():
                if col in dest.column_map:
                    kept[col] = value
                else:
                    self.park(f"{source}[{i}].{col}", value, f"{dest.id} has no column {col!r}")
            out.append(kept)
        return out

    def park(self, source: str, value: Any, reason: str, kind: str = "park") -> None:
        self.plan.parked[source] = value
        self.plan.steps.append(Step(kind, source, None, value, None, reason))

    def move(self, kind: str, source: str, target: str, note: str) -> None:
        s_table, _, s_col = source.partition(".")
        t_table, _, t_col = target.partition(".")
        if s_col and t_col:  # a column to a column (maybe of another table), every row
            self.columns.setdefault(s_table, {})[s_col] = (t_table, t_col)
        elif s_col:  # out of a table: only a single answer can become a field
            rows = self.left.get(s_table)
            cells = [r.pop(s_col) for r in rows if isinstance(r, dict) and s_col in r] if isinstance(rows, list) else []
            cells = [c for c in cells if c is not None]
            if len(cells) == 1:
                self.put(kind, source, target, cells[0], note)
            elif cells:
                self.park(source, cells, f"{len(cells)} rows cannot become one answer")
        else:
            value = self.left.pop(s_table, None)
            if value is not None:
                self.put(kind, source, target, value, note)

    def apply(self, step: MigrationStep) -> None:
        sources, targets = _sources(step), _targets(step)
        note = step.note.en if step.note else ""
        if step.kind in ("rename", "move"):
            self.move(step.kind, sources[0], targets[0], note)
        elif step.kind == "split":
            value = self.left.pop(sources[0], None)
            if value is None:
                return
            if not isinstance(value, str):
                for target in targets:
                    self.put("split", sources[0], target, value, note)
                return
            parts = value.split(step.value if isinstance(step.value, str) else "\n", len(targets) - 1)
            for target, part in zip(targets, parts, strict=False):
                self.put("split", sources[0], target, part.strip(), note)
        elif step.kind == "merge":
            found = [(s, self.left.pop(s)) for s in sources if self.left.get(s) is not None]
            if not found:
                return
            vals = [v for _, v in found]
            if all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
                merged: Any = sum(vals)
            else:
                sep = step.value if isinstance(step.value, str) else "\n"
                merged = sep.join(str(v) for v in vals)
            self.put("merge", "+".join(s for s, _ in found), targets[0], merged, note)
        elif step.kind == "default":
            for target in targets:
                if target not in self.left and target not in self.plan.values:
                    self.put("default", "", target, step.value, note)
        elif step.kind == "drop":
            for source in sources:
                if source in self.left:
                    self.park(source, self.left.pop(source), note or "dropped in this edition", "drop")

    def _move_columns(self) -> None:
        for s_table, moves in self.columns.items():
            rows = self.left.pop(s_table, None)
            if not isinstance(rows, list):
                continue
            grouped: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                if not isinstance(row, dict):
                    continue
                split: dict[str, dict[str, Any]] = {}
                for col, value in row.items():
                    t_table, t_col = moves.get(col, (s_table, col))
                    split.setdefault(t_table, {})[t_col] = value
                for t_table, new_row in split.items():
                    if new_row or t_table != s_table:  # rows whose every cell moved away leave nothing
                        grouped.setdefault(t_table, []).append(new_row)
            for t_table, new_rows in grouped.items():
                self.put("rename", s_table, t_table, new_rows)

    def finish(self) -> UpgradePlan:
        self._move_columns()
        for path, value in list(self.left.items()):  # same id in the new edition: carried
            if path in self.new.fields:
                self.put("keep", path, path, value)
            else:
                self.park(path, value, f"no field {path!r} in {self.new.key}")
        return self.plan


def plan_upgrade(values: Mapping[str, Any], old: FormDefinition, new: FormDefinition) -> UpgradePlan:
    """Where every answer of a draft of `old` goes in `new` (by new's migrations)."""
    planner = _Planner(values, old, new)
    migration = find_migration(new, old.edition) if old.id == new.id else None
    for step in migration.steps if migration else ():
        planner.apply(step)
    return planner.finish()


def check_migrations(new: FormDefinition, editions: Mapping[str, FormDefinition]
                     ) -> list[tuple[tuple[str | int, ...], str]]:
    """Every source exists in the old edition and every old field is accounted for."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for m, migration in enumerate(new.migrations):
        old = editions.get(migration.from_edition)
        if old is None:
            found.append((("migrations", m, "from_edition"),
                          f"edition {migration.from_edition!r} of {new.id} is not installed beside this one"))
            continue
        covered: set[str] = set()
        for k, step in enumerate(migration.steps):
            for source in _sources(step):
                if _field(old, source) is None:
                    found.append((("migrations", m, "steps", k, "from"),
                                  f"{source!r} is not a field of {old.key}"))
                covered.add(source.partition(".")[0])
        for fid in old.fields:
            if fid not in covered and fid not in new.fields:
                found.append((("migrations", m),
                              f"field {fid!r} of {old.key} is neither in this edition nor mapped, "
                              "parked or dropped by a step"))
    return found
