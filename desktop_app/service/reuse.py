"""Reusing answers written for one programme in another (issue #7, answer files), by the one
answer-mapping policy (desktop_app/forms/mapping.py): an answer goes to the target field with
the same id, or else to the target field bound to the same client profile key
(`profile: company.representative_birth` in both forms), or to a declared equivalent, when it
fits. What fits nowhere is parked, never dropped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.forms.mapping import map_answers
from desktop_app.storage.records import PARKED_PREFIX


@dataclass
class Reuse:
    values: dict[str, Any] = field(default_factory=dict)
    by_profile: dict[str, str] = field(default_factory=dict)   # source id → target id
    parked: dict[str, Any] = field(default_factory=dict)


def reuse(answers: Mapping[str, Any], source: FormDefinition | None, target: FormDefinition) -> Reuse:
    parked = {p.removeprefix(PARKED_PREFIX): v for p, v in answers.items() if p.startswith(PARKED_PREFIX)}
    mapped = map_answers({p: v for p, v in answers.items() if not p.startswith(PARKED_PREFIX)},
                         source, target)
    by_profile = {s.source: s.target for s in mapped.steps if s.kind == "profile" and s.target}
    return Reuse(mapped.values, by_profile, {**parked, **mapped.parked})
