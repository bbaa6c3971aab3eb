"""Load one definition file: YAML → structure (pydantic) → cross-references (checks).

Problems are collected and raised together as FormDefinitionError, each located as
`file:line: key.path: message`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from desktop_app.forms.checks import check_form
from desktop_app.forms.errors import FormDefinitionError as FormDefinitionError  # re-exported
from desktop_app.forms.model import FormDefinition
from desktop_app.forms.yamlsrc import Problem, Source, format_path, read_yaml


def _trim(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Cut a pydantic location down to the part that exists in the file (drops union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            if isinstance(node, dict) and isinstance(part, str) and part not in node:
                # a missing or unknown key still belongs on the path of its message
                path.append(part)
            break
        path.append(part)
    return tuple(path)


def _message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return str(err.get("msg", "invalid value"))


def _structure_problems(exc: ValidationError, src: Source) -> list[Problem]:
    grouped: dict[tuple[str | int, ...], list[str]] = {}
    errors = exc.errors()
    locs = [tuple(e["loc"]) for e in errors]
    for err in errors:
        loc = tuple(err["loc"])
        # pydantic also says "too short" of a list whose items failed: noise, not a problem
        if err["type"] == "too_short" and any(o[: len(loc)] == loc and o != loc for o in locs):
            continue
        path = _trim(loc, src.data)
        msgs = grouped.setdefault(path, [])
        msg = _message(err)
        if msg not in msgs:
            msgs.append(msg)
    return [
        Problem(src.file, src.line_of(path), format_path(path), " or ".join(msgs))
        for path, msgs in grouped.items()
    ]


def parse_form(text: str, file: str) -> FormDefinition:
    """Build the definition from YAML text; raises FormDefinitionError with every problem."""
    src, problems = read_yaml(text, file)
    if src.data is not None and not isinstance(src.data, dict):
        problems.append(Problem(file, 1, "", "a form definition must be a mapping at the top level"))
    if problems:
        raise FormDefinitionError(problems)
    try:
        form = FormDefinition.model_validate(src.data)
    except ValidationError as exc:
        raise FormDefinitionError(_structure_problems(exc, src)) from None
    found = check_form(form)
    if not found and form.templates:
        from desktop_app.forms.checks import form_scope
        from desktop_app.hwpx.checks import check_templates

        found = check_templates(form, file, form_scope(form))
    if found:
        raise FormDefinitionError(
            [Problem(file, src.line_of(path), format_path(path), msg) for path, msg in found]
        )
    form._source_file = file
    form._content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return form


def load_form(path: str | Path) -> FormDefinition:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormDefinitionError([Problem(str(p), 0, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise FormDefinitionError([Problem(str(p), 0, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise FormDefinitionError([Problem(str(p), 0, "", f"cannot read: {exc.strerror}")]) from None
    return parse_form(text, str(p))
