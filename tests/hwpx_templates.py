"""Templates made for tests with python-hwpx: merged cells, repeating rows, Hancom-style line
caches, and hostile packages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from desktop_app.hwpx.ids import deterministic_ids

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
LINESEG = ('<hp:linesegarray xmlns:hp="' + HP + '"><hp:lineseg textpos="0" vertpos="0" vertsize="1000" '
           'textheight="1000" baseline="850" spacing="600" horzpos="0" horzsize="20000" flags="393216"/>'
           '</hp:linesegarray>')


def merged_template() -> bytes:
    """기업명 (value merged over three columns), a 3-line 사업 개요 box, and an item table whose
    비고 column is merged from the template row down over the 합계 row."""
    from hwpx import HwpxDocument

    with deterministic_ids(b"test-template"):
        doc = HwpxDocument.new()
        doc.paragraphs[0].text = "테스트 신청서"
        t1 = doc.add_table(2, 4)
        t1.cell(0, 0).text = "기업명"
        t1.merge_cells(0, 1, 0, 3)
        t1.cell(1, 0).text = "대표자"
        t1.cell(1, 2).text = "직인"
        t2 = doc.add_table(2, 1)
        t2.cell(0, 0).text = "사업 개요"
        t2.cell(1, 0).set_size(height=1600 * 3 + 282)
        doc.add_paragraph("사업수행계획서").element.set("pageBreak", "1")
        t3 = doc.add_table(3, 3)
        for c, label in enumerate(["품목", "금액", "비고"]):
            t3.cell(0, c).text = label
        t3.cell(2, 0).text = "합계"
        t3.merge_cells(1, 2, 2, 2)
        return bytes(doc.to_bytes())


def with_line_caches(data: bytes) -> bytes:
    """The same package with a `linesegarray` in every paragraph, as Hancom saves them."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "Contents/section0.xml":
                root = etree.fromstring(body)
                for p in root.iter(f"{{{HP}}}p"):
                    if p.find(f"{{{HP}}}linesegarray") is None:
                        p.append(etree.fromstring(LINESEG))
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, body)
    return out.getvalue()


def rezip(data: bytes, *, extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None,
          compress_all: bool = False) -> bytes:
    """A copy of a package with members added or replaced (hostile variants)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = (replace or {}).get(info.filename, src.read(info))
            kind = zipfile.ZIP_DEFLATED if compress_all else info.compress_type
            dst.writestr(info.filename, body, compress_type=kind)
        for name, body in (extra or {}).items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


FORM = """\
id: test-hwpx
edition: "2026"
title: {{ko: 테스트 신청서, en: Test application}}
agency: {{ko: 테스트 기관, en: Test agency}}
deadline: 2026-12-31T15:00:00+09:00
settings:
  plan_page_limit:
    value: {page_limit}
    label: {{ko: 분량 상한(쪽), en: Page limit}}
sections:
  - id: main
    title: {{ko: 기본 정보, en: Basics}}
    fields:
      - id: company_name
        type: text
        label: {{ko: 기업명, en: Company}}
        required: true
      - id: representative
        type: text
        label: {{ko: 대표자, en: Representative}}
      - id: summary
        type: textarea
        label: {{ko: 사업 개요, en: Summary}}
      - id: seal
        type: image
        label: {{ko: 직인, en: Seal}}
      - id: items
        type: table
        label: {{ko: 품목, en: Items}}
        columns:
          - id: name
            type: text
            label: {{ko: 품목, en: Item}}
          - id: amount
            type: money
            label: {{ko: 금액, en: Amount}}
          - id: note
            type: text
            label: {{ko: 비고, en: Note}}
computed:
  - id: items_total
    expr: sum(r.amount for r in items)
    type: money
    label: {{ko: 합계, en: Total}}
templates:
  - id: application
    file: templates/test.hwpx
    title: {{ko: 테스트 서식, en: Test form}}
    page_limit: settings.plan_page_limit
    plan_heading: 사업수행계획서
    fill:
{fill}
"""

FILL = """\
      - {label: 기업명, field: company_name}
      - {label: 대표자, field: representative}
      - {label: 사업 개요, side: below, field: summary}
      - {label: 직인, field: seal}
      - {label: 품목, occurrence: 1, rows: items, columns: {name: 품목, amount: 금액}}
      - {label: 합계, computed: items_total}
"""


def write_form(folder: Path, template: bytes, *, fill: str = FILL, page_limit: int = 15) -> Path:
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / "test.hwpx").write_bytes(template)
    path = folder / "test-hwpx-2026.yaml"
    path.write_text(FORM.format(fill=fill.rstrip("\n"), page_limit=page_limit), encoding="utf-8")
    return path
