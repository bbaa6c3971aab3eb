"""Where each `fill:` entry of a form points in a template: the one resolution used by
`forms check` (to refuse a bad mapping with file:line) and by the fill (to write)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.forms.template_model import FillEntry
from desktop_app.hwpx.template import Cell, TemplateIndex, normalise


@dataclass(frozen=True)
class RowsTarget:
    """A repeating table: `template_row` (1-based) is cloned per answer row."""

    table: int
    template_row: int
    columns: dict[str, int]   # column id → 1-based grid column

    def cells(self) -> list[tuple[int, int, int]]:
        return [(self.table, self.template_row, c) for c in self.columns.values()]


Resolved = Cell | RowsTarget


def _where(cells: list[Cell]) -> str:
    shown = ", ".join(c.address for c in cells[:3])
    return shown + (" …" if len(cells) > 3 else "")


def _label_cell(entry: FillEntry, index: TemplateIndex) -> tuple[Cell | None, str | None]:
    assert entry.label is not None
    found = index.by_label(entry.label)
    name = index.template.name
    if not found:
        return None, f"label {entry.label!r} is not in template {name} (normalised {normalise(entry.label)!r})"
    if entry.occurrence is None and len(found) > 1:
        return None, (f"label {entry.label!r} appears {len(found)} times in {name} ({_where(found)}); "
                      "add occurrence: N to choose one")
    nth = entry.occurrence or 1
    if nth > len(found):
        return None, f"label {entry.label!r} appears only {len(found)} time(s) in {name}, not {nth}"
    return found[nth - 1], None


def resolve(entry: FillEntry, index: TemplateIndex) -> tuple[Resolved | None, str | None]:
    """The cell (or repeating row) an entry fills, or why there is none."""
    if entry.rows is not None:
        return _rows(entry, index)
    if entry.label is not None:
        label, problem = _label_cell(entry, index)
        if label is None:
            return None, problem
        target = index.beside(label, entry.side)
        if target is None:
            return None, f"no cell {entry.side} of label {entry.label!r} ({label.address})"
        return target, None
    assert entry.table is not None and entry.row is not None and entry.column is not None
    cell = index.at(entry.table, entry.row, entry.column)
    if cell is None:
        return None, f"no cell at {entry.where()} in {index.template.name}"
    return cell, None


def _rows(entry: FillEntry, index: TemplateIndex) -> tuple[RowsTarget | None, str | None]:
    if entry.label is not None:
        header, problem = _label_cell(entry, index)
        if header is None:
            return None, problem
        table, header_row, row = header.table, header.row, header.row + header.rowspan
    else:
        assert entry.table is not None and entry.row is not None
        table, header_row, row = entry.table, entry.row - 1, entry.row
    if not 0 < row <= index.table_rows(table):
        return None, f"table {table} has no row {row} to repeat (below the header)"
    columns: dict[str, int] = {}
    for col_id, where in entry.columns.items():
        if isinstance(where, int):
            cell = index.at(table, row, where)
            if cell is None:
                return None, f"columns.{col_id}: table {table} has no column {where}"
            columns[col_id] = cell.column
            continue
        heads = [c for c in index.cells if c.table == table and c.row <= header_row < c.row + c.rowspan
                 and c.key == normalise(where)]
        if len(heads) != 1:
            what = "is not" if not heads else f"appears {len(heads)} times"
            return None, f"columns.{col_id}: header {where!r} {what} in the header row of table {table}"
        columns[col_id] = heads[0].column
    return RowsTarget(table, row, columns), None


def target_keys(resolved: Resolved) -> list[tuple[int, int, int]]:
    """The (table, row, column) positions an entry writes, to find two entries writing one cell."""
    if isinstance(resolved, RowsTarget):
        return resolved.cells()
    return [(resolved.table, resolved.row, resolved.column)]
