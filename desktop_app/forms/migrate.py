"""Applying a new edition's `migrations` to the answers of an earlier one: step 1 of the
answer-mapping policy (desktop_app/forms/mapping.py), which then places the rest by the same
id, the same profile key or a declared equivalence, and parks what fits nowhere.

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
Any value the new field cannot hold (another kind, a choice that no longer exists) is parked too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from desktop_app.forms.mapping import (
    Equivalence,
    candidates,
    cannot_hold,
    field_at,
    map_answers,
)
from desktop_app.forms.model import FieldDef, FormDefinition, Migration, MigrationStep


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


def fits(target: FieldDef, value: Any) -> str | None:
    """None when the new field can hold the value; otherwise why not (mapping.cannot_hold)."""
    return cannot_hold(target, value)


# the step kind recorded for an answer placed by each rule of the policy after the migrations
_RULE_STEP = {"same_id": "keep", "profile": "profile", "equivalent": "equivalent"}


class Planner:
    """One mapping in progress: migration steps first (`apply`), then `finish` places the rest."""

    def __init__(self, values: Mapping[str, Any], old: FormDefinition | None, new: FormDefinition,
                 equivalences: Sequence[Equivalence] = ()) -> None:
        self.old, self.new = old, new
        self.equivalences = equivalences
        # tables are copied row by row: the caller's answers are never changed
        self.left: dict[str, Any] = {
            k: [dict(r) if isinstance(r, dict) else r for r in v] if isinstance(v, list) else v
            for k, v in values.items()}
        self.columns: dict[str, dict[str, tuple[str, str]]] = {}
        self.plan = UpgradePlan(old.key if old else "", new.key)

    def put(self, kind: str, source: str, target: str, value: Any, reason: str = "",
            check: bool = True) -> None:
        table, _, column = target.partition(".")
        dest = field_at(self.new, target)
        if dest is None:
            self.park(source, value, f"{target} is not a field of {self.new.key}")
            return
        if dest.kind.has_columns and isinstance(value, list):
            value = self._table_rows(source, dest, value)
        problem = fits(dest, value) if check else None
        if problem:
            self.park(source, value, f"{target} cannot hold it ({problem})")
            return
        if column:
            rows = self.plan.values.setdefault(table, [])
            if not rows:
                rows.append({})
            rows[0][column] = value
        elif dest.kind.has_columns and isinstance(self.plan.values.get(target), list):
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
        """Steps 2–5 of the policy for what no migration step took: the same id first (for
        every answer, so that a profile match never takes a field its own answer needs), then
        the same profile key or a declared equivalence, else parked."""
        self._move_columns()
        # the same edition (or an unknown one): answers keep their ids, validation judges them
        same_form = self.old is None or self.old.key == self.new.key
        later: list[tuple[str, Any, str]] = []
        for path, value in list(self.left.items()):
            why = f"no field {path!r} in {self.new.key}"
            source = field_at(self.old, path)
            if path in self.new.fields:
                problem = cannot_hold(self.new.fields[path], value, source, check_value=not same_form)
                if problem is None:
                    self.put("keep", path, path, value, check=not same_form)
                    continue
                why = f"{path} cannot hold it ({problem})"
            later.append((path, value, why))
        for path, value, why in later:
            source = field_at(self.old, path)
            for rule, target in candidates(path, self.old, self.new, self.equivalences):
                if rule == "same_id" or target in self.plan.values:
                    continue
                given = value
                if rule == "equivalent":  # declared columns take their new names
                    eq = next(e for e in self.equivalences
                              if e.applies(path, self.old, self.new) and e.target == target)
                    given = eq.translate(value)
                problem = cannot_hold(self.new.fields[target], given, source)
                if problem is None:
                    self.put(_RULE_STEP[rule], path, target, given, f"{rule.replace('_', ' ')}")
                    break
            else:
                self.park(path, value, why)
        return self.plan


def plan_upgrade(values: Mapping[str, Any], old: FormDefinition, new: FormDefinition,
                 editions: Sequence[FormDefinition] = ()) -> UpgradePlan:
    """Where every answer of a draft of `old` goes in `new` (the mapping policy).

    When `new` has no migration from `old`'s edition but an edition in between (from `editions`)
    does, the draft goes through it: 2022 → 2023 → 2026 applies both years' renames, so a
    two-editions-old draft is not parked wholesale by ids that changed on the way."""
    chain = upgrade_path(old, new, editions)
    plan = map_answers(values, old, chain[0])
    for before, after in pairwise((chain[0], *chain[1:])):
        nxt = map_answers(plan.values, before, after)
        plan = UpgradePlan(old.key, after.key, nxt.values, {**plan.parked, **nxt.parked}, plan.steps + nxt.steps)
    return plan


def upgrade_path(old: FormDefinition, new: FormDefinition,
                 editions: Sequence[FormDefinition]) -> list[FormDefinition]:
    """The editions a draft of `old` passes through to reach `new`, ending with `new`: only `new`
    when it migrates from `old` directly (or nothing in between does)."""
    if old.id != new.id or find_migration(new, old.edition) is not None:
        return [new]
    by_edition = {f.edition: f for f in editions if f.id == new.id and f.key not in (old.key, new.key)}

    def route(target: FormDefinition, seen: frozenset[str]) -> list[FormDefinition] | None:
        if find_migration(target, old.edition) is not None:
            return [target]
        for m in target.migrations:
            mid = by_edition.get(m.from_edition)
            if mid is not None and mid.edition not in seen:
                found = route(mid, seen | {mid.edition})
                if found is not None:
                    return [*found, target]
        return None

    return route(new, frozenset()) or [new]


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
                if field_at(old, source) is None:
                    found.append((("migrations", m, "steps", k, "from"),
                                  f"{source!r} is not a field of {old.key}"))
                covered.add(source.partition(".")[0])
        for fid in old.fields:
            if fid not in covered and fid not in new.fields:
                found.append((("migrations", m),
                              f"field {fid!r} of {old.key} is neither in this edition nor mapped, "
                              "parked or dropped by a step"))
    return found
