"""Where an answer given in one form goes in another: the one policy for upgrading a draft to
a new edition, carrying answers forward (`copy`) and reusing an answers file of another
programme.

Every answer is tried, in this order, and goes to the first place that takes it:
1. **migrations** — the target edition's `migrations:` from the source's edition (same
   programme only): renames, moves, splits, merges, defaults and drops (forms/migrate.py);
2. **same id** — the target field with the answer's id;
3. **profile key** — the target field bound to the same client profile key
   (`profile: company.representative_birth` in both forms), when no answer took it yet;
4. **declared equivalences** — forms/shared/equivalences.yaml (or the `equivalences` a caller
   passes): a field of one programme that means a field of another (`project_name` →
   `project_title`), table columns renamed as declared;
5. **park** — kept under its old path and shown as "needs attention"; never dropped.

A place takes an answer only when the value fits it: the kinds are compatible (any text into
any text, any number into any number, otherwise the same kind — `FieldKind.accepts`) and the
value is one the field can hold (a choice that still exists, a date that is a date …). An
answer that does not fit its first candidate is tried at the next. Between two copies of the
same edition (or from an unknown form) an answer keeps its id whatever its value: validation,
not mapping, reports what is wrong with it there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.forms.answer_path import AnswerPath
from desktop_app.forms.kinds import is_blank
from desktop_app.forms.model import FieldDef, FormDefinition

if TYPE_CHECKING:
    from desktop_app.forms.migrate import UpgradePlan

# Issue codes that mean "this field cannot hold that value at all" (others, like a bound or a
# length, are the applicant's to fix in the new form, so the answer moves and is flagged there).
HARD_CODES = frozenset({"type", "choice.unknown", "boolean.unknown", "date.format", "datetime.format",
                        "image.type", "money.whole_won"})


@dataclass(frozen=True)
class Equivalence:
    """`source` of programme `source_form` means `target` of programme `target_form` (ids of
    top-level fields; a programme id, or None for any programme). `columns`: for tables, the
    source columns that are target columns of another id (the rest keep theirs)."""

    source: str
    target: str
    source_form: str | None = None
    target_form: str | None = None
    note: str = ""
    columns: tuple[tuple[str, str], ...] = ()

    def applies(self, path: str, source: FormDefinition | None, target: FormDefinition) -> bool:
        return (path == self.source
                and self.source_form in (None, source.id if source else None)
                and self.target_form in (None, target.id))

    def translate(self, value: Any) -> Any:
        """The value with its table columns renamed as declared (other values as they are)."""
        if not self.columns or not isinstance(value, list):
            return value
        names = dict(self.columns)
        return [{names.get(k, k): v for k, v in row.items()} if isinstance(row, dict) else row
                for row in value]


def shipped_equivalences() -> tuple[Equivalence, ...]:
    """The declared equivalences, data in forms/shared/equivalences.yaml (forms/equivalences.py)."""
    from desktop_app.forms.equivalences import shipped

    return shipped()


def field_at(form: FormDefinition | None, path: str) -> FieldDef | None:
    """The field (or `table.column`) a path names in a form, if any."""
    if form is None:
        return None
    where = AnswerPath.parse(path)
    top = form.fields.get(where.field)
    if top is None or where.column is None:
        return top
    return top.column_map.get(where.column)


def cannot_hold(target: FieldDef, value: Any, source: FieldDef | None = None,
                check_value: bool = True) -> str | None:
    """None when `target` can take the value (given to `source`, when known); otherwise why not.
    `check_value=False`: only the kinds must agree (an answer staying in its own form)."""
    if source is not None and not target.kind.accepts(source.kind):
        return f"a {source.type} answer does not fit a {target.type} field"
    if is_blank(value) or not check_value:
        return None
    if target.kind.has_columns:
        return None if isinstance(value, list) and all(isinstance(r, dict) for r in value) else "not rows"
    _, found = target.kind.check(target, value, dt.date.today(), {})
    hard = [(code, params) for code, params in found if code in HARD_CODES]
    if not hard:
        return None
    code, params = hard[0]
    if code == "choice.unknown":  # name what the target allows: the user picks one there
        allowed = ", ".join(f"{c.value} ({c.label.en})" for c in target.choices) \
            or str(params.get("allowed_en") or params.get("allowed"))
        return f"{params.get('value')!r} is not one of its choices: {allowed}"
    return code


def candidates(path: str, source: FormDefinition | None, target: FormDefinition,
               equivalences: Sequence[Equivalence] | None = None) -> Iterator[tuple[str, str]]:
    """(rule, target id) for an answer no migration placed, in the order of the policy:
    `same_id`, `profile`, `equivalent`."""
    if path in target.fields:
        yield "same_id", path
    src = field_at(source, path)
    if src is not None and src.profile:
        for f in target.fields.values():
            if f.profile == src.profile and f.id != path:
                yield "profile", f.id
    for eq in shipped_equivalences() if equivalences is None else equivalences:
        if eq.applies(path, source, target) and eq.target in target.fields:
            yield "equivalent", eq.target


def map_answers(values: Mapping[str, Any], source: FormDefinition | None, target: FormDefinition,
                equivalences: Sequence[Equivalence] | None = None) -> UpgradePlan:
    """Where every answer of `values` (given in `source`; None when that form is unknown) goes
    in `target`: the plan's `values`, `parked` and `steps` (each with the rule that placed it)."""
    from desktop_app.forms.migrate import Planner, find_migration

    planner = Planner(values, source, target,
                      shipped_equivalences() if equivalences is None else equivalences)
    if source is not None and source.id == target.id:
        migration = find_migration(target, source.edition)
        for step in migration.steps if migration else ():
            planner.apply(step)
    return planner.finish()
