"""Row heights as Hancom lays them out, and an estimate of the page count.

Hancom grows a table row until its text fits. A filled document keeps the template's heights
unless we grow them too, and a viewer that draws the stored sizes (rhwp, previews) then draws
text over the next row; so after a fill every row is made as high as its tallest cell needs.
The page estimate stacks text lines and table rows on the page body of the first section: a
flowing table breaks between rows, one laid out as a character moves whole to the next page;
explicit page breaks start a new page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.hwpx.fit import HWPUNIT_PER_PT, line_height, text_lines
from desktop_app.hwpx.template import Cell, TemplateIndex, normalise, table_cells


def _row_heights(index: TemplateIndex, cells: list[Cell], rows: int) -> list[int]:
    heights = [0] * rows
    for c in cells:
        left, right, top, bottom = c.margins
        lines = text_lines(c.text, c.width - left - right, index.font_sizes.get(c.char_pr, 10.0)) if c.text else 1
        need = lines * line_height(index, c) + top + bottom
        share = max(c.height, need) if c.rowspan == 1 else max(c.height, need) // c.rowspan
        for r in range(c.row - 1, min(c.row - 1 + c.rowspan, rows)):
            heights[r] = max(heights[r], share)
    return heights


def grow_rows(index: TemplateIndex, table: Any, number: int) -> list[int]:
    """Make every row of `table` as high as its content needs; returns the row heights.

    A table laid out as a character (`treatAsChar`) never breaks across pages in Hancom: one that
    grew taller than the page body would be cut off at the paper's edge, so it is made to flow
    (broken between rows), as python-hwpx does for a new table of that height."""
    cells = table_cells(table, number)
    heights = _row_heights(index, cells, table.row_count)
    for c in cells:
        if c.rowspan == 1 and heights[c.row - 1] > c.height:
            table.cell(c.row - 1, c.column - 1).set_size(height=heights[c.row - 1])
    size = table.element.find(f"{{{table.element.nsmap['hp']}}}sz")
    if size is not None and sum(heights) > int(size.get("height", "0")):
        size.set("height", str(sum(heights)))
    if table.treat_as_char and sum(heights) > index.geometry.body_height:
        table.set_treat_as_char(False)
    return heights


@dataclass(frozen=True)
class PageEstimate:
    pages: int
    plan_start_page: int | None   # page where the plan heading stands, None without one

    @property
    def plan_pages(self) -> int:
        return self.pages - (self.plan_start_page or 1) + 1


def estimate_pages(index: TemplateIndex, doc: Any, plan_heading: str | None = None) -> PageEstimate:
    body = index.geometry.body_height
    width = index.geometry.body_width
    page, used, start = 1, 0, None
    tables = {id(t.element): n for n, t in enumerate(doc.tables.all, start=1)}

    def place(height: int) -> None:
        nonlocal page, used
        if used and used + height > body:
            page, used = page + 1, 0
        used += height
        while used > body:
            page, used = page + 1, used - body

    for p in doc.paragraphs:
        if p.element.get("pageBreak") == "1" and used:
            page, used = page + 1, 0
        if plan_heading and start is None and p.text and normalise(p.text) == normalise(plan_heading):
            start = page
        own = p.tables
        if own:
            for t in own:
                rows = _row_heights(index, table_cells(t, tables.get(id(t.element), 0)), t.row_count)
                for h in ([sum(rows)] if t.treat_as_char else rows):  # an inline table never breaks
                    place(h)
            continue
        char = next((r.char_pr_id_ref for r in p.runs if r.char_pr_id_ref), "0")
        size = index.font_sizes.get(str(char), 10.0)
        line = int(size * index.line_spacing.get(p.element.get("paraPrIDRef", "0"), 1.6) * HWPUNIT_PER_PT)
        for _ in range(text_lines(p.text or "", width, size)):
            place(line)
    return PageEstimate(page, start if plan_heading else None)
