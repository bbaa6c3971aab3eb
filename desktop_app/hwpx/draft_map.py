"""`forms map-template`: a first `fill:` block for a template, from the form's own labels.

Label cells are matched to field labels compared loosely (spaces, bullets, a trailing colon and
parenthesised units do not count); the answer goes into the empty cell to the right, else the
empty cell below. A table field maps to the row under the header row whose cells carry most of
its column labels; a 합계/계 cell beside it takes the form's sum of that table. What could not
be placed is listed for the author: label cells no field claims, required fields with no cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from desktop_app.forms.kinds import kind_of
from desktop_app.forms.model import FieldDef, FormDefinition
from desktop_app.hwpx.template import Cell, TemplateIndex, loose, normalise

TOTAL_LABELS = frozenset({"합계", "계", "총계", "소계"})


@dataclass
class Draft:
    entries: list[dict[str, Any]] = field(default_factory=list)
    unplaced_cells: list[Cell] = field(default_factory=list)
    missing_required: list[FieldDef] = field(default_factory=list)


def _occurrence(index: TemplateIndex, cell: Cell) -> int | None:
    same = index.by_label(cell.text)
    return same.index(cell) + 1 if len(same) > 1 else None


def _place(index: TemplateIndex, cell: Cell, used: set[Cell]) -> tuple[str, Cell] | None:
    for side in ("right", "below"):
        target = index.beside(cell, side)
        if target is not None and not target.text.strip() and target not in used:
            return side, target
    return None


def _label_entry(index: TemplateIndex, cell: Cell, side: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"label": cell.text.strip()}
    nth = _occurrence(index, cell)
    if nth:
        entry["occurrence"] = nth
    if side != "right":
        entry["side"] = side
    return entry


def _header_row(index: TemplateIndex, table: FieldDef, claimed: set[str],
                used: set[Cell]) -> tuple[list[Cell], dict[str, Cell]] | None:
    """The header cells (in one table row) naming the most unclaimed columns of `table`, at least
    half of them (a wide table may be split over several template tables)."""
    best: tuple[int, list[Cell], dict[str, Cell]] | None = None
    remaining = [col for col in table.columns if col.id not in claimed]
    rows: dict[tuple[int, int], list[Cell]] = {}
    for c in index.cells:
        rows.setdefault((c.table, c.row), []).append(c)
    for (_t, _r), cells in sorted(rows.items()):
        if any(c in used for c in cells):
            continue
        matched: dict[str, Cell] = {}
        for col in remaining:
            hit = next((c for c in cells if loose(c.text) == loose(col.label.ko) and c not in matched.values()), None)
            if hit:
                matched[col.id] = hit
        enough = len(matched) >= min(2, len(remaining)) and 2 * len(matched) >= len(remaining)
        if matched and enough and (best is None or len(matched) > best[0]):
            best = (len(matched), cells, matched)
    return (best[1], best[2]) if best else None


def draft_mapping(form: FormDefinition, index: TemplateIndex) -> Draft:
    draft = Draft()
    used: set[Cell] = set()      # cells claimed as labels, headers or targets
    by_loose: dict[str, list[Cell]] = {}
    for c in index.cells:
        if c.text.strip():
            by_loose.setdefault(loose(c.text), []).append(c)
    for f in form.fields.values():
        if f.kind.has_columns:
            _table(form, index, f, draft, used)
            continue
        candidates = [c for c in by_loose.get(loose(f.label.ko), []) if c not in used]
        placed = next(((c, p) for c in candidates if (p := _place(index, c, used))), None)
        if placed is None:
            if f.required is not False:
                draft.missing_required.append(f)
            continue
        cell, (side, target) = placed
        used |= {cell, target}
        draft.entries.append({**_label_entry(index, cell, side), "field": f.id})
    draft.unplaced_cells = [c for c in index.cells if c.text.strip() and c not in used
                            and normalise(c.text) not in TOTAL_LABELS]
    return draft


def _table(form: FormDefinition, index: TemplateIndex, f: FieldDef, draft: Draft, used: set[Cell]) -> None:
    claimed: set[str] = set()
    while len(claimed) < len(f.columns):
        found = _header_row(index, f, claimed, used)
        if found is None:
            break
        claimed |= set(found[1])
        _table_part(form, index, f, found, draft, used)
    if not claimed and f.required is not False:
        draft.missing_required.append(f)


def _table_part(form: FormDefinition, index: TemplateIndex, f: FieldDef,
                found: tuple[list[Cell], dict[str, Cell]], draft: Draft, used: set[Cell]) -> None:
    cells, matched = found
    first = min(matched.values(), key=lambda c: c.column)
    entry: dict[str, Any] = {"label": first.text.strip()}
    nth = _occurrence(index, first)
    if nth:
        entry["occurrence"] = nth
    entry["rows"] = f.id
    entry["columns"] = {col: cell.text.strip() for col, cell in matched.items()}
    draft.entries.append(entry)
    used |= set(cells)
    template_row = first.row + first.rowspan
    total = next((c for c in index.cells if c.table == first.table and c.row > template_row
                  and normalise(c.text) in TOTAL_LABELS), None)
    comp = next((c for c in form.computed if kind_of(c.type).currency and "sum(" in c.expr and f.id in c.expr), None)
    if total is not None and comp is not None:
        target = index.beside(total, "right")
        if target is not None and not target.text.strip():
            used |= {total, target}
            draft.entries.append({**_label_entry(index, total, "right"), "computed": comp.id})


def render_yaml(form: FormDefinition, draft: Draft, template_file: str, *, template_id: str = "application") -> str:
    """The `templates:` block to paste into the definition, with what is left as comments."""
    lines = [
        f"# Draft mapping of {template_file} for {form.key} by 'voucher-desk forms map-template'.",
        "# Review every entry against the template before committing it.",
        "templates:",
        f"  - id: {template_id}",
        f"    file: {template_file}",
        "    title: " + yaml.safe_dump({"ko": f"{form.title.ko} 서식", "en": f"{form.title.en} (form)"},
                                   default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000).strip(),
        "    fill:",
    ]
    for entry in draft.entries:
        flow = yaml.safe_dump(entry, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000)
        lines.append(f"      - {flow.strip()}")
    if draft.unplaced_cells:
        lines.append("# Label cells no field claims (map them by hand, or leave them as printed text):")
        lines += [f"#   {c.address}: {c.text.strip()!r}" for c in draft.unplaced_cells]
    if draft.missing_required:
        lines.append("# Required fields with no cell in the template:")
        lines += [f"#   {f.id}: {f.label.ko}" for f in draft.missing_required]
    return "\n".join(lines) + "\n"
