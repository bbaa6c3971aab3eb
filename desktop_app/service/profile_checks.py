"""The company profile judged as the forms judge it: each profile key gets the type and choices
of the first form field bound to it, and a value is refused by the same field validators that
every application bound to that key will use — so what the profile accepts, the forms accept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.forms import FieldDef, FormDefinition, Rule
from desktop_app.forms.model import Text
from desktop_app.forms.profile_keys import PROFILE_KEYS
from desktop_app.service.values import coerce
from desktop_app.validation.fieldchecks import check_value, is_blank
from desktop_app.validation.messages import render


def profile_fields(forms: Iterable[FormDefinition]) -> dict[str, FieldDef]:
    """Each profile key as a field: the type, choices and help of the newest form's field bound
    to it (the first shipped one was 2020's: its help said '2019년 재무제표' and its 시·도 list
    강원도, in a 2026 founder's profile)."""
    forms = sorted(forms, key=lambda f: f.deadline, reverse=True)
    out: dict[str, FieldDef] = {}
    for key, (ko, en) in PROFILE_KEYS.items():
        bound = next((f for form in forms for f in form.fields.values() if f.profile == key), None)
        label = Text(ko=ko, en=en[:1].upper() + en[1:])
        if bound is not None:
            out[key] = bound.model_copy(update={"label": label, "required": False, "show_if": None,
                                               "id": key.replace(".", "_")})
        else:
            out[key] = FieldDef(id=key.replace(".", "_"), type="text", label=label)
    return out


def profile_problems(fields: Mapping[str, FieldDef], values: Mapping[str, Any], lang: str = "ko",
                     today: dt.date | None = None) -> dict[str, str]:
    """Key → message for values the forms' own validators refuse."""
    problems: dict[str, str] = {}
    for key, value in values.items():
        f = fields.get(key)
        if f is None or is_blank(value):
            continue
        _, found = check_value(f, value, today or dt.date.today())
        found = [(c, p) for c, p in found if c != "thin_text"]
        if found:
            code, params = found[0]
            ko, _ = render(code, **{**params, "label": f.label.ko})
            _, en = render(code, **{**params, "label": f.label.en})
            problems[key] = en if lang == "en" else ko
    return problems


def profile_field_options(forms: Iterable[FormDefinition]) -> dict[str, list[FieldDef]]:
    """Each profile key's bound fields across `forms`, newest deadline first, one per distinct
    type and choices: a profile serves every programme, so a value that any of them reads is
    the user's to keep ('강원도' in a 2020 form, '강원특별자치도' in a 2026 one)."""
    out: dict[str, list[FieldDef]] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for form in sorted(forms, key=lambda f: f.deadline, reverse=True):
        for f in form.fields.values():
            if not f.profile:
                continue
            shape = (f.profile, f.type, tuple(f"{c.value}={c.label.ko}" for c in f.choices or ()))
            if shape not in seen:
                seen.add(shape)
                out.setdefault(f.profile, []).append(f)
    return out


def value_problems(options: Mapping[str, list[FieldDef]], values: Mapping[str, Any],
                   today: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """Key → (Korean, English) for each value no form bound to its key can read, in the words
    of the newest form's own validator (a date that is no date, a number that is none, a choice
    that is none of the choices — naming them)."""
    day = today or dt.date.today()
    problems: dict[str, tuple[str, str]] = {}
    for key, value in values.items():
        fields = options.get(key) or []
        if not fields or is_blank(value):
            continue
        first: tuple[str, str] | None = None
        for f in fields:
            found = [(c, p) for c, p in check_value(f, coerce(f, value), day)[1] if c != "thin_text"]
            if not found:
                first = None
                break
            if first is None:
                code, params = found[0]
                label = PROFILE_KEYS.get(key, (f.label.ko, f.label.en))
                first = (render(code, **{**params, "label": label[0]})[0],
                         render(code, **{**params, "label": label[1]})[1])
        if first is not None:
            problems[key] = first
    return problems


def rule_problems(forms: Iterable[FormDefinition], values: Mapping[str, Any],
                  today: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """Key → (Korean, English) for the newest form's error rules that read only profile-bound
    fields, all of them given here, and fire on these values: a profile is refused what every
    application from it would be refused (a founder's 220-85-… with 개인사업자 passed the profile
    and failed 'entity_type_mismatch' in the application). The message goes to the first field."""
    from desktop_app.validation import validate

    newest = max(forms, key=lambda f: f.deadline, default=None)
    if newest is None:
        return {}
    bound = {f.id: (f, f.profile) for f in newest.fields.values() if f.profile}
    answers = {fid: coerce(f, values[key]) for fid, (f, key) in bound.items()
               if key in values and not is_blank(values[key])}
    rules = {rule.id: rule for rule, names in _error_rule_names(newest) if names <= answers.keys()}
    if not rules:
        return {}
    problems: dict[str, tuple[str, str]] = {}
    for issue in validate(newest, answers, today=today or dt.date.today()).issues:
        rule = rules.get(issue.code)
        if rule is None:
            continue
        first = (rule.fields or [issue.path])[0]
        field = (bound.get(first) or bound.get(issue.path) or (None, None))[0]
        if field is not None and field.profile is not None:
            problems.setdefault(field.profile, (issue.message("ko"), issue.message("en")))
    return problems


_RULE_NAMES: dict[str, list[tuple[Rule, frozenset[str]]]] = {}


def _error_rule_names(form: FormDefinition) -> list[tuple[Rule, frozenset[str]]]:
    """Each error rule with the answer names it reads, once per definition (an import checks
    thousands of rows against the same form)."""
    from desktop_app.forms.expressions import compile_expr

    if form.content_hash not in _RULE_NAMES:
        _RULE_NAMES[form.content_hash] = [
            (rule, names) for rule in form.rules if rule.severity == "error"
            and (names := frozenset(n for n in compile_expr(rule.when).names if n != "settings"))]
    return _RULE_NAMES[form.content_hash]
