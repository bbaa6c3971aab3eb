"""Tables whose rows may run over pages: every text line of a cell is a table row of its own.

A tall logical row (a field's label and answer, a row of a table answer) becomes as many table
rows as its tallest cell has lines, drawn without rules between them, so that it reads as one
cell and a page break can fall between any two of its lines. reportlab then only ever splits a table
between rows, which it does exactly; its split *inside* a row (splitInRow) misjudges heights,
leaves slivers, and fails outright for some heights (LayoutError).

Where a table runs over a page, the part on the next page starts with the continuation header
(e.g. "세부 산출 내역 (계속)") instead of the header, and a logical row cut by the page break
shows its label again, marked "(계속)", in the first column (FlowTable.split).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop_app.pdf import styles as st
from desktop_app.pdf.fonts import FontSet

Cell = Sequence[Flowable]  # the lines of a cell, top to bottom (an image is one "line")
StyleCmd = tuple[Any, ...]
SPLIT_HEIGHT = 0.4 * (st.PAGE_SIZE[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM)
_KEEP_WHOLE = 4  # a logical row of up to this many lines never splits
_PAD_TOP, _PAD_BOTTOM = 3, 4


@dataclass
class LineTable:
    widths: Sequence[float]
    fonts: FontSet
    label_column: bool = False  # shade column 0 (label/value grids)
    header: list[list[Any]] = field(default_factory=list)  # rows repeated on every page
    header_style: list[StyleCmd] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    style: list[StyleCmd] = field(default_factory=list)
    continued_header: list[list[Any]] | None = None  # the header on the pages after the first
    continued: list[Cell | None] = field(default_factory=list)  # per body row: column 0 when cut

    def add(self, cells: Sequence[Cell], *, by_line: bool | None = None,
            continued: Cell | None = None) -> None:
        """One logical row; cells are given as their lines. A row taller than SPLIT_HEIGHT (or
        any row, with by_line=True) gets a table row per line and may run over pages; a
        shorter one stays one table row, moved whole to the next page when it does not fit
        (text extraction then reads each of its cells whole, not line by line across cells)."""
        height = max((len(c) for c in cells), default=0) or 1
        start = len(self.header) + len(self.rows)
        if by_line is None:
            by_line = max(self._height(c, w) for c, w in zip(cells, self.widths, strict=True)
                          ) > SPLIT_HEIGHT
        if not by_line:
            self.rows.append([list(c) if c else "" for c in cells])
            self.continued.append(None)
            height = 1
        else:
            for k in range(height):
                self.rows.append([c[k] if k < len(c) else "" for c in cells])
                self.continued.append(continued if k else None)
        end = start + height - 1
        self.style += [
            ("TOPPADDING", (0, start), (-1, start), _PAD_TOP),
            ("BOTTOMPADDING", (0, end), (-1, end), _PAD_BOTTOM),
            ("LINEBELOW", (0, end), (-1, end), st.GRID_WIDTH, st.GRID),
        ]
        if height <= _KEEP_WHOLE:
            if height > 1:
                self.style.append(("NOSPLIT", (0, start), (-1, end)))
        else:  # no single line left behind or carried over
            self.style += [("NOSPLIT", (0, start), (-1, start + 1)),
                           ("NOSPLIT", (0, end - 1), (-1, end))]

    @staticmethod
    def _height(cell: Cell, width: float) -> float:
        inner = width - 2 * st.CELL_PAD
        return float(sum(f.wrap(inner, st.PAGE_SIZE[1])[1] + f.getSpaceBefore()
                         + f.getSpaceAfter() for f in cell))

    def add_spanning(self, cell: Cell) -> None:
        """A row with one cell across all columns (a note such as "no rows")."""
        start = len(self.header) + len(self.rows)
        self.add([cell, *([[]] * (len(self.widths) - 1))], by_line=True)
        end = len(self.header) + len(self.rows) - 1
        for r in range(start, end + 1):
            self.style.append(("SPAN", (0, r), (-1, r)))

    def build(self) -> Table:
        first_body = len(self.header)
        style: list[StyleCmd] = [
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, st.BODY_SIZE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), st.CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), st.CELL_PAD),
            ("TOPPADDING", (0, first_body), (-1, -1), 0),
            ("BOTTOMPADDING", (0, first_body), (-1, -1), 0),
            *self.header_style,
        ]
        if self.rows:
            if self.label_column:
                style.append(("BACKGROUND", (0, first_body), (0, -1), st.LABEL_FILL))
            style.append(("LINEAFTER", (0, first_body), (-2, -1), st.GRID_WIDTH, st.GRID))
        style += self.style
        style.append(("BOX", (0, 0), (-1, -1), st.OUTER_WIDTH, st.GRID))
        table = FlowTable(self.header + self.rows, colWidths=list(self.widths),
                          repeatRows=len(self.header), splitByRow=1, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        table.continued_header = self.continued_header
        table.continued = [*([None] * len(self.header)), *self.continued]
        return table


class FlowTable(Table):  # type: ignore[misc]
    """A Table whose continuation parts say so: the continued header replaces the repeated
    header, and a row cut inside gets its continuation label in column 0."""

    continued_header: list[list[Any]] | None = None
    continued: list[Cell | None] = []  # noqa: RUF012 - set per instance in build() and split()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) != 2 or not isinstance(parts[1], FlowTable):
            return parts
        first, rest = parts
        cut = len(first._cellvalues)
        repeat = int(self.repeatRows)
        first.continued_header = rest.continued_header = self.continued_header
        first.continued = self.continued[:cut]
        rest.continued = self.continued[:repeat] + self.continued[cut:]
        if self.continued_header:
            for k, row in enumerate(self.continued_header[:repeat]):
                rest._cellvalues[k] = list(row)
                rest._argH[k] = None  # measured again: the text differs
        if repeat < len(rest._cellvalues):
            label = rest.continued[repeat]
            if label is not None:
                rest._cellvalues[repeat][0] = list(label)
                rest._argH[repeat] = None
        return parts
