"""Fill a template with one application's answers: the agency's 서식, its answers in their cells.

Scalar cells are written first, at the addresses the template has; then each repeating table
row is cloned once per answer row, lowest row first from the bottom of each table, so that no
clone moves a cell still to be written. python-hwpx drops each changed paragraph's line-layout
cache (`linesegarray`), so Hancom lays the new text out instead of drawing stale lines over it;
`tests/test_hwpx_fill.py` checks that it did. Element ids come from the input (ids.py): the same
input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.forms.template_model import FillEntry, TemplateDef
from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.hwpx.ids import deterministic_ids
from desktop_app.hwpx.layout import PageEstimate, estimate_pages, grow_rows
from desktop_app.hwpx.mapping import RowsTarget, resolve
from desktop_app.hwpx.package import TemplateBytes
from desktop_app.hwpx.template import Cell, TemplateIndex, open_document
from desktop_app.hwpx.values import Answers

HWPUNIT_PER_MM = 7200 / 25.4
SEAL_MAX_MM = 30.0


@dataclass(frozen=True)
class FilledCell:
    """One written cell: the answer's path (to jump to), the template cell (its space) and the text."""

    path: str
    cell: Cell
    text: str


@dataclass
class FillOutcome:
    data: bytes
    cells: list[FilledCell] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)     # table field → rows written
    images: list[str] = field(default_factory=list)        # field ids whose image is embedded
    draft: bool = False
    pages: PageEstimate | None = None


def _entry_path(entry: FillEntry) -> str:
    return entry.field or entry.computed or (f"settings.{entry.setting}" if entry.setting else "") or ""


def fill(template: TemplateBytes, tpl: TemplateDef, answers: Answers, *, draft_note: str | None = None,
         image_file: Callable[[str], Path] = Path) -> FillOutcome:
    """The filled document's bytes; `draft_note` (while errors remain) goes into the page header."""
    seed = hashlib.sha256(template.data).digest() + repr((answers.form.key, answers.result.values,
                                                          answers.result.computed, draft_note)).encode()
    with deterministic_ids(seed):
        doc = open_document(template)
        index = TemplateIndex(template, doc)
        outcome = FillOutcome(b"", draft=draft_note is not None)
        rows: list[tuple[FillEntry, RowsTarget]] = []
        for entry in tpl.fill:
            target, problem = resolve(entry, index)
            if target is None:
                raise TemplateRefused("mapping", f"{template.name}: {problem}", f"{template.name}: {problem}")
            if isinstance(target, RowsTarget):
                rows.append((entry, target))
            else:
                _scalar(doc, index, entry, target, answers, outcome, image_file)
        for entry, target in sorted(rows, key=lambda r: (r[1].table, -r[1].template_row)):
            _rows(index, entry, target, answers, outcome)
        for number, table in enumerate(index.tables, start=1):
            grow_rows(index, table, number)
        outcome.pages = estimate_pages(index, doc, tpl.plan_heading)
        if draft_note:
            doc.page.set_header(text=draft_note)
        out = io.BytesIO()
        doc.save_to_stream(out)
        outcome.data = out.getvalue()
    return outcome


def _doc_cell(index: TemplateIndex, cell: Cell) -> Any:
    return index.tables[cell.table - 1].cell(cell.row - 1, cell.column - 1)


def _scalar(doc: Any, index: TemplateIndex, entry: FillEntry, cell: Cell, answers: Answers,
            outcome: FillOutcome, image_file: Callable[[str], Path]) -> None:
    f = answers.form.fields.get(entry.field or "")
    if f is not None and f.kind.holds_file:
        value = answers.visible(f.id)
        if value and _embed(doc, _doc_cell(index, cell), cell, image_file(str(value))):
            outcome.images.append(f.id)
        return
    text = answers.text_of(entry)
    _doc_cell(index, cell).set_text(text, split_paragraphs=True)
    outcome.cells.append(FilledCell(_entry_path(entry), cell, text))


def _rows(index: TemplateIndex, entry: FillEntry, target: RowsTarget, answers: Answers,
          outcome: FillOutcome) -> None:
    assert entry.rows is not None
    rows = answers.rows(entry.rows)
    table = index.tables[target.table - 1]
    if len(rows) > 1:
        table.insert_rows(target.template_row - 1, count=len(rows) - 1, side="below", blank=True)
    for k, row in enumerate(rows):
        for column, grid_col in target.columns.items():
            text = answers.cell_text(entry.rows, column, row)
            table.cell(target.template_row - 1 + k, grid_col - 1).set_text(text, split_paragraphs=True)
            template_cell = index.at(target.table, target.template_row, grid_col)
            assert template_cell is not None
            outcome.cells.append(FilledCell(f"{entry.rows}[{k}].{column}", template_cell, text))
    outcome.rows[entry.rows] = len(rows)


def _embed(doc: Any, doc_cell: Any, cell: Cell, path: Path) -> bool:
    """The seal or signature into its cell, scaled to fit (at most 30 mm), aspect kept."""
    try:
        data = path.read_bytes()
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            width_px, height_px = im.size
            fmt = (im.format or "").lower()
    except (OSError, ValueError):
        return False
    if fmt not in ("png", "jpeg"):
        return False
    left, right, _top, _bottom = cell.margins
    max_w = min(cell.width - left - right, int(SEAL_MAX_MM * HWPUNIT_PER_MM))
    max_h = int(SEAL_MAX_MM * HWPUNIT_PER_MM)
    scale = min(max_w / width_px, max_h / height_px)
    item = doc.media.add_image(data, "jpg" if fmt == "jpeg" else "png")
    doc_cell.set_text("", split_paragraphs=True)
    doc_cell.paragraphs[0].add_picture(str(item), width=max(int(width_px * scale), 1),
                                       height=max(int(height_px * scale), 1))
    return True
