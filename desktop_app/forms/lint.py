"""Content lint of a loaded definition: things that load fine but betray a mistake.

The loader rejects what is malformed; lint finds what is merely suspicious — a setting nobody
uses (a cap edited in vain), a computed value neither shown nor used, a rule pointing nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from desktop_app.forms.expressions import compile_expr
from desktop_app.forms.model import FieldDef, FormDefinition, Rule
from desktop_app.forms.yamlsrc import Problem, Source, format_path, read_yaml

_SETTING_IN_TEXT = re.compile(r"\{settings\.([a-z_][a-z0-9_]*)\}")
_NAME_IN_TEXT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _expressions(form: FormDefinition) -> Iterator[str]:
    for s in form.sections:
        if s.show_if:
            yield s.show_if
        for f in s.fields:
            yield from _field_expressions(f)
    yield from (c.expr for c in form.computed)
    yield from (r.when for r in _all_rules(form))
    yield from (a.required_if for a in form.attachments if a.required_if)


def _field_expressions(f: FieldDef) -> Iterator[str]:
    for src in (f.show_if, f.required, f.compute):
        if isinstance(src, str):
            yield src
    for c in f.columns:
        yield from _field_expressions(c)
    yield from (r.when for r in f.rules)


def _all_rules(form: FormDefinition) -> Iterator[Rule]:
    yield from form.rules
    for f in form.fields.values():
        yield from f.rules


def _texts(form: FormDefinition) -> Iterator[str]:
    for r in _all_rules(form):
        yield r.message.ko
        yield r.message.en


def used_names(form: FormDefinition) -> tuple[set[str], set[str]]:
    """(settings used, names used) across expressions and message placeholders."""
    settings: set[str] = set()
    names: set[str] = set()
    for source in _expressions(form):
        expr = compile_expr(source)
        names |= expr.names
        settings |= set(re.findall(r"settings\.([a-z_][a-z0-9_]*)", source))
    for text in _texts(form):
        settings |= set(_SETTING_IN_TEXT.findall(text))
        names |= set(_NAME_IN_TEXT.findall(text))
    for f in form.fields.values():
        for g in (f, *f.columns):  # a length bound may name a setting: `warn_min_length: settings.X`
            if isinstance(g.warn_min_length, str):
                settings.add(g.warn_min_length.removeprefix("settings."))
    return settings, names


def lint_form(form: FormDefinition) -> list[Problem]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    settings, names = used_names(form)
    for name in form.settings:
        if name not in settings:
            found.append((("settings", name), "setting is never used by an expression or message"))
    for k, c in enumerate(form.computed):
        if c.id not in names and c.label is None:
            found.append((("computed", k, "id"),
                          f"computed value {c.id!r} is neither used nor shown (give it a label)"))
    for k, r in enumerate(form.rules):
        if not r.fields:
            found.append((("rules", k, "fields"),
                          f"rule {r.id!r} names no field, so the editor cannot show where to fix it"))
    return _locate(form, found)


def _locate(form: FormDefinition, found: list[tuple[tuple[str | int, ...], str]]) -> list[Problem]:
    file = form.source_file or "<form>"
    src = Source(file, None)
    if form.source_file and Path(form.source_file).is_file():
        src, _ = read_yaml(Path(form.source_file).read_text(encoding="utf-8"), file)
    return [Problem(file, src.line_of(path), format_path(path), msg) for path, msg in found]
