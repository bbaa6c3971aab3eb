"""Cross-reference checks of a structurally valid definition; every problem is collected.

Each check yields (key path, message); the loader turns the path into a file line.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from desktop_app.forms.expressions import (
    EDITION_NAMES,
    FUNCTION_NAMES,
    ExpressionError,
    Scope,
    check_names,
    compile_expr,
)
from desktop_app.forms.kinds import KINDS, date_bound_ok, kind_of
from desktop_app.forms.model import Bands, FieldDef, FormDefinition, Rule, Setting

KeyPath = tuple[str | int, ...]
Found = Iterator[tuple[KeyPath, str]]

RESERVED = FUNCTION_NAMES | EDITION_NAMES | {"settings", "True", "False", "None"}


def check_form(form: FormDefinition) -> list[tuple[KeyPath, str]]:
    scope = _scope(form)
    found: list[tuple[KeyPath, str]] = []
    for check in (_unique_ids, _fields, _expressions, _rule_targets, _computed_cycles, _misc, _roles,
                  _documents):
        found.extend(check(form, scope))
    return found


def form_scope(form: FormDefinition) -> Scope:
    """The names an expression of `form` may use (fields, computed values, edition names)."""
    return _scope(form)


def _scope(form: FormDefinition) -> Scope:
    names: dict[str, frozenset[str] | None] = {}
    for f in form.fields.values():
        names[f.id] = frozenset(c.id for c in f.columns) if f.kind.has_columns else None
    for c in form.computed:
        names[c.id] = None
    for name in EDITION_NAMES:
        names.setdefault(name, None)
    return Scope(names, frozenset(form.settings))


def _dupes(items: list[tuple[KeyPath, str]], what: str) -> Found:
    seen: dict[str, KeyPath] = {}
    for path, ident in items:
        if ident in seen:
            yield path, f"duplicate {what} id {ident!r} (also at {_dotted(seen[ident])})"
        else:
            seen[ident] = path
        if ident in RESERVED:
            yield path, f"{ident!r} is a reserved name in expressions; choose another id"


def _dotted(path: KeyPath) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _unique_ids(form: FormDefinition, scope: Scope) -> Found:
    sections: list[tuple[KeyPath, str]] = [(("sections", i, "id"), s.id) for i, s in enumerate(form.sections)]
    yield from _dupes(sections, "section")
    named: list[tuple[KeyPath, str]] = [
        (("sections", i, "fields", j, "id"), f.id)
        for i, s in enumerate(form.sections) for j, f in enumerate(s.fields)
    ]
    named += [(("computed", k, "id"), c.id) for k, c in enumerate(form.computed)]
    yield from _dupes(named, "field or computed")
    rules: list[tuple[KeyPath, str]] = [(("rules", k, "id"), r.id) for k, r in enumerate(form.rules)]
    for (i, j), f in _indexed_fields(form):
        rules += [(("sections", i, "fields", j, "rules", k, "id"), r.id) for k, r in enumerate(f.rules)]
        cols: list[tuple[KeyPath, str]] = [
            (("sections", i, "fields", j, "columns", k, "id"), c.id) for k, c in enumerate(f.columns)
        ]
        yield from _dupes(cols, f"column (in table {f.id!r})")
    yield from _dupes(rules, "rule")
    attachments: list[tuple[KeyPath, str]] = [
        (("attachments", k, "id"), a.id) for k, a in enumerate(form.attachments)
    ]
    yield from _dupes(attachments, "attachment")


def _indexed_fields(form: FormDefinition) -> Iterator[tuple[tuple[int, int], FieldDef]]:
    for i, s in enumerate(form.sections):
        for j, f in enumerate(s.fields):
            yield (i, j), f


def _fields(form: FormDefinition, scope: Scope) -> Found:
    for (i, j), f in _indexed_fields(form):
        base: KeyPath = ("sections", i, "fields", j)
        yield from _field(f, base, form.settings, in_table=False)
        yield from _same_as(form, f, base)
        for k, c in enumerate(f.columns):
            yield from _field(c, (*base, "columns", k), form.settings, in_table=True)
            if c.same_as is not None:
                yield (*base, "columns", k, "same_as"), "a table column cannot be 'same as' another field"


def _same_as(form: FormDefinition, f: FieldDef, base: KeyPath) -> Found:
    """`same_as` names another top-level field of the same type (so the copy is a valid answer)."""
    if f.same_as is None:
        return
    target = form.fields.get(f.same_as)
    if target is None or f.same_as == f.id:
        known = "a field other than this one" if f.same_as == f.id else "no such field"
        yield (*base, "same_as"), f"{f.same_as!r}: {known}"
    elif target.kind is not f.kind or f.kind.has_columns or f.kind.holds_file:
        yield (*base, "same_as"), (f"{f.same_as!r} is a {target.type} field; 'same as' needs the same type "
                                   f"as this {f.type} field (and no table or image)")


def _field(f: FieldDef, base: KeyPath, settings: dict[str, Setting], *, in_table: bool) -> Found:
    if f.kind.has_columns:
        if in_table:
            yield (*base, "type"), "a table cannot be nested inside a table"
        if not f.columns:
            yield (*base, "columns"), "a table needs at least one column"
        if f.min_rows is not None and f.max_rows is not None and f.min_rows > f.max_rows:
            yield (*base, "min_rows"), f"min_rows {f.min_rows} is greater than max_rows {f.max_rows}"
    else:
        for key, val in (("columns", f.columns), ("rules", f.rules)):
            if val:
                yield (*base, key), f"only a table field has {key} (type is {f.type!r})"
        for key, num in (("min_rows", f.min_rows), ("max_rows", f.max_rows)):
            if num is not None:
                yield (*base, key), f"only a table field has {key} (type is {f.type!r})"
    if f.compute is not None and not in_table:
        yield (*base, "compute"), "compute is for table columns; put form-level formulas under computed:"
    if in_table and f.profile:
        yield (*base, "profile"), "a table column cannot be bound to a profile key"
    yield from _choices(f, base)
    yield from _bounds(f, base)
    yield from _length_ref(f, base, settings)
    if f.default is not None:
        problem = _default_problem(f)
        if problem:
            yield (*base, "default"), problem


def _choices(f: FieldDef, base: KeyPath) -> Found:
    if f.kind.has_choices:
        if not f.choices:
            yield (*base, "choices"), f"a {f.type} field needs choices"
        seen: set[str] = set()
        for k, c in enumerate(f.choices):
            if c.value in seen:
                yield (*base, "choices", k, "value"), f"duplicate choice value {c.value!r}"
            seen.add(c.value)
        yield from _also_words(f, base)
    elif f.choices:
        yield (*base, "choices"), f"choices are only for choice/multichoice fields (type is {f.type!r})"


def _also_words(f: FieldDef, base: KeyPath) -> Found:
    """An `also` word must name one choice only: not another choice's value or label, nor
    another's `also` word (typed, it would pick one of them silently)."""
    from desktop_app.forms.readers import squashed

    names: dict[str, int] = {}
    for k, c in enumerate(f.choices):
        for word in (c.value, c.label.ko, c.label.en):
            names.setdefault(squashed(word), k)
    for k, c in enumerate(f.choices):
        for m, word in enumerate(c.also):
            key = squashed(word)
            if not key:
                yield (*base, "choices", k, "also", m), "an empty word"
            elif names.get(key, k) != k:
                other = f.choices[names[key]]
                yield ((*base, "choices", k, "also", m),
                       f"{word!r} already names the choice {other.value!r} ({other.label.ko})")
            else:
                names[key] = k


def _bounds(f: FieldDef, base: KeyPath) -> Found:
    for key, val in (("min", f.min_value), ("max", f.max_value)):
        if val is None:
            continue
        bounds = f.kind.bounds
        if bounds == "number" and isinstance(val, str | bool):
            yield (*base, key), f"{key} of a {f.type} field must be a number, not {val!r}"
        elif bounds == "date" and not (isinstance(val, str) and date_bound_ok(val)):
            yield (*base, key), f"{key} of a date field must be an ISO date or 'today', not {val!r}"
        elif bounds is None:
            yield (*base, key), f"{key} does not apply to a {f.type} field (use min_length/max_length)"
    lo, hi = f.min_value, f.max_value
    if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
        yield (*base, "min"), f"min {lo} is greater than max {hi}"
    if f.min_length is not None and f.max_length is not None and f.min_length > f.max_length:
        yield (*base, "min_length"), f"min_length {f.min_length} is greater than max_length {f.max_length}"
    if f.pattern is not None:
        try:
            re.compile(f.pattern)
        except re.error as exc:
            yield (*base, "pattern"), f"invalid regular expression: {exc}"


def _length_ref(f: FieldDef, base: KeyPath, settings: dict[str, Setting]) -> Found:
    ref = f.warn_min_length
    if ref is not None and f.kind.family != "text":
        yield (*base, "warn_min_length"), f"warn_min_length applies to text fields (type is {f.type!r})"
    if not isinstance(ref, str):
        return
    name = ref.removeprefix("settings.")
    if name not in settings:
        yield (*base, "warn_min_length"), f"unknown setting {ref!r}"
        return
    value = settings[name].value
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        yield (*base, "warn_min_length"), f"setting {ref!r} must be a whole number of at least 1, not {value!r}"


def _default_problem(f: FieldDef) -> str | None:
    return f.kind.default_problem(f)


_COMPUTED_FAMILY = {"money": "number", "integer": "number", "number": "number", "percent": "number",
                    "boolean": "yes/no", "date": "date", "text": "text"}
_RETURNS = {"number": "number", "len": "number", "count": "number", "sum": "number", "days_between": "number",
            "months_between": "number", "age_on": "number", "text": "text", "digits": "text", "date": "date",
            "add_months": "date", "startswith": "yes/no", "endswith": "yes/no", "has_number": "yes/no"}


def _family_of_type(ftype: str) -> str | None:
    """What an expression compares a field of this type as (its kind's family)."""
    kind = KINDS.get(ftype)
    if kind is None:
        return None
    if kind.family in ("number", "date"):
        return kind.family
    if kind.family == "text" or (kind.family == "choice" and not kind.multiple):
        return "text"
    return "yes/no" if kind.family == "boolean" else None


def _family_of_value(v: Any) -> str | None:
    if isinstance(v, bool):
        return "yes/no"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "text"
    return "date" if isinstance(v, dt.date) else None


Families = dict[str, str | None]


def _families(form: FormDefinition) -> Families:
    """The kind of value each name holds, for the load-time comparison check."""
    out: Families = {f.id: _family_of_type(f.type) for f in form.fields.values()}
    out.update({c.id: _COMPUTED_FAMILY.get(c.type) for c in form.computed})
    return out


def _node_family(node: ast.AST, form: FormDefinition, names: Families) -> str | None:
    if isinstance(node, ast.Constant):
        return _family_of_value(node.value)
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "settings":
        st = form.settings.get(node.attr)
        return None if st is None or isinstance(st.value, tuple) else _family_of_value(st.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _RETURNS.get(node.func.id)
    return None


def _element_families(node: ast.AST, form: FormDefinition, names: Families) -> set[str | None] | None:
    """Kinds of the items of a list literal or a list setting; None when not known to be one."""
    if isinstance(node, ast.List | ast.Tuple):
        return {_node_family(e, form, names) for e in node.elts}
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "settings":
        st = form.settings.get(node.attr)
        if st is not None and isinstance(st.value, tuple):
            return {_family_of_value(v) for v in st.value}
    return None


def _mixed_kinds(expr_tree: ast.AST, form: FormDefinition, names: Families) -> Iterator[str]:
    """Comparisons of values of different kinds (a setting written 10 against a text code):
    never true, so the rule would never fire."""
    for node in ast.walk(expr_tree):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            mine = _node_family(left, form, names)
            if isinstance(op, ast.In | ast.NotIn):
                items = _element_families(right, form, names) or set()
                wrong = sorted(f for f in items if f is not None and mine is not None and f != mine)
                if wrong:
                    yield (f"{ast.unparse(left)!r} ({mine}) is looked up among {ast.unparse(right)!r} "
                           f"which holds {', '.join(wrong)} values: they never match (write them as {mine})")
            elif not isinstance(op, ast.Is | ast.IsNot):
                theirs = _node_family(right, form, names)
                if mine is not None and theirs is not None and mine != theirs:
                    yield (f"{ast.unparse(left)!r} ({mine}) is compared with {ast.unparse(right)!r} ({theirs}): "
                           f"values of different kinds never compare as meant (write both as {mine})")
            left = right


def _band_calls(expr_tree: ast.AST, form: FormDefinition) -> Iterator[str]:
    for node in ast.walk(expr_tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "band":
            first = node.args[0] if node.args else None
            named = (isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name)
                     and first.value.id == "settings")
            st = form.settings.get(first.attr) if named and isinstance(first, ast.Attribute) else None
            if len(node.args) != 2 or st is None or not isinstance(st.value, Bands):
                yield ("band() takes a band table setting and a number: band(settings.NAME, x), "
                       f"in {ast.unparse(node)!r}")


def _expr(source: str | bool | None, path: KeyPath, scope: Scope,
          form: FormDefinition | None = None, names: Families | None = None) -> Found:
    if source is None or isinstance(source, bool):
        return
    try:
        expr = compile_expr(source)
    except ExpressionError as exc:
        yield path, str(exc)
        return
    for message in check_names(expr, scope):
        yield path, message
    if form is not None and names is not None:
        for message in (*_mixed_kinds(expr.tree, form, names), *_band_calls(expr.tree, form)):
            yield path, message


def _expressions(form: FormDefinition, scope: Scope) -> Found:
    names = _families(form)
    top = partial(_expr, form=form, names=names)
    for i, s in enumerate(form.sections):
        yield from top(s.show_if, ("sections", i, "show_if"), scope)
    for (i, j), f in _indexed_fields(form):
        base: KeyPath = ("sections", i, "fields", j)
        yield from top(f.show_if, (*base, "show_if"), scope)
        yield from top(f.required, (*base, "required"), scope)
        row_scope = scope.with_row(c.id for c in f.columns)
        row = partial(_expr, form=form, names={**names, **{c.id: _family_of_type(c.type) for c in f.columns}})
        for k, c in enumerate(f.columns):
            cbase: KeyPath = (*base, "columns", k)
            for key, src in (("show_if", c.show_if), ("required", c.required), ("compute", c.compute)):
                yield from row(src, (*cbase, key), row_scope)
        for k, r in enumerate(f.rules):
            yield from row(r.when, (*base, "rules", k, "when"), row_scope)
    for k, comp in enumerate(form.computed):
        yield from top(comp.expr, ("computed", k, "expr"), scope)
    for k, r in enumerate(form.rules):
        yield from top(r.when, ("rules", k, "when"), scope)
    for k, a in enumerate(form.attachments):
        yield from top(a.required_if, ("attachments", k, "required_if"), scope)


def _rule_targets(form: FormDefinition, scope: Scope) -> Found:
    def targets(rules: tuple[Rule, ...], base: KeyPath, known: set[str]) -> Found:
        for k, r in enumerate(rules):
            for m, target in enumerate(r.fields):
                if target not in known:
                    yield (*base, k, "fields", m), f"rule {r.id!r} points at unknown field {target!r}"

    known = set(form.fields)
    for f in form.fields.values():
        known |= {f"{f.id}.{c.id}" for c in f.columns}
    yield from targets(form.rules, ("rules",), known)
    for (i, j), f in _indexed_fields(form):
        yield from targets(f.rules, ("sections", i, "fields", j, "rules"), {c.id for c in f.columns})


def _computed_cycles(form: FormDefinition, scope: Scope) -> Found:
    deps: dict[str, set[str]] = {}
    for c in form.computed:
        try:
            deps[c.id] = set(compile_expr(c.expr).names) & set(form.computed_map)
        except ExpressionError:
            deps[c.id] = set()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for dep in sorted(deps[node]):
            if state.get(dep) == 1:
                return [*trail, node, dep]
            if dep not in state:
                cycle = visit(dep, [*trail, node])
                if cycle:
                    return cycle
        state[node] = 2
        return None

    for k, c in enumerate(form.computed):
        if c.id not in state:
            cycle = visit(c.id, [])
            if cycle:
                yield ("computed", k, "expr"), "computed values depend on each other in a cycle: " + " → ".join(cycle)


def _misc(form: FormDefinition, scope: Scope) -> Found:
    for k, fid in enumerate(form.precheck):
        f = form.fields.get(fid)
        if f is None:
            yield ("precheck", k), f"precheck names unknown field {fid!r}"
        elif f.kind.has_columns or f.kind.holds_file:
            yield ("precheck", k), f"precheck cannot ask {f.type} field {fid!r}"
    for name in form.settings:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            yield ("settings", name), f"setting name {name!r} must be lower_snake_case"
    if form.opens and form.opens > form.deadline:
        yield ("opens",), "opens is after the deadline"
    known = set(form.fields)
    for f in form.fields.values():
        known |= {f"{f.id}.{c.id}" for c in f.columns}
    for m, mig in enumerate(form.migrations):
        for k, step in enumerate(mig.steps):
            base: KeyPath = ("migrations", m, "steps", k)
            targets = [step.target] if isinstance(step.target, str) else list(step.target or ())
            if step.kind != "drop" and not targets:
                yield (*base, "to"), f"a {step.kind} step needs 'to'"
            if step.kind not in ("default",) and step.source is None:
                yield (*base, "from"), f"a {step.kind} step needs 'from'"
            for t in targets:
                if t not in known:
                    yield (*base, "to"), f"migration target {t!r} is not a field of this edition"


def _documents(form: FormDefinition, scope: Scope) -> Found:
    """An item's `document:` names a kind of forms/shared/documents.yaml (client documents)."""
    wanted = [(k, a) for k, a in enumerate(form.attachments) if a.document]
    if not wanted:
        return
    from desktop_app.forms.documents import catalogue
    from desktop_app.forms.errors import FormDefinitionError

    try:
        kinds = catalogue().kinds
    except FormDefinitionError as exc:
        yield ("attachments",), f"the client document catalogue has problems: {exc}"
        return
    for k, a in wanted:
        if a.document not in kinds:
            yield (("attachments", k, "document"),
                   f"unknown client document kind {a.document!r} (known: {', '.join(kinds)})")


def _roles(form: FormDefinition, scope: Scope) -> Found:
    """What the PDF is told to draw must exist: the signature section's seal, chart columns."""
    signatures = [i for i, s in enumerate(form.sections) if s.role == "signature"]
    for i in signatures[1:]:
        yield ("sections", i, "role"), (
            f"only one section can be the signature; {form.sections[signatures[0]].id!r} already is")
    for i in signatures:
        if not any(f.kind.holds_file for f in form.sections[i].fields):
            yield ("sections", i, "role"), "a signature section needs an image field (the seal or signature)"
    money = {f.id for f in form.fields.values() if f.kind.currency}
    money |= {c.id for c in form.computed if kind_of(c.type).currency}
    for (i, j), f in _indexed_fields(form):
        if f.chart is None:
            continue
        base: KeyPath = ("sections", i, "fields", j, "chart")
        if not f.kind.has_columns:
            yield base, f"only a table has a chart (type is {f.type!r})"
            continue
        amount = f.column_map.get(f.chart.amount)
        if amount is None:
            yield (*base, "amount"), f"{f.chart.amount!r} is not a column of table {f.id!r}"
        elif not amount.kind.currency:
            yield (*base, "amount"), f"chart amount {amount.id!r} must be a money column (type is {amount.type!r})"
        if f.chart.group not in f.column_map:
            yield (*base, "group"), f"{f.chart.group!r} is not a column of table {f.id!r}"
        for k, source in enumerate(f.chart.sources):
            if source not in money:
                yield (*base, "sources", k), (
                    f"{source!r} is not a money field or money computed value of this form")
        if len(f.chart.sources) == 1:
            yield (*base, "sources"), "name at least two sources (e.g. [gov_share, private_share])"
