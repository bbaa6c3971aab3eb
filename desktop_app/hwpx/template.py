"""A template's cells, found by label text or by address, and the space each one gives.

The index covers the cells of top-level tables (document order, 1-based table numbers, grid rows
and columns 1-based as a form author counts them). Labels are compared normalised: Unicode NFKC,
no whitespace, no leading bullet or reference mark, no trailing colon.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml import etree

from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.hwpx.package import TemplateBytes

_BULLETS = "○●◎■□◆◇▶▷▪•·※*-–—☐☑"
_PARENS = re.compile(r"\([^)]*\)|\[[^]]*\]|<[^>]*>")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def normalise(text: str) -> str:
    """A label as compared: '  ○ 기업명 : ' and '기업명' are the same label."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    key = key.lstrip(_BULLETS).rstrip(":：")
    return key


def loose(text: str) -> str:
    """A label with its parenthesised parts dropped too (for matching field labels)."""
    return normalise(_PARENS.sub("", unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class Cell:
    table: int          # 1-based, document order of top-level tables
    row: int            # 1-based grid row of the cell's anchor
    column: int         # 1-based grid column of the anchor
    rowspan: int
    colspan: int
    text: str
    width: int          # HWPUNIT (1/7200 inch; 100 per point)
    height: int
    margins: tuple[int, int, int, int]  # left, right, top, bottom
    char_pr: str
    para_pr: str

    @property
    def key(self) -> str:
        return normalise(self.text)

    @property
    def address(self) -> str:
        return f"table {self.table}, row {self.row}, column {self.column}"

    @property
    def address_ko(self) -> str:
        return f"표 {self.table}, {self.row}행 {self.column}열"


@dataclass(frozen=True)
class Geometry:
    """Page size and margins (HWPUNIT) and the body text font of the first section."""

    page_width: int
    page_height: int
    margin_left: int
    margin_right: int
    margin_top: int
    margin_bottom: int
    header: int
    footer: int

    @property
    def body_width(self) -> int:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def body_height(self) -> int:
        return self.page_height - self.margin_top - self.margin_bottom - self.header - self.footer


def open_document(template: TemplateBytes) -> Any:
    """The python-hwpx document of checked bytes; its own refusals become TemplateRefused."""
    from hwpx import HwpxDocument

    try:
        return HwpxDocument.open(template.data)
    except Exception as exc:  # python-hwpx raises its own zoo for broken OWPML
        raise TemplateRefused("damaged", f"{template.name}: HWPX 서식을 열 수 없습니다({exc})",
                              f"{template.name}: cannot open the HWPX template ({exc})") from None


def table_cells(table: Any, number: int) -> list[Cell]:
    cells = []
    seen: set[int] = set()
    for entry in table.iter_grid():
        cell = entry.cell
        if id(cell.element) in seen or (entry.row, entry.column) != tuple(entry.anchor):
            continue
        seen.add(id(cell.element))
        m = cell.margins
        para = cell.paragraphs[0].element.get("paraPrIDRef", "0") if cell.paragraphs else "0"
        char = next((r.char_pr_id_ref for p in cell.paragraphs for r in p.runs if r.char_pr_id_ref), "0")
        cells.append(Cell(number, entry.row + 1, entry.column + 1, entry.span[0], entry.span[1],
                          cell.text, cell.width, cell.height, (m.left, m.right, m.top, m.bottom),
                          str(char), str(para)))
    return cells


class TemplateIndex:
    """The cells of a template and what the fill and fit steps need to know of them."""

    def __init__(self, template: TemplateBytes, document: Any | None = None) -> None:
        self.template = template
        self.document = document if document is not None else open_document(template)
        self.tables = list(self.document.tables.all)
        self.cells: list[Cell] = []
        for number, table in enumerate(self.tables, start=1):
            try:
                self.cells.extend(table_cells(table, number))
            except (IndexError, ValueError) as exc:
                raise TemplateRefused("bad_table", f"{template.name}: 표 {number}의 칸 구조가 잘못되었습니다({exc})",
                                      f"{template.name}: table {number} has a broken cell grid ({exc})") from None

    def by_label(self, label: str) -> list[Cell]:
        key = normalise(label)
        return [c for c in self.cells if c.key == key]

    def at(self, table: int, row: int, column: int) -> Cell | None:
        """The cell covering grid position (row, column) of `table` (a merged cell covers several)."""
        for c in self.cells:
            if c.table == table and c.row <= row < c.row + c.rowspan and c.column <= column < c.column + c.colspan:
                return c
        return None

    def beside(self, cell: Cell, side: str) -> Cell | None:
        if side == "self":
            return cell
        if side == "below":
            return self.at(cell.table, cell.row + cell.rowspan, cell.column)
        return self.at(cell.table, cell.row, cell.column + cell.colspan)

    def table_rows(self, table: int) -> int:
        return int(self.tables[table - 1].row_count) if 0 < table <= len(self.tables) else 0

    @cached_property
    def _parts(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.template.data)) as zf:
            return {n: zf.read(n) for n in ("Contents/header.xml", "Contents/section0.xml")}

    @cached_property
    def font_sizes(self) -> dict[str, float]:
        """charPr id → font size in points (python-hwpx has no query for a run's size: lxml)."""
        root = etree.fromstring(self._parts["Contents/header.xml"], _SAFE_PARSER)
        return {e.get("id"): int(e.get("height", "1000")) / 100 for e in root.iter("{*}charPr")}

    @cached_property
    def line_spacing(self) -> dict[str, float]:
        """paraPr id → line spacing as a multiple of the font size (PERCENT spacing)."""
        root = etree.fromstring(self._parts["Contents/header.xml"], _SAFE_PARSER)
        out: dict[str, float] = {}
        for e in root.iter("{*}paraPr"):
            spacing = next(e.iter("{*}lineSpacing"), None)
            ok = spacing is not None and spacing.get("type", "PERCENT") == "PERCENT"
            out[e.get("id")] = int(spacing.get("value", "160")) / 100 if ok and spacing is not None else 1.6
        return out

    @cached_property
    def geometry(self) -> Geometry:
        root = etree.fromstring(self._parts["Contents/section0.xml"], _SAFE_PARSER)
        page = next(root.iter("{*}pagePr"), None)
        margin = next(root.iter("{*}margin"), None)

        def num(e: Any, key: str, default: int) -> int:
            return int(e.get(key, default)) if e is not None else default

        return Geometry(num(page, "width", 59528), num(page, "height", 84186), num(margin, "left", 8504),
                        num(margin, "right", 8504), num(margin, "top", 5668), num(margin, "bottom", 4252),
                        num(margin, "header", 4252), num(margin, "footer", 4252))
