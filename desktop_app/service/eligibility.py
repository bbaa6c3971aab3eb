"""The eligibility pre-check of a new application: the yes/no and choice questions that the
form's own error rules test (tax arrears, a second task, closed business …), judged by those
rules — so the pre-check can never disagree with the full check later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.forms import FieldDef, FormDefinition, Rule
from desktop_app.forms.expressions import compile_expr
from desktop_app.validation import validate

MAX_QUESTIONS = 6


def precheck_rules(form: FormDefinition) -> tuple[list[Rule], list[FieldDef]]:
    """Error rules that read only yes/no and choice answers, and the fields they ask about."""
    rules: list[Rule] = []
    fields: list[FieldDef] = []
    for rule in form.rules:
        if rule.severity != "error":
            continue
        names = {n for n in compile_expr(rule.when).names if n != "settings"}
        used = [form.fields.get(n) for n in sorted(names)]
        if not used or any(f is None or f.type not in ("boolean", "choice") for f in used):
            continue
        new = [f for f in used if f is not None and f not in fields]
        if len(fields) + len(new) > MAX_QUESTIONS:
            continue
        rules.append(rule)
        fields.extend(new)
    return rules, fields


def precheck_problems(form: FormDefinition, answers: Mapping[str, Any], lang: str = "ko") -> list[str]:
    """Messages of the pre-check rules that fire on these answers (unanswered ones never fire)."""
    rules, _ = precheck_rules(form)
    ids = {r.id for r in rules}
    result = validate(form, answers)
    return [i.message(lang) for i in result.issues if i.code in ids]
