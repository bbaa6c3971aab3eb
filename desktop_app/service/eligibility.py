"""The eligibility pre-check of a new application: the questions that the form's own error rules
test (tax arrears, a second task, closed business, an industry code, a revenue ceiling …), judged
by those rules — so the pre-check can never disagree with the full check later.

A form names its questions in `precheck:` (any field kind); without it, the yes/no and choice
questions are found automatically."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.forms import FieldDef, FormDefinition, Rule
from desktop_app.forms.expressions import compile_expr
from desktop_app.validation import validate

MAX_QUESTIONS = 6


def _reads(form: FormDefinition, names: set[str]) -> set[str]:
    """The answers an expression's names stand for, through computed values."""
    computed = form.computed_map
    out: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in computed:
            todo.extend(n for n in compile_expr(computed[name].expr).names if n not in out)
        out.add(name)
    return {n for n in out if n not in computed}


def precheck_rules(form: FormDefinition) -> tuple[list[Rule], list[FieldDef]]:
    """Error rules that read only the pre-check's answers, and the fields they ask about."""
    if form.precheck:
        asked = set(form.precheck)
        chosen = [r for r in form.rules if r.severity == "error"
                  and (reads := _reads(form, set(compile_expr(r.when).names)) & set(form.fields))
                  and reads <= asked]
        return chosen, [form.fields[f] for f in form.precheck]
    rules: list[Rule] = []
    fields: list[FieldDef] = []
    for rule in form.rules:
        if rule.severity != "error":
            continue
        names = {n for n in compile_expr(rule.when).names if n != "settings"}
        used = [form.fields.get(n) for n in sorted(names)]
        if not used or any(f is None or not f.kind.closed_question for f in used):
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
