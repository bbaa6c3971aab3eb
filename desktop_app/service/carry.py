"""Carrying answers forward to another edition or programme (`copy`).

An answer goes to the field of the same id in the target (after the target edition's
`rename`/`move` migration steps, when it is the same programme) if the field's type is the
same or both hold text. Everything else is parked under `parked:<id>`: kept and shown,
never silently dropped (docs/architecture.md, migrations).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.forms.migrate import find_migration, plan_upgrade
from desktop_app.service.results import PARKED_PREFIX

_TEXTUAL = frozenset({"text", "textarea", "email", "phone", "postcode", "brn", "crn", "address"})
_NUMERIC = frozenset({"integer", "money", "number", "percent"})


@dataclass
class CarryPlan:
    carried: dict[str, Any] = field(default_factory=dict)
    parked: dict[str, Any] = field(default_factory=dict)


def _renames(source: FormDefinition | None, target: FormDefinition) -> dict[str, str]:
    if source is None or source.id != target.id:
        return {}
    out: dict[str, str] = {}
    for migration in target.migrations:
        if migration.from_edition != source.edition:
            continue
        for step in migration.steps:
            if step.kind in ("rename", "move") and isinstance(step.source, str) \
                    and isinstance(step.target, str):
                out[step.source] = step.target
    return out


def fits(source_type: str | None, target_type: str) -> bool:
    if source_type is None or source_type == target_type:
        return True
    return (source_type in _TEXTUAL and target_type in _TEXTUAL) or \
        (source_type in _NUMERIC and target_type in _NUMERIC)


def plan(values: Mapping[str, Any], source: FormDefinition | None,
         target: FormDefinition, sections: Collection[str] | None = None) -> CarryPlan:
    """Where each answer of the source application goes in the target form.

    `sections` (ids of the source form) limits what is carried to the parts the user chose.
    Between editions of one programme the target's migrations decide (forms/migrate.py).
    """
    if sections is not None and source is not None:
        chosen = {f.id for s in source.sections if s.id in sections for f in s.fields}
        values = {p: v for p, v in values.items() if p in chosen}
    if source is not None and source.id == target.id and find_migration(target, source.edition):
        upgraded = plan_upgrade({p: v for p, v in values.items() if not p.startswith(PARKED_PREFIX)},
                                source, target)
        parked = {p[len(PARKED_PREFIX):]: v for p, v in values.items() if p.startswith(PARKED_PREFIX)}
        return CarryPlan(upgraded.values, {**parked, **upgraded.parked})
    renames = _renames(source, target)
    result = CarryPlan()
    for path, value in values.items():
        if path.startswith(PARKED_PREFIX):
            result.parked[path[len(PARKED_PREFIX):]] = value
            continue
        dest = renames.get(path, path)
        source_field = source.fields.get(path) if source else None
        target_field = target.fields.get(dest)
        if target_field is not None and fits(source_field.type if source_field else None,
                                              target_field.type):
            result.carried[dest] = value
        else:
            result.parked[path] = value
    return result
