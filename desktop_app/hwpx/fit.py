"""Whether each answer fits the space its cell gives, and how many pages the result takes.

Lines needed are measured with the PDF's own line breaker and the bundled Korean font
(desktop_app/pdf/linebreak.py, NanumGothic metrics; Hancom's 함초롬바탕 is close but not equal,
so a text within a few characters of the edge may differ by a line). Lines available are the
cell's stored height less its margins over the line height (font size × line spacing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.hwpx.template import Cell, TemplateIndex

HWPUNIT_PER_PT = 100


@dataclass(frozen=True)
class Fit:
    path: str
    cell: Cell
    needed: int
    available: int

    @property
    def overflows(self) -> bool:
        return self.needed > self.available


def _font() -> str:
    from desktop_app.pdf.fonts import register_fonts

    return register_fonts().regular


def text_lines(text: str, width: int, size_pt: float) -> int:
    """Lines `text` takes at `width` HWPUNIT in a `size_pt` font (an empty paragraph is a line)."""
    from desktop_app.pdf.linebreak import break_lines

    font = _font()
    width_pt = max(width / HWPUNIT_PER_PT, size_pt)
    return sum(max(1, len(break_lines(par, font, size_pt, width_pt))) for par in (text or "").split("\n"))


def line_height(index: TemplateIndex, cell: Cell) -> int:
    size = index.font_sizes.get(cell.char_pr, 10.0)
    return round(size * index.line_spacing.get(cell.para_pr, 1.6) * HWPUNIT_PER_PT)


def cell_fit(index: TemplateIndex, path: str, cell: Cell, text: str) -> Fit:
    left, right, top, bottom = cell.margins
    size = index.font_sizes.get(cell.char_pr, 10.0)
    needed = text_lines(text, cell.width - left - right, size)
    available = max(1, (cell.height - top - bottom) // max(line_height(index, cell), 1))
    return Fit(path, cell, needed, available)


def fits(index: TemplateIndex, filled: Iterable[Any]) -> list[Fit]:
    """The fit of every written cell (`FilledCell`s of a fill) in the template's own space.

    Cells of a repeating table are left out: their row is cloned and grows with its answer by
    design (what it costs shows in the page count), while a single cell's space is what the
    agency gave that answer."""
    return [cell_fit(index, f.path, f.cell, f.text) for f in filled if "[" not in f.path]
