"""The company profile judged as the forms judge it: each profile key gets the type and choices
of the first form field bound to it, and a value is refused by the same field validators that
every application bound to that key will use — so what the profile accepts, the forms accept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.forms import FieldDef, FormDefinition
from desktop_app.forms.model import Text
from desktop_app.forms.profile_keys import PROFILE_KEYS
from desktop_app.validation.fieldchecks import check_value, is_blank
from desktop_app.validation.messages import render


def profile_fields(forms: Iterable[FormDefinition]) -> dict[str, FieldDef]:
    """Each profile key as a field: the type and choices of the first form field bound to it."""
    forms = list(forms)
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
