"""A template of our own: merged cells, a 200-row table, long Korean text — filled through the
command line, read back independently; the overflow and the page limit are flagged; the
line-layout caches of changed paragraphs are dropped (the python-hwpx trap)."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from hwpx_reader import HP, Package, well_formed_problems
from hwpx_templates import merged_template, with_line_caches, write_form

from desktop_app.cli import main
from desktop_app.forms import load_form
from desktop_app.hwpx.produce import produce
from desktop_app.validation import validate

SENTENCE = "본 과제는 제조 현장의 불량 이미지를 수집하고 라벨링하여 검사 모델을 학습시키는 것을 목표로 합니다. "
LONG = (SENTENCE * 30).strip()


def _png(path: Path, w: int = 40, h: int = 40) -> Path:
    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _answers(folder: Path, rows: int, summary: str = "짧은 개요") -> Path:
    seal = _png(folder / "seal.png")
    items = [{"name": f"라벨링 작업 {i + 1}", "amount": 1000 * (i + 1), "note": f"비고 {i}"} for i in range(rows)]
    path = folder / "answers.json"
    path.write_text(json.dumps({"form": "test-hwpx@2026", "answers": {
        "company_name": "주식회사 테스트", "representative": "홍길동", "summary": summary,
        "seal": seal.name, "items": items}}, ensure_ascii=False), encoding="utf-8")
    return path


def test_merged_cells_200_rows_and_long_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path, merged_template(), page_limit=2)
    answers = _answers(tmp_path, 200, LONG)
    out = tmp_path / "out.hwpx"
    code = main(["hwpx", str(form_file), str(answers), "-o", str(out)])
    got = capsys.readouterr()
    assert code == 0, got.err
    pkg = Package(out.read_bytes())
    assert well_formed_problems(out.read_bytes()) == []
    assert pkg.text(1, 1, 2) == "주식회사 테스트"           # the value cell merged over three columns
    assert pkg.cell(1, 1, 2).find(f"{{{HP}}}cellSpan").get("colSpan") == "3"
    assert pkg.text(2, 2, 1) == LONG                       # below its label
    assert pkg.row_count(3) == 3 + 199
    for k in (0, 1, 99, 199):
        assert pkg.text(3, 2 + k, 1) == f"라벨링 작업 {k + 1}"
        assert pkg.text(3, 2 + k, 2) == f"{1000 * (k + 1):,}원"
    assert pkg.text(3, 202, 1) == "합계" and pkg.text(3, 202, 2) == f"{sum(1000 * (i + 1) for i in range(200)):,}원"
    def inline(table: int) -> str:
        return pkg.tables()[table - 1].find(f"{{{HP}}}pos").get("treatAsChar")

    assert inline(3) == "0" and inline(1) == "1", "a table taller than a page must flow, others stay"
    merged = pkg.cell(3, 2, 3)                              # 비고 grew over every new row
    assert merged is not None and merged.find(f"{{{HP}}}cellSpan").get("rowSpan") == str(2 + 199)
    assert "은 3줄인데 답변은" in got.err and "(표 2, 2행 1열)" in got.err
    assert "분량 상한 2쪽" in got.err                       # 200 rows are far over a 2-page limit
    from hwpx import HwpxDocument

    doc = HwpxDocument.open(out.read_bytes())
    assert doc.validate().issues == ()
    assert len(list(doc.tables.all[2].iter_grid())) == 202 * 3   # the grid is whole


def test_overflow_and_page_limit_are_issues_on_their_fields(tmp_path: Path) -> None:
    form = load_form(write_form(tmp_path, merged_template(), page_limit=2))
    answers = json.loads(_answers(tmp_path, 200, LONG).read_text(encoding="utf-8"))["answers"]
    result = validate(form, answers, file_exists=lambda n: (tmp_path / n).is_file())
    produced = produce(form, result, draft=False, image_file=lambda n: tmp_path / n)
    issues = {i.code: i for i in produced.issues(form)}
    over = issues["hwpx.overflow"]
    assert over.path == "summary" and over.severity == "warning" and over.section == "main"
    fit = next(f for f in produced.fits if f.path == "summary")
    assert fit.available == 3 and fit.needed > 10
    assert produced.plan_pages > 2 and issues["hwpx.page_limit"].path == "summary"
    small = produce(form, validate(form, {**answers, "summary": "짧은 개요", "items": answers["items"][:3]}),
                    draft=False, image_file=lambda n: tmp_path / n)
    assert small.issues(form) == [] and small.plan_pages == 1


def test_changed_paragraphs_drop_their_line_cache_and_others_keep_it(tmp_path: Path) -> None:
    form_file = write_form(tmp_path, with_line_caches(merged_template()))
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(_answers(tmp_path, 3)), "-o", str(out)]) == 0
    pkg = Package(out.read_bytes())
    filled = pkg.cell(1, 1, 2)
    assert filled is not None and not list(filled.iter(f"{{{HP}}}linesegarray"))
    label = pkg.cell(1, 1, 1)
    assert label is not None and list(label.iter(f"{{{HP}}}linesegarray")), "an untouched cell lost its cache"
    for k in range(3):
        assert not list(pkg.cell(3, 2 + k, 1).iter(f"{{{HP}}}linesegarray"))


def test_the_agency_form_is_korean_in_an_english_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path, merged_template())
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(_answers(tmp_path, 2)), "-o", str(out), "--lang", "en"]) == 0
    assert Package(out.read_bytes()).text(3, 2, 2) == "1,000원"


def test_no_rows_leaves_the_template_row_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path, merged_template())
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(_answers(tmp_path, 0)), "-o", str(out)]) == 0
    pkg = Package(out.read_bytes())
    assert pkg.row_count(3) == 3 and pkg.text(3, 2, 1) == ""
    assert "items 0 row(s)" in capsys.readouterr().out


def test_final_refused_while_errors_remain_nothing_written(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path, merged_template())
    answers = _answers(tmp_path, 2)
    data = json.loads(answers.read_text(encoding="utf-8"))
    del data["answers"]["company_name"]                     # required
    answers.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(answers), "-o", str(out), "--final"]) == 1
    assert not out.exists() and "error(s) remain" in capsys.readouterr().err
    assert main(["hwpx", str(form_file), str(answers), "-o", str(out)]) == 0
    assert "DRAFT" in capsys.readouterr().out
    section = Package(out.read_bytes()).section
    header = [t.text for h in section.iter(f"{{{HP}}}header") for t in h.iter(f"{{{HP}}}t")]
    assert any("초안(DRAFT)" in (t or "") for t in header), "a draft must say so on every page"
