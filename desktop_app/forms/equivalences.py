"""Cross-programme field equivalences (forms/shared/equivalences.yaml): data, read strictly.

`project_name` of the data voucher means `project_title` of the AI voucher; the answer-mapping
policy (forms/mapping.py) tries these after the migrations, the same id and the same profile
key. `check_against` (run by `forms check`) makes sure every id names a field (and column) of
a shipped form of that programme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.forms import datafile
from desktop_app.forms.errors import FormDefinitionError

if TYPE_CHECKING:
    from desktop_app.forms.mapping import Equivalence
    from desktop_app.forms.model import FormDefinition

FILE = Path("shared") / "equivalences.yaml"
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_FORM_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def _ident(v: Any) -> bool:
    """expected a field id in lower_snake_case"""
    return isinstance(v, str) and bool(_IDENT.match(v))


def _form_id(v: Any) -> bool:
    """expected a programme id such as data-voucher"""
    return isinstance(v, str) and bool(_FORM_ID.match(v))


def _columns(v: Any) -> bool:
    """expected a mapping of source column id to target column id"""
    return isinstance(v, dict) and bool(v) and all(_ident(k) and _ident(c) for k, c in v.items())


def parse(path: Path) -> tuple[Equivalence, ...]:
    """Every declared equivalence; all problems raised together, each `file:line: path: …`."""
    from desktop_app.forms.mapping import Equivalence

    src, r = datafile.read(path)
    top = r.mapping(src.data, (), {"equivalences": lambda v: isinstance(v, list) and bool(v)}, {}, "the file")
    out: list[Equivalence] = []
    seen: dict[tuple[str, str | None, str | None], int] = {}
    for k, item in enumerate(top.get("equivalences") or [] if top else []):
        where = ("equivalences", k)
        entry = r.mapping(item, where, {"from": _ident, "to": _ident},
                          {"from_form": _form_id, "to_form": _form_id, "columns": _columns,
                           "source": datafile.is_str}, "an equivalence")
        if entry is None or not (_ident(entry.get("from")) and _ident(entry.get("to"))):
            continue
        key = (entry["from"], entry.get("from_form"), entry.get("to_form"))
        if key in seen:
            r.problem(where, f"{entry['from']!r} is declared twice for these programmes "
                             f"(also equivalences[{seen[key]}])")
        seen[key] = k
        out.append(Equivalence(entry["from"], entry["to"], entry.get("from_form"), entry.get("to_form"),
                               str(entry.get("source") or ""), tuple(sorted((entry.get("columns") or {}).items()))))
    r.raise_if_any()
    return tuple(out)


def check_against(path: Path, forms: Iterable[FormDefinition]) -> None:
    """Every `from`/`to` (and column) names a field of a shipped form of its programme."""
    from desktop_app.forms.yamlsrc import Problem, read_yaml

    forms = list(forms)
    found = parse(path)
    src, _ = read_yaml(path.read_text(encoding="utf-8"), str(path))
    problems: list[Problem] = []

    def where(k: int, key: str) -> int:
        return src.line_of(("equivalences", k, key))

    for k, eq in enumerate(found):
        for side, field_id, programme in (("from", eq.source, eq.source_form), ("to", eq.target, eq.target_form)):
            holders = [f for f in forms if programme in (None, f.id) and field_id in f.fields]
            if programme is not None and not any(f.id == programme for f in forms):
                problems.append(Problem(str(path), where(k, f"{side}_form"), f"equivalences[{k}].{side}_form",
                                        f"no shipped form of programme {programme!r}"))
            elif not holders:
                problems.append(Problem(str(path), where(k, side), f"equivalences[{k}].{side}",
                                        f"no shipped form{' of ' + programme if programme else ''} has a "
                                        f"field {field_id!r}"))
            for source_col, target_col in eq.columns:
                col = source_col if side == "from" else target_col
                if holders and not any(col in f.fields[field_id].column_map for f in holders):
                    problems.append(Problem(str(path), where(k, "columns"), f"equivalences[{k}].columns",
                                            f"{field_id!r} has no column {col!r}"))
    if problems:
        raise FormDefinitionError(problems)


def equivalences_file(forms_dir: Path | None = None) -> Path:
    from desktop_app import paths

    return (forms_dir or paths.forms_dir()) / FILE


@cache
def shipped() -> tuple[Equivalence, ...]:
    """The shipped declarations (read once per process)."""
    return parse(equivalences_file())
