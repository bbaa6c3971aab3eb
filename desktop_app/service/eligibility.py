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
        return chosen, _with_conditions(form, [form.fields[f] for f in form.precheck])
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
    return rules, _with_conditions(form, fields)


def _with_conditions(form: FormDefinition, fields: list[FieldDef]) -> list[FieldDef]:
    """The questions, each after the closed questions its `show_if` reads (신청 유형 before the
    founder's questions): asked in order, a question shows only when it applies."""
    out: list[FieldDef] = []
    for f in fields:
        if f.show_if:
            for name in sorted(_reads(form, set(compile_expr(f.show_if).names))):
                needed = form.fields.get(name)
                if needed is not None and needed.kind.closed_question and needed not in out \
                        and needed not in fields:
                    out.append(needed)
        if f not in out:
            out.append(f)
    return out


def precheck_problems(form: FormDefinition, answers: Mapping[str, Any], lang: str = "ko") -> list[str]:
    """Messages of the pre-check rules that fire on these answers (unanswered ones never fire)."""
    rules, _ = precheck_rules(form)
    ids = {r.id for r in rules}
    result = validate(form, answers)
    return [i.message(lang) for i in result.issues if i.code in ids]


def precheck_hidden(form: FormDefinition, answers: Mapping[str, Any]) -> set[str]:
    """The pre-check's questions that the answers so far make moot (their `show_if` is false):
    a registered sole proprietor was asked the founder's '사업자등록이 없습니다' (a founder's test)."""
    return set(validate(form, answers).hidden_fields)
