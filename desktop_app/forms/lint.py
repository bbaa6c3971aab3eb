"""Content lint of a loaded definition: things that load fine but betray a mistake.

The loader rejects what is malformed; lint finds what is merely suspicious:

- a setting nobody uses (a cap edited in vain), a computed value neither shown nor used;
- a rule pointing nowhere, a message placeholder naming nothing (it would print as empty);
- a label, title or message whose Korean and English are blank or identical (an untranslated
  copy), unless the text is a code or abbreviation such as `GB` or `SaaS`;
- an expression comparing a choice field with a value that is not one of its choices (a typo
  that makes a condition silently false);
- an attachment that can never be required: its `required_if` is false for every combination
  of representative answers (each choice, true/false, the numbers and dates the conditions
  and settings mention, those dates shifted by the numbers as years, unanswered …). When there
  are too many combinations to try them all, lint stays silent rather than guess.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.forms.expressions import Evaluator, Expression, ExpressionError, Rows, compile_expr
from desktop_app.forms.kinds import ChoiceKind, NumberKind
from desktop_app.forms.model import FieldDef, FormDefinition, Rule, Text
from desktop_app.forms.yamlsrc import Problem, Source, format_path, read_yaml
from desktop_app.korean_ids import brn_check_digit
from desktop_app.submission import SUBMISSION_SETTINGS

KeyPath = tuple[str | int, ...]

_SETTING_IN_TEXT = re.compile(r"\{settings\.([a-z_][a-z0-9_]*)\}")
_NAME_IN_TEXT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?\}")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_WORD = re.compile(r"[A-Za-z]+")
# Beyond this many combinations of answers, reachability is not searched (lint stays silent).
SEARCH_LIMIT = 20000


# ----------------------------------------------------------------------------- walking the form

@dataclass(frozen=True)
class _ExprSite:
    path: KeyPath
    source: str
    table: FieldDef | None  # set inside a table: the row's columns are names too


def _sites(form: FormDefinition) -> Iterator[_ExprSite]:
    """Every expression of the form with where it is written."""
    for i, s in enumerate(form.sections):
        if s.show_if:
            yield _ExprSite(("sections", i, "show_if"), s.show_if, None)
        for j, f in enumerate(s.fields):
            base: KeyPath = ("sections", i, "fields", j)
            for key, src in (("show_if", f.show_if), ("required", f.required)):
                if isinstance(src, str):
                    yield _ExprSite((*base, key), src, None)
            for k, c in enumerate(f.columns):
                for key, src in (("show_if", c.show_if), ("required", c.required), ("compute", c.compute)):
                    if isinstance(src, str):
                        yield _ExprSite((*base, "columns", k, key), src, f)
            for k, r in enumerate(f.rules):
                yield _ExprSite((*base, "rules", k, "when"), r.when, f)
    for k, comp in enumerate(form.computed):
        yield _ExprSite(("computed", k, "expr"), comp.expr, None)
    for k, r in enumerate(form.rules):
        yield _ExprSite(("rules", k, "when"), r.when, None)
    for k, a in enumerate(form.attachments):
        if a.required_if:
            yield _ExprSite(("attachments", k, "required_if"), a.required_if, None)


def _indexed_rules(form: FormDefinition) -> Iterator[tuple[KeyPath, Rule, FieldDef | None]]:
    for k, r in enumerate(form.rules):
        yield ("rules", k), r, None
    for i, s in enumerate(form.sections):
        for j, f in enumerate(s.fields):
            for k, r in enumerate(f.rules):
                yield ("sections", i, "fields", j, "rules", k), r, f


def _texts(form: FormDefinition) -> Iterator[tuple[KeyPath, Text]]:
    """Every short user-facing text that must exist in both languages (not help or notes)."""
    for name, st in form.settings.items():
        yield ("settings", name, "label"), st.label
    for i, s in enumerate(form.sections):
        yield ("sections", i, "title"), s.title
        for j, f in enumerate(s.fields):
            base: KeyPath = ("sections", i, "fields", j)
            yield from _field_texts(f, base)
            for k, c in enumerate(f.columns):
                yield from _field_texts(c, (*base, "columns", k))
    for k, comp in enumerate(form.computed):
        if comp.label is not None:
            yield ("computed", k, "label"), comp.label
    for path, r, _ in _indexed_rules(form):
        yield (*path, "message"), r.message
    for k, a in enumerate(form.attachments):
        yield ("attachments", k, "label"), a.label


def _field_texts(f: FieldDef, base: KeyPath) -> Iterator[tuple[KeyPath, Text]]:
    yield (*base, "label"), f.label
    for m, c in enumerate(f.choices):
        yield (*base, "choices", m, "label"), c.label


# ----------------------------------------------------------------------------- used names

def used_names(form: FormDefinition) -> tuple[set[str], set[str]]:
    """(settings used, names used) across expressions and message placeholders."""
    settings: set[str] = set()
    names: set[str] = set()
    for site in _sites(form):
        expr = compile_expr(site.source)
        names |= expr.names
        settings |= set(re.findall(r"settings\.([a-z_][a-z0-9_]*)", site.source))
    for _, r, _ in _indexed_rules(form):
        for text in (r.message.ko, r.message.en):
            settings |= set(_SETTING_IN_TEXT.findall(text))
            names |= set(_NAME_IN_TEXT.findall(text))
    for f in form.fields.values():
        for g in (f, *f.columns):  # a length bound may name a setting: `warn_min_length: settings.X`
            if isinstance(g.warn_min_length, str):
                settings.add(g.warn_min_length.removeprefix("settings."))
    settings |= set(SUBMISSION_SETTINGS) & set(form.settings)  # read by every export
    for tpl in form.templates:  # a template's page limit and fill entries read settings and names
        if isinstance(tpl.page_limit, str):
            settings.add(tpl.page_limit.removeprefix("settings."))
        for entry in tpl.fill:
            if entry.setting:
                settings.add(entry.setting)
            names |= {n for n in (entry.field, entry.computed, entry.rows) if n}
            for source in (entry.text, entry.expr):
                settings |= set(re.findall(r"settings\.([a-z_][a-z0-9_]*)", source or ""))
                names |= set(_NAME_IN_TEXT.findall(source or ""))
    return settings, names


# ----------------------------------------------------------------------------- the lints

def lint_form(form: FormDefinition) -> list[Problem]:
    found: list[tuple[KeyPath, str]] = []
    found += _unused(form)
    found += _bilingual(form)
    found += _placeholders(form)
    found += _choice_literals(form)
    found += _attachments(form)
    found += _migrations(form)
    return _locate(form, found)


def _migrations(form: FormDefinition) -> list[tuple[KeyPath, str]]:
    """Each migration's old edition is looked for beside the file (the shipped forms folder)."""
    if not form.migrations:
        return []
    from desktop_app.forms.loader import FormDefinitionError, load_form
    from desktop_app.forms.migrate import check_migrations

    editions: dict[str, FormDefinition] = {}
    folder = Path(form.source_file).parent if form.source_file else None
    for path in sorted(folder.glob("*.y*ml")) if folder and folder.is_dir() else []:
        if path.resolve() == Path(form.source_file).resolve():
            continue
        try:
            other = load_form(path)
        except FormDefinitionError:
            continue  # its own check reports it
        if other.id == form.id:
            editions[other.edition] = other
    return check_migrations(form, editions)


def _unused(form: FormDefinition) -> Iterator[tuple[KeyPath, str]]:
    settings, names = used_names(form)
    for name in form.settings:
        if name not in settings:
            yield ("settings", name), "setting is never used by an expression or message"
    for k, c in enumerate(form.computed):
        if c.id not in names and c.label is None and not c.internal:
            yield ("computed", k, "id"), f"computed value {c.id!r} is neither used nor shown (give it a label)"
    for k, r in enumerate(form.rules):
        if not r.fields:
            yield ("rules", k, "fields"), f"rule {r.id!r} names no field, so the editor cannot show where to fix it"


def is_code(text: str) -> bool:
    """A text that reads the same in both languages: a code, unit or abbreviation (GB, SaaS, %, ppm).

    No Hangul, and every word is at most three letters or carries a capital after its first letter
    (`ERP`, `IaaS`, `mAP`); ordinary words (`Demo`, `Seoul`) are not codes."""
    if _HANGUL.search(text):
        return False
    return all(len(w) <= 3 or any(ch.isupper() for ch in w[1:]) for w in _WORD.findall(text))


def _bilingual(form: FormDefinition) -> Iterator[tuple[KeyPath, str]]:
    for path, text in _texts(form):
        ko, en = text.ko.strip(), text.en.strip()
        what = "message" if path[-1] == "message" else "label" if path[-1] == "label" else "title"
        for lang, value in (("ko", ko), ("en", en)):
            if not value:
                yield (*path, lang), f"the {'Korean' if lang == 'ko' else 'English'} {what} is blank"
        if ko and ko == en and not is_code(ko):
            yield (*path, "en"), (f"the Korean and English {what} are identical ({ko!r}); "
                                  "translate it (only codes and abbreviations may read the same)")


def _placeholders(form: FormDefinition) -> Iterator[tuple[KeyPath, str]]:
    known = set(form.fields) | set(form.computed_map) | set(form.edition_values())
    for path, r, table in _indexed_rules(form):
        row = {c.id for c in table.columns} if table else set()
        for lang in ("ko", "en"):
            for m in _PLACEHOLDER.finditer(getattr(r.message, lang)):
                head, tail = m.group(1), m.group(2)
                if head == "settings":
                    if tail not in form.settings:
                        yield (*path, "message", lang), f"placeholder {m.group(0)} names an unknown setting"
                elif tail is not None or (head not in known and head not in row):
                    yield (*path, "message", lang), (
                        f"placeholder {m.group(0)} names no field, computed value or setting; "
                        "it would print as nothing")


def _choice_fields(form: FormDefinition, table: FieldDef | None) -> dict[str, FieldDef]:
    out = {f.id: f for f in form.fields.values() if f.kind.has_choices}
    if table is not None:
        for c in table.columns:
            if c.kind.has_choices:
                out[c.id] = c
            else:
                out.pop(c.id, None)  # inside a row the column wins
    return out


def _choice_literals(form: FormDefinition) -> Iterator[tuple[KeyPath, str]]:
    for site in _sites(form):
        try:
            tree = compile_expr(site.source).tree
        except ExpressionError:
            continue
        resolve = _ChoiceResolver(form, site.table, tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands[:-1], operands[1:], strict=True):
                for f, literals in _compared(op, left, right, resolve):
                    for value in literals:
                        if value not in f.choice_values:
                            yield site.path, (
                                f"{f.id!r} is compared with {value!r}, which is not one of its choices "
                                f"({', '.join(f.choice_values)}); the condition can never hold as written")


class _ChoiceResolver:
    """The choice field (or column) an expression node stands for, if any."""

    def __init__(self, form: FormDefinition, table: FieldDef | None, tree: ast.AST) -> None:
        self.form = form
        self.fields = _choice_fields(form, table)
        self.row_vars: dict[str, FieldDef] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.comprehension) and isinstance(node.target, ast.Name) \
                    and isinstance(node.iter, ast.Name) and node.iter.id in form.fields:
                self.row_vars[node.target.id] = form.fields[node.iter.id]

    def __call__(self, node: ast.AST) -> FieldDef | None:
        if isinstance(node, ast.Name):
            return self.fields.get(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = self.row_vars.get(node.value.id) or self.form.fields.get(node.value.id)
            if owner is not None and owner.kind.has_columns:
                col = owner.column_map.get(node.attr)
                if col is not None and col.kind.has_choices:
                    return col
        return None


def _strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(node.elts) else None
    return None


def _compared(op: ast.cmpop, left: ast.AST, right: ast.AST,
              choice_of: Callable[[ast.AST], FieldDef | None]) -> Iterator[tuple[FieldDef, list[str]]]:
    """(choice field, the string literals it is compared with) for one comparison."""
    if isinstance(op, ast.Eq | ast.NotEq):
        for a, b in ((left, right), (right, left)):
            f, lit = choice_of(a), b
            if f is not None and isinstance(lit, ast.Constant) and isinstance(lit.value, str):
                yield f, [lit.value]
    elif isinstance(op, ast.In | ast.NotIn):
        f = choice_of(left)
        literals = _strings(right)
        if f is not None and literals is not None and not isinstance(right, ast.Constant):
            yield f, literals
        g = choice_of(right)
        if g is not None and isinstance(left, ast.Constant) and isinstance(left.value, str):
            yield g, [left.value]


# ----------------------------------------------------------------------------- reachability

def _attachments(form: FormDefinition) -> Iterator[tuple[KeyPath, str]]:
    for k, a in enumerate(form.attachments):
        if a.required and a.required_if:
            yield ("attachments", k, "required_if"), (
                f"attachment {a.id!r} is always required; required_if has no effect (drop one of them)")
            continue
        if a.required_if is None:
            continue
        if can_be_true(form, a.required_if) is False:
            yield ("attachments", k, "required_if"), (
                f"attachment {a.id!r} can never be required: no answers make {a.required_if!r} true "
                "(check the names, choice values and settings it uses)")


def can_be_true(form: FormDefinition, source: str) -> bool | None:
    """Whether some combination of representative answers makes the condition true.

    True when one is found; False only after an exhaustive search; None when there are more
    than SEARCH_LIMIT combinations and the sparse ones (a field or two answered, the rest
    unanswered) found nothing — or when the expression does not compile."""
    try:
        expr = compile_expr(source)
    except ExpressionError:
        return None
    computed = _involved_computed(form, expr)
    exprs = [expr, *(compile_expr(form.computed_map[c].expr) for c in computed)]
    fields = sorted({n for e in exprs for n in e.names if n in form.fields})
    numbers, strings = _constants(form, exprs)
    dates = _dates(form, exprs, numbers)
    choices = [_candidates(form.fields[name], numbers, strings, dates) for name in fields]
    base = form.edition_values()
    ev = Evaluator(base["deadline"], {k: s.value for k, s in form.settings.items()})

    def holds(combo: tuple[Any, ...]) -> bool:
        names: dict[str, Any] = {**base, **dict(zip(fields, combo, strict=True))}
        for cid in computed:
            names[cid] = ev.evaluate(compile_expr(form.computed_map[cid].expr), names)
        return ev.truth(expr, names, skip_unknown=False)

    total = 1
    for c in choices:
        total *= len(c)
    if total <= SEARCH_LIMIT:
        return any(holds(combo) for combo in itertools.product(*choices))
    tried = 0
    for width in (1, 2):
        for chosen in itertools.combinations(range(len(fields)), width):
            pools = [choices[i] if i in chosen else [None] for i in range(len(fields))]
            for combo in itertools.product(*pools):
                tried += 1
                if tried > SEARCH_LIMIT:
                    return None
                if holds(combo):
                    return True
    return None


def _involved_computed(form: FormDefinition, expr: Expression) -> list[str]:
    """Computed values the expression depends on, dependencies first."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in form.computed_map:
            return
        seen.add(name)
        for dep in sorted(compile_expr(form.computed_map[name].expr).names):
            visit(dep)
        order.append(name)

    for name in sorted(expr.names):
        visit(name)
    return order


def _settings_used(form: FormDefinition, exprs: list[Expression]) -> list[Any]:
    values: list[Any] = []
    for e in exprs:
        for name in re.findall(r"settings\.([a-z_][a-z0-9_]*)", e.source):
            if name in form.settings:
                v = form.settings[name].value
                values.extend(v if isinstance(v, tuple) else (v,))
    return values


def _constants(form: FormDefinition, exprs: list[Expression]) -> tuple[list[float], list[str]]:
    numbers: list[float] = [0, 1, -1, 10**12, -(10**12)]
    strings: list[str] = ["", "x"]
    pool: list[Any] = [n.value for e in exprs for n in ast.walk(e.tree) if isinstance(n, ast.Constant)]
    pool += _settings_used(form, exprs)
    for v in pool:
        if isinstance(v, bool):
            continue
        if isinstance(v, int | float):
            numbers += [v - 1, v, v + 1]
        elif isinstance(v, str):
            strings.append(v)
    return sorted(set(numbers)), sorted(set(strings))


def _dates(form: FormDefinition, exprs: list[Expression], numbers: list[float]) -> list[dt.date]:
    """The days the conditions mention (±1), and those days shifted by the whole numbers they
    mention as years (so that `age_on(birth, settings.notice_date) >= 19` can be met)."""
    edition = form.edition_values()
    pool = [d for d in (edition["deadline"], edition["opens"], *_settings_used(form, exprs))
            if isinstance(d, dt.date)]
    day = dt.timedelta(days=1)
    years = sorted({int(n) for n in numbers if n == int(n) and 1 <= n <= 120})
    out = {dt.date(1900, 1, 1), dt.date(2100, 12, 31)}
    for d in pool:
        for shifted in (d, *(_years_before(d, y) for y in years)):
            out |= {shifted - day, shifted, shifted + day}
    return sorted(out)


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _sample_brns() -> list[str]:
    """One valid 사업자등록번호 of each kind (individual, exempt, corporation, branch, non-profit)."""
    out = []
    for code in (10, 90, 81, 85, 82):
        first9 = f"123{code:02d}4567"
        out.append(f"{first9[:3]}-{first9[3:5]}-{first9[5:]}{brn_check_digit(first9)}")
    return out


def _candidates(f: FieldDef, numbers: list[float], strings: list[str], dates: list[dt.date]) -> list[Any]:
    """Values worth trying for a field, by the family of its kind."""
    kind = f.kind
    if kind.has_columns:
        rows = Rows()
        for c in f.columns:
            rows.extend({c.id: v} for v in _candidates(c, numbers, strings, dates) if v is not None)
        return [Rows(), rows]
    values: list[Any]
    if kind.family == "boolean":
        values = [True, False]
    elif isinstance(kind, ChoiceKind):
        values = ([[], *([v] for v in f.choice_values), list(f.choice_values)] if kind.multiple
                  else list(f.choice_values))
    elif isinstance(kind, NumberKind):
        values = sorted({int(n) for n in numbers}) if kind.whole else list(numbers)
    elif kind.family == "date":
        values = list(dates)
    elif kind.name == "brn":  # brn_kind() reads the number's middle digits
        values = [*strings, *_sample_brns()]
    else:
        values = list(strings)
    return [None, *values]


def _locate(form: FormDefinition, found: list[tuple[KeyPath, str]]) -> list[Problem]:
    file = form.source_file or "<form>"
    src = Source(file, None)
    if form.source_file and Path(form.source_file).is_file():
        src, _ = read_yaml(Path(form.source_file).read_text(encoding="utf-8"), file)
    return [Problem(file, src.line_of(path), format_path(path), msg) for path, msg in found]


__all__ = ["SEARCH_LIMIT", "can_be_true", "is_code", "lint_form", "used_names"]
