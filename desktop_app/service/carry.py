"""Carrying answers forward to another edition or programme (`copy`).

Where each answer goes is the one answer-mapping policy (desktop_app/forms/mapping.py): the
target edition's migrations, then the same id, the same profile key, a declared equivalence —
each only where the value fits. Everything else is parked under `parked:<id>`: kept and shown,
never silently dropped (docs/architecture.md, migrations).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.forms.mapping import map_answers
from desktop_app.service.results import PARKED_PREFIX


@dataclass
class CarryPlan:
    carried: dict[str, Any] = field(default_factory=dict)
    parked: dict[str, Any] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # why each was parked (English, for the report)


def plan(values: Mapping[str, Any], source: FormDefinition | None,
         target: FormDefinition, sections: Collection[str] | None = None) -> CarryPlan:
    """Where each answer of the source application goes in the target form.

    `sections` (ids of the source form) limits what is carried to the parts the user chose.
    Answers parked in the source stay parked.
    """
    if sections is not None and source is not None:
        chosen = {f.id for s in source.sections if s.id in sections for f in s.fields}
        values = {p: v for p, v in values.items() if p in chosen}
    parked = {p[len(PARKED_PREFIX):]: v for p, v in values.items() if p.startswith(PARKED_PREFIX)}
    mapped = map_answers({p: v for p, v in values.items() if not p.startswith(PARKED_PREFIX)},
                         source, target)
    reasons = {s.source: s.reason for s in mapped.needs_attention}
    reasons.update({p: "parked in the source application" for p in parked})
    return CarryPlan(mapped.values, {**parked, **mapped.parked}, reasons)
