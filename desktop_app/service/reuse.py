"""Reusing answers written for one programme in another (issue #7, answer files): an answer goes
to the target field with the same id, or else to the target field bound to the same client
profile key (`profile: company.representative_birth` in both forms), when the types fit.
What fits nowhere is parked, never dropped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.service.carry import fits
from desktop_app.storage.records import PARKED_PREFIX


@dataclass
class Reuse:
    values: dict[str, Any] = field(default_factory=dict)
    by_profile: dict[str, str] = field(default_factory=dict)   # source id → target id
    parked: dict[str, Any] = field(default_factory=dict)


def reuse(answers: Mapping[str, Any], source: FormDefinition | None, target: FormDefinition) -> Reuse:
    out = Reuse()
    by_profile = {f.profile: f for f in target.fields.values() if f.profile}
    later: list[tuple[str, Any]] = []
    for path, value in answers.items():
        if path.startswith(PARKED_PREFIX):
            out.parked[path.removeprefix(PARKED_PREFIX)] = value
            continue
        src = source.fields.get(path) if source else None
        dest = target.fields.get(path)
        if dest is not None and fits(src.type if src else None, dest.type):
            out.values[path] = value
        else:
            later.append((path, value))
    for path, value in later:  # ids first: a profile match never overrides a same-id answer
        src = source.fields.get(path) if source else None
        dest = by_profile.get(src.profile) if src and src.profile else None
        if dest is not None and dest.id not in out.values and fits(src.type if src else None, dest.type):
            out.values[dest.id] = value
            out.by_profile[path] = dest.id
        else:
            out.parked[path] = value
    return out
