"""`forms check` for the `templates:` of a definition: every place must be in the template file,
no two entries may write one cell, and every source must name something the form has.

Called by the forms loader with the definition file's folder; problems are (key path, message)
pairs like every other check, so each becomes a `file:line: key.path: message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from desktop_app.exchange.zipcheck import refuse_name
from desktop_app.forms.expressions import ExpressionError, Scope, check_names, compile_expr
from desktop_app.forms.model import FormDefinition
from desktop_app.forms.template_model import FillEntry, TemplateDef
from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.hwpx.mapping import resolve, target_keys
from desktop_app.hwpx.package import read_template
from desktop_app.hwpx.template import TemplateIndex

KeyPath = tuple[str | int, ...]
Found = Iterator[tuple[KeyPath, str]]
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\}")


def template_path(form_file: str | Path, template: TemplateDef) -> Path:
    return Path(form_file).parent / template.file


def check_templates(form: FormDefinition, form_file: str, scope: Scope) -> list[tuple[KeyPath, str]]:
    found: list[tuple[KeyPath, str]] = []
    seen: set[str] = set()
    for i, tpl in enumerate(form.templates):
        if tpl.id in seen:
            found.append((("templates", i, "id"), f"duplicate template id {tpl.id!r}"))
        seen.add(tpl.id)
        found.extend(_template(form, form_file, tpl, ("templates", i), scope))
    return found


def _template(form: FormDefinition, form_file: str, tpl: TemplateDef, base: KeyPath, scope: Scope) -> Found:
    why = refuse_name(tpl.file)
    if why or not tpl.file.endswith(".hwpx"):
        yield (*base, "file"), ("template file must be a relative .hwpx path inside the forms folder "
                                f"({why or 'suffix'})")
        return
    yield from _page_limit(form, tpl, base)
    for j, entry in enumerate(tpl.fill):
        yield from _source(form, entry, (*base, "fill", j), scope)
    try:
        index = TemplateIndex(read_template(template_path(form_file, tpl)))
    except TemplateRefused as exc:
        yield (*base, "file"), exc.message_en
        return
    if tpl.plan_heading and not any(p.text and _same(p.text, tpl.plan_heading) for p in index.document.paragraphs):
        yield (*base, "plan_heading"), f"no paragraph {tpl.plan_heading!r} in template {index.template.name}"
    written: dict[tuple[int, int, int], int] = {}
    for j, entry in enumerate(tpl.fill):
        where: KeyPath = (*base, "fill", j, "label" if entry.label is not None else "table")
        resolved, problem = resolve(entry, index)
        if resolved is None:
            yield where, problem or "cannot place this entry"
            continue
        for key in target_keys(resolved):
            if key in written:
                yield where, (f"duplicate target: table {key[0]}, row {key[1]}, column {key[2]} is also "
                              f"filled by fill[{written[key]}]")
            else:
                written[key] = j


def _same(a: str, b: str) -> bool:
    from desktop_app.hwpx.template import normalise

    return normalise(a) == normalise(b)


def _page_limit(form: FormDefinition, tpl: TemplateDef, base: KeyPath) -> Found:
    limit = tpl.page_limit
    if isinstance(limit, str):
        name = limit.removeprefix("settings.")
        value = form.settings[name].value if name in form.settings else None
        if not limit.startswith("settings.") or not isinstance(value, int) or isinstance(value, bool) or value < 1:
            yield (*base, "page_limit"), f"page_limit must be a whole number or settings.NAME of one, not {limit!r}"
    elif isinstance(limit, int) and limit < 1:
        yield (*base, "page_limit"), "page_limit must be at least 1"


def _source(form: FormDefinition, entry: FillEntry, path: KeyPath, scope: Scope) -> Found:
    if entry.field is not None:
        f = form.fields.get(entry.field)
        if f is None:
            yield (*path, "field"), f"unknown field {entry.field!r}"
        elif f.kind.has_columns:
            yield (*path, "field"), f"{entry.field!r} is a table: map it with rows: and columns:"
    elif entry.computed is not None and entry.computed not in form.computed_map:
        yield (*path, "computed"), f"unknown computed value {entry.computed!r}"
    elif entry.setting is not None and entry.setting not in form.settings:
        yield (*path, "setting"), f"unknown setting {entry.setting!r}"
    elif entry.expr is not None:
        try:
            problems = check_names(compile_expr(entry.expr), scope)
        except ExpressionError as exc:
            problems = [str(exc)]
        for message in problems:
            yield (*path, "expr"), message
    elif entry.text is not None:
        for name in _PLACEHOLDER.findall(entry.text):
            known = name.removeprefix("settings.") in form.settings if name.startswith("settings.") \
                else name in scope.names
            if not known:
                yield (*path, "text"), f"unknown name {{{name}}} in text"
    elif entry.rows is not None:
        table = form.fields.get(entry.rows)
        if table is None or not table.kind.has_columns:
            yield (*path, "rows"), f"{entry.rows!r} is not a table field of this form"
            return
        for col in entry.columns:
            if col not in table.column_map:
                yield (*path, "columns", col), f"unknown column {col!r} of table {entry.rows!r}"
