"""Build the reconstructed 서식 (HWPX) of every shipped edition into forms/templates/.

These are RECONSTRUCTIONS, not the agencies' files: each is built from the headings and tables
of the programme's 신청서 and 사업수행계획서 as far as ../shared/PROGRAMS.md and the form
definition know them (the definition's sections, in order). The first paragraph and the
package metadata say so. When the agency's own file is at hand, a form author replaces the
file and re-maps it (forms/README.md, "Templates").

    .venv/bin/python scripts/make_templates.py            # all shipped editions
    .venv/bin/python scripts/make_templates.py FORM.yaml  # one

The output is reproducible: the same definition gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.forms import FormDefinition, load_form  # noqa: E402
from desktop_app.forms.model import FieldDef, Section  # noqa: E402
from desktop_app.hwpx.ids import deterministic_ids  # noqa: E402
from desktop_app.hwpx.layout import grow_rows  # noqa: E402
from desktop_app.hwpx.package import TemplateBytes  # noqa: E402
from desktop_app.hwpx.template import TemplateIndex  # noqa: E402

NOTE = ("※ 이 서식은 바우처 데스크가 공고문의 항목 구성을 바탕으로 재구성한 것으로, 전담기관이 공고문에 첨부한 "
        "원본 서식이 아닙니다. 제출 전 공고문 첨부 서식과 대조하십시오.")
LABEL_SHADE = "#E8EEF7"
HEADER_SHADE = "#D9D9D9"
LINE = 1600          # one 10 pt line at 160 % spacing, HWPUNIT
PAD = 282            # a cell's top + bottom margin
TEXTAREA_LINES = 12  # the space a free-text answer gets in the plan
SCALAR_SKIP = {"table", "textarea", "image"}
MEASURED: list[tuple[Any, int]] = []  # value cells holding a sample line of choices while rows grow


PLAN_STARTS = ("project", "current_it")  # the first section of the work plan, by id


def _plan_start(form: FormDefinition) -> int:
    """The work plan (사업수행계획서) starts at the project overview or the first table."""
    for i, s in enumerate(form.sections):
        if s.id in PLAN_STARTS or any(f.type == "table" for f in s.fields):
            return i
    return len(form.sections)


def _signing_section(section: Section) -> bool:
    return any(f.type == "image" for f in section.fields)


def _label(f: FieldDef) -> str:
    return f.label.ko


def _shade(table: Any, row: int, col: int, colour: str) -> None:
    table.set_cell_shading(row, col, colour)


def _heights(table: Any, lines: dict[int, int] | None = None) -> None:
    """Every row one line high (or `lines[row]` lines), and the table as high as its rows: a viewer
    that does not lay the table out again draws it at the stored sizes. Tables flow (break between
    rows across pages), as the agencies' forms do, instead of python-hwpx's inline default."""
    table.set_treat_as_char(False)
    lines = lines or {}
    total = 0
    for r in range(table.row_count):
        height = LINE * lines.get(r, 1) + PAD
        total += height
        for entry in table.iter_grid():
            if entry.row == r and tuple(entry.anchor) == (r, entry.column) and entry.span[0] == 1:
                entry.cell.set_size(height=height)
    table.element.find(f"{{{table.element.nsmap['hp']}}}sz").set("height", str(total))


def _marks(f: FieldDef) -> str:
    """The ■/□ line a choice or yes/no answer prints, to give its cell room for it."""
    from desktop_app.pdf.formatting import format_bool, format_multichoice

    if f.type in ("choice", "multichoice"):
        return format_multichoice(f, [], "ko")
    return format_bool(False, "ko") if f.type == "boolean" else ""


def _scalar_table(doc: Any, fields: list[FieldDef]) -> None:
    table = doc.add_table(len(fields), 2)
    table.set_column_widths([3, 7])
    for r, f in enumerate(fields):
        table.cell(r, 0).text = _label(f)
        if _marks(f):  # measured by grow_rows in build(), then cleared
            table.cell(r, 1).text = _marks(f)
            MEASURED.append((table, r))
        _shade(table, r, 0, LABEL_SHADE)
    _heights(table)


def _textarea(doc: Any, f: FieldDef) -> None:
    table = doc.add_table(2, 1)
    table.cell(0, 0).text = f"□ {_label(f)}"
    _shade(table, 0, 0, LABEL_SHADE)
    _heights(table, {1: TEXTAREA_LINES})


COLUMN_WEIGHT = {"text": 4, "textarea": 5, "money": 4, "date": 3, "choice": 3}
MAX_COLUMNS = 7  # wider tables are split into side-by-side parts, each with its own header row


def _repeating(doc: Any, form: FormDefinition, f: FieldDef) -> None:
    """Header row, one template row, and for money tables a 합계 row (merged label cells)."""
    columns = list(f.columns)
    parts = -(-len(columns) // MAX_COLUMNS)
    size = -(-len(columns) // parts)
    for start in range(0, len(columns), size):
        _repeating_part(doc, form, f, columns[start:start + size], last=start + size >= len(columns))


def _repeating_part(doc: Any, form: FormDefinition, f: FieldDef, columns: list[FieldDef], *, last: bool) -> None:
    money_total = last and next((c for c in form.computed if c.type == "money" and f.id in c.expr
                                 and "sum(" in c.expr), None)
    rows = 3 if money_total else 2
    table = doc.add_table(rows, len(columns))
    table.set_column_widths([COLUMN_WEIGHT.get(col.type, 2) for col in columns])
    for c, col in enumerate(columns):
        table.cell(0, c).text = col.label.ko
        _shade(table, 0, c, HEADER_SHADE)
    if money_total:
        table.cell(2, 0).text = "합계"
        if len(columns) > 2:
            table.merge_cells(2, 0, 2, len(columns) - 2)
        _shade(table, 2, 0, LABEL_SHADE)
    _heights(table)


def _signing(doc: Any, section: Section) -> None:
    consents = [f for f in section.fields if f.type == "boolean"]
    if consents:
        _scalar_table(doc, consents)
    doc.add_paragraph("위와 같이 신청하며, 제출한 내용이 사실임을 확인합니다.")
    others = [f for f in section.fields if f.type not in ("boolean", "image")]
    seal = [f for f in section.fields if f.type == "image"]
    table = doc.add_table(len(others) + len(seal), 2)
    table.set_column_widths([3, 7])
    for r, f in enumerate([*others, *seal]):
        table.cell(r, 0).text = _label(f)
        _shade(table, r, 0, LABEL_SHADE)
    _heights(table, {len(others) + k: 6 for k in range(len(seal))})


def _section(doc: Any, form: FormDefinition, number: int, section: Section) -> None:
    doc.add_paragraph(f"{number}. {section.title.ko}")
    if _signing_section(section):
        _signing(doc, section)
        return
    batch: list[FieldDef] = []
    for f in section.fields:
        if f.type not in SCALAR_SKIP:
            batch.append(f)
            continue
        if batch:
            _scalar_table(doc, batch)
            batch = []
        if f.type == "textarea":
            _textarea(doc, f)
        elif f.type == "table":
            doc.add_paragraph(f"○ {f.label.ko}")
            _repeating(doc, form, f)
    if batch:
        _scalar_table(doc, batch)


def build(form: FormDefinition) -> bytes:
    from hwpx import HwpxDocument

    with deterministic_ids(f"reconstruction:{form.key}".encode()):
        doc = HwpxDocument.new()
        doc.paragraphs[0].text = f"{form.title.ko} 신청서"
        doc.add_paragraph(NOTE)
        start = _plan_start(form)
        signing = [s for s in form.sections if _signing_section(s)]
        application = [s for s in form.sections[:start] if s not in signing]
        plan = [s for s in form.sections[start:] if s not in signing]
        for n, section in enumerate([*application, *signing], start=1):
            _section(doc, form, n, section)
        heading = doc.add_paragraph("사업수행계획서")
        heading.element.set("pageBreak", "1")
        for n, section in enumerate(plan, start=1):
            _section(doc, form, n, section)
        doc.parts.set_document_metadata(
            title=f"{form.title.ko} 신청서 및 사업수행계획서 (재구성)",
            creator="Voucher Desk (reconstruction)",
            subject="재구성 서식: 공고문 첨부 원본 아님 / reconstruction, not the agency's file",
            keyword="voucher-desk reconstruction",
            created_date="2026-01-01T00:00:00Z", modified_date="2026-01-01T00:00:00Z")
        index = TemplateIndex(TemplateBytes("new", doc.to_bytes()), doc)
        for number, table in enumerate(index.tables, start=1):
            grow_rows(index, table, number)  # a long label or a line of choices gets its lines
        for table, row in MEASURED:
            table.cell(row, 1).text = ""
        MEASURED.clear()
        data: bytes = doc.to_bytes()
    return data


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "forms").glob("*.yaml"))
    out_dir = ROOT / "forms" / "templates"
    out_dir.mkdir(exist_ok=True)
    for path in files:
        form = load_form(path)
        target = out_dir / f"{form.id}-{form.edition}.hwpx"
        target.write_bytes(build(form))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
