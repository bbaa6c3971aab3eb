"""The safe expression language of form definitions (simpleeval over a checked Python AST).

Expressions are parsed once at load, every name they use is checked against the form's
fields, computed values, settings and the function table, and evaluation never calls Python's
eval. A value that cannot be computed because an answer is missing is UNKNOWN (None): rules
whose inputs are unknown do not fire, so one missing answer gives one `required` issue, not a cascade.
"""

from __future__ import annotations

import ast
import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import simpleeval

from desktop_app import limits
from desktop_app.errors import Refused
from desktop_app.forms.model import Bands
from desktop_app.korean_ids import brn_kind

_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Constant, ast.Name, ast.Load, ast.Store, ast.Attribute, ast.Subscript, ast.List,
    ast.Tuple, ast.ListComp, ast.GeneratorExp, ast.comprehension, ast.Slice,
    ast.operator, ast.boolop, ast.unaryop, ast.cmpop,
)


class ExpressionError(Refused, ValueError):
    """An expression that cannot be parsed or uses something the language does not offer."""


class ExpressionLimit(ExpressionError):
    """An expression past a limit (desktop_app/limits.py): refused, never computed for minutes."""


def _limits() -> Any:
    """The limits module (its values read at each use, so a test may lower one)."""
    return limits


def _check_number(value: Any, source: str) -> Any:
    kind = type(value)
    if kind is not int and kind is not str:  # the common case, checked first: per syntax node
        return value
    if kind is int and value.bit_length() > limits.MAX_NUMBER_BITS:
        raise ExpressionLimit(f"a number in {source!r} grows past {_limits().MAX_NUMBER_BITS} bits")
    if kind is str and len(value) > limits.MAX_STRING_CHARS:
        raise ExpressionLimit(f"a text in {source!r} grows past {_limits().MAX_STRING_CHARS:,} characters")
    return value


def _safe_pow(a: Any, b: Any) -> Any:
    if isinstance(b, int | float) and abs(b) > _limits().MAX_POWER_EXPONENT:
        raise ExpressionLimit(f"exponent {b} is above {_limits().MAX_POWER_EXPONENT}")
    if isinstance(a, int) and isinstance(b, int) and b > 0 and \
            a.bit_length() * b > _limits().MAX_NUMBER_BITS:
        raise ExpressionLimit(f"{a} ** {b} would exceed {_limits().MAX_NUMBER_BITS} bits")
    return a ** b


def _safe_mod(a: Any, b: Any) -> Any:
    if isinstance(a, str):  # printf formatting is not part of the language ('%0999999999d' % x)
        raise ExpressionLimit("text % value (printf formatting) is not allowed")
    return a % b


def _safe_shift(a: Any, b: Any) -> Any:
    if isinstance(b, int) and b > _limits().MAX_NUMBER_BITS:
        raise ExpressionLimit(f"shift by {b} is above {_limits().MAX_NUMBER_BITS} bits")
    return a << b


class Rows(list[dict[str, Any]]):
    """A table answer: a list of row dicts where `rows.col` is the list of that column's values."""

    def __getattr__(self, name: str) -> list[Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return [row.get(name) for row in self]


def _values(args: tuple[Any, ...]) -> list[Any]:
    items: Iterable[Any] = args[0] if len(args) == 1 and _iterable(args[0]) else args
    return [v for v in items if v is not None]


def _iterable(v: Any) -> bool:
    return isinstance(v, list | tuple | set | frozenset) or hasattr(v, "__next__")


def _sum(*args: Any) -> Any:
    return sum(_values(args), 0)


def _count(*args: Any) -> int:
    return len([v for v in _values(args) if v not in ("", [], False)])


def _min(*args: Any) -> Any:
    vals = _values(args)
    return min(vals) if vals else None


def _max(*args: Any) -> Any:
    vals = _values(args)
    return max(vals) if vals else None


def _round(x: float, digits: int = 0) -> float | int:
    """Half-up rounding (as Korean budget sheets do), not Python's banker's rounding."""
    q = Decimal(1).scaleb(-digits)
    r = Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)
    return int(r) if digits <= 0 else float(r)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date) -> int:
    """Length of the inclusive period start..end in months, a started month counting whole.

    2020-06-01..2020-09-30 is 4; 2020-06-15..2020-10-15 is 5 (one day past four months).
    """
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    months = max(months - 1, 0)
    while _add_months(start, months) - dt.timedelta(days=1) < end:
        months += 1
    return months


def age_on(birth: dt.date, on: dt.date) -> int:
    """Full years of age on a date (만 나이)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == ()


_DIGIT = re.compile(r"[0-9]")


def has_number(text: Any) -> bool | None:
    """Whether a free text states any figure (an Arabic digit): plans without numbers are vague.

    Unknown (None) for an unanswered text, so a rule over it does not fire before it is written."""
    if text is None:
        return None
    return _DIGIT.search(str(text)) is not None


def _prefixes(prefix: Any) -> tuple[str, ...]:
    items = prefix if isinstance(prefix, list | tuple) else (prefix,)
    return tuple(str(p) for p in items)


def startswith(text: Any, prefix: Any) -> bool | None:
    """Whether a text (a KSIC code, a number) begins with a prefix or any of a list of them;
    unknown while unanswered."""
    return None if text is None else str(text).strip().upper().startswith(
        tuple(p.upper() for p in _prefixes(prefix)))


def endswith(text: Any, suffix: Any) -> bool | None:
    return None if text is None else str(text).strip().upper().endswith(
        tuple(p.upper() for p in _prefixes(suffix)))


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def number(text: Any) -> int | float | None:
    """A number written as text ("1,200", " 35 "): unknown when it is not one, never a guess."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return text
    cleaned = str(text).replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned) if "." in cleaned else int(cleaned)


def text(value: Any) -> str | None:
    """A value as text (a whole float without its ".0"); unknown stays unknown."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def digits(value: Any) -> str | None:
    """Only the digits of a text ("124-81-00998" → "1248100998")."""
    return None if value is None else "".join(ch for ch in str(value) if ch.isdigit())


def band(table: Any, x: Any) -> Any:
    """The value of the band `x` falls in (a `settings` band table, with its stated boundary)."""
    if x is None or isinstance(x, bool) or not isinstance(x, int | float):
        return None
    if not isinstance(table, Bands):
        raise TypeError("band() needs a band table setting")
    return table.lookup(x)


def make_functions(today: dt.date) -> dict[str, Callable[..., Any]]:
    """The function table; `today` is injected so that validation is reproducible."""
    return {
        "sum": _sum, "count": _count, "min": _min, "max": _max, "round": _round,
        "floor": math.floor, "ceil": math.ceil, "abs": abs, "len": len,
        "any": lambda xs: any(x for x in xs if x is not None),
        "all": lambda xs: all(x for x in xs if x is not None),
        "today": lambda: today, "age_on": age_on, "months_between": months_between,
        "days_between": days_between, "add_months": _add_months, "date": _date,
        "empty": _empty, "brn_kind": brn_kind, "has_number": has_number,
        "startswith": startswith, "endswith": endswith, "number": number, "text": text,
        "digits": digits, "band": band,
    }


FUNCTION_NAMES = frozenset(make_functions(dt.date(2000, 1, 1)))
# Names every expression may use besides fields, computed values and settings: the edition's
# own dates (the local calendar day of `deadline`, and `opens`, unknown when the form has none)
# and `deadline_time`, the deadline's time of day in Korea as text ("15:00") for messages.
EDITION_NAMES = frozenset({"deadline", "opens", "deadline_time"})


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression
    names: frozenset[str] = field(default_factory=frozenset)

    def __hash__(self) -> int:
        return hash(self.source)


def compile_expr(source: str) -> Expression:
    """Parse and check the syntax; raises ExpressionError with a readable reason."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("expression is empty")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"syntax error in expression {source!r}: {exc.msg}") from None
    limits = _limits()
    if len(source) > limits.MAX_EXPR_CHARS:
        raise ExpressionLimit(f"expression longer than {limits.MAX_EXPR_CHARS} characters")
    nodes = list(ast.walk(tree))
    if len(nodes) > limits.MAX_EXPR_NODES:
        raise ExpressionLimit(f"expression {source[:60]!r}… has {len(nodes)} parts; at most "
                              f"{limits.MAX_EXPR_NODES}")
    for node in nodes:
        _check_at_load(node, source)
    for node in nodes:
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"{type(node).__name__} is not allowed in expression {source!r}")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise ExpressionError(f"only named functions can be called in {source!r}")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExpressionError(f"attribute {node.attr!r} is not allowed in {source!r}")
    return Expression(source, tree, frozenset(_free_names(tree)))


def _check_at_load(node: ast.AST, source: str) -> None:
    """What can be judged before running (`forms check`): constant exponents and shifts, printf
    formatting of a text, nested comprehensions or one over anything but a table."""
    limits = _limits()
    if isinstance(node, ast.BinOp):
        right = node.right.value if isinstance(node.right, ast.Constant) else None
        if isinstance(node.op, ast.Pow) and isinstance(right, int | float) and \
                abs(right) > limits.MAX_POWER_EXPONENT:
            raise ExpressionLimit(f"exponent {right} in {source!r} is above {limits.MAX_POWER_EXPONENT}")
        if isinstance(node.op, ast.LShift | ast.RShift) and isinstance(right, int) and \
                right > limits.MAX_NUMBER_BITS:
            raise ExpressionLimit(f"shift by {right} in {source!r} is above {limits.MAX_NUMBER_BITS}")
        if isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and \
                isinstance(node.left.value, str):
            raise ExpressionLimit(f"text % value (printf formatting) is not allowed in {source!r}")
    if isinstance(node, ast.ListComp | ast.GeneratorExp):
        if len(node.generators) != 1:
            raise ExpressionLimit(f"one 'for' per comprehension in {source!r}")
        inner = [n for n in ast.walk(node) if n is not node and isinstance(n, ast.ListComp | ast.GeneratorExp)]
        if inner:
            raise ExpressionLimit(f"nested comprehensions are not allowed in {source!r}")
        if not isinstance(node.generators[0].iter, ast.Name | ast.Attribute):
            raise ExpressionLimit(f"a comprehension may only go over a table or a list answer in {source!r}")


def _bound_names(tree: ast.AST) -> set[str]:
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension):
            for t in ast.walk(node.target):
                if isinstance(t, ast.Name):
                    bound.add(t.id)
    return bound


def _free_names(tree: ast.AST) -> set[str]:
    bound = _bound_names(tree)
    return {
        n.id for n in ast.walk(tree)
        if isinstance(n, ast.Name) and n.id not in bound and n.id not in FUNCTION_NAMES
    }


@dataclass(frozen=True)
class Scope:
    """What an expression may refer to: names → their table columns (None if not a table)."""

    names: Mapping[str, frozenset[str] | None]
    settings: frozenset[str]

    def with_row(self, columns: Iterable[str]) -> Scope:
        merged: dict[str, frozenset[str] | None] = dict(self.names)
        merged.update({c: None for c in columns})
        return Scope(merged, self.settings)


def check_names(expr: Expression, scope: Scope) -> list[str]:
    """Every problem with the names `expr` uses, as messages (empty when all is well)."""
    problems: list[str] = []
    row_vars: dict[str, frozenset[str] | None] = {}
    for node in ast.walk(expr.tree):
        if isinstance(node, ast.comprehension) and isinstance(node.target, ast.Name):
            it = node.iter
            row_vars[node.target.id] = scope.names.get(it.id) if isinstance(it, ast.Name) else None
    bound = _bound_names(expr.tree)
    for node in ast.walk(expr.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id not in FUNCTION_NAMES:
                problems.append(f"unknown function {node.func.id!r} in {expr.source!r}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            base = node.value.id
            if base == "settings":
                if node.attr not in scope.settings:
                    problems.append(f"unknown setting 'settings.{node.attr}' in {expr.source!r}")
                continue
            columns = row_vars.get(base) if base in bound else scope.names.get(base)
            if base in scope.names or base in row_vars:
                if columns is None and base not in row_vars:
                    problems.append(f"{base!r} is not a table; '{base}.{node.attr}' in {expr.source!r}")
                elif columns is not None and node.attr not in columns:
                    problems.append(f"table {base!r} has no column {node.attr!r} in {expr.source!r}")
    called = {n.func.id for n in ast.walk(expr.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    for name in sorted(expr.names):
        if name == "settings" or name in called:
            continue
        if name not in scope.names:
            problems.append(f"unknown name {name!r} in {expr.source!r}")
    return problems


_SHALLOW = frozenset({str, int, float, bool, type(None), list, dict, tuple, Decimal, dt.date, Bands})


class _Eval(simpleeval.EvalWithCompoundTypes):  # type: ignore[misc]
    """simpleeval re-checks every intermediate result, walking whole lists and dicts (a table
    answer, once per reference: a third of a validation). Containers here hold answers (JSON
    values) or results each checked when evaluated, so a container is not walked again;
    anything else (a callable, a module) still gets simpleeval's full check."""

    steps = 0
    source = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base: dict[Any, Any] = dict(simpleeval.DEFAULT_OPERATORS)
        self.operators = {**base, ast.Pow: _safe_pow, ast.Mod: _safe_mod,
                          ast.LShift: _safe_shift}

    def _check_disallowed_items(self, item: Any) -> None:
        if type(item) in _SHALLOW:
            return
        super()._check_disallowed_items(item)

    def _eval(self, node: ast.AST) -> Any:
        """Every step counted and every value bounded (desktop_app/limits.py), at evaluation always."""
        self.steps += 1
        if self.steps > limits.MAX_EVAL_STEPS:
            raise ExpressionLimit(f"{self.source!r} takes more than {_limits().MAX_EVAL_STEPS:,} steps")
        return _check_number(super()._eval(node), self.source)


_MISSING = object()
# An expression is a pure function of its inputs, the day and the edition's settings: a batch
# of 50,000 applications (and an editor revalidating on every key) asks the same questions of
# the same plain values again and again. Results of plain types only (never a list to mutate).
_MEMO_TYPES = frozenset({str, int, float, bool, type(None), dt.date, Decimal})
_MEMO: dict[tuple[Any, ...], Any] = {}
_MEMO_MAX = 200_000


@cache
def _ordered_names(expr: Expression) -> tuple[str, ...]:
    return tuple(sorted(n for n in expr.names if n != "settings"))


class Evaluator:
    """Evaluates compiled expressions over a name table; failures become UNKNOWN (None).
    Results over plain inputs are remembered across runs (`_MEMO`, keyed by the expression,
    its inputs, the day, the settings and the limits)."""

    @property
    def settings(self) -> dict[str, Any]:
        """Put this (the same object) under "settings" in a scope to spare a copy per call."""
        return self._settings

    def __init__(self, today: dt.date, settings: Mapping[str, Any]) -> None:
        self._functions = make_functions(today)
        self._settings = dict(settings)
        # one simpleeval instance for every expression of this run: building one per call was
        # a quarter of a whole validation (≈140 expressions an application, issue 18)
        self._ev = _Eval(names={}, functions=self._functions)
        # what a result depends on besides its inputs: the day, the edition's settings, limits
        self._space = (today, repr(sorted(self._settings.items())), limits.MAX_EVAL_STEPS,
                       limits.MAX_NUMBER_BITS, limits.MAX_STRING_CHARS, limits.MAX_POWER_EXPONENT)

    def evaluate(self, expr: Expression, names: Mapping[str, Any]) -> Any:
        key = self._memo_key(expr, names)
        if key is not None:
            found = _MEMO.get(key, _MISSING)
            if found is not _MISSING:
                return found
        # a scope that holds this run's settings already is used as it is: copying the whole
        # scope for each of ~100 evaluations an application was a tenth of a batch check
        table = names if names.get("settings") is self._settings else {**names, "settings": self._settings}
        ev = self._ev
        ev.names = table
        ev.steps, ev.source = 0, expr.source
        try:
            result = ev.eval(expr.source.strip(), previously_parsed=expr.tree.body)
        except ExpressionLimit:
            raise  # said, not swallowed as UNKNOWN
        except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError,
                simpleeval.InvalidExpression):
            result = None
        if key is not None and type(result) in _MEMO_TYPES:
            if len(_MEMO) >= _MEMO_MAX:
                _MEMO.clear()
            _MEMO[key] = result
        return result

    def _memo_key(self, expr: Expression, names: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The expression, this run's space and its inputs — when every input is a plain value
        (a table's rows are not: such an expression is always evaluated)."""
        inputs: list[Any] = []
        for name in _ordered_names(expr):
            value = names.get(name, _MISSING)
            kind = type(value)
            if kind not in _MEMO_TYPES and value is not _MISSING:
                return None
            inputs.append((kind, value))
        return (self._space, expr.source, *inputs)

    def truth(self, expr: Expression, names: Mapping[str, Any], *, skip_unknown: bool) -> bool:
        """Truth of a condition; with skip_unknown, any unknown input makes it false."""
        if skip_unknown and any(names.get(n) is None for n in expr.names if n != "settings"):
            return False
        return bool(self.evaluate(expr, names))
