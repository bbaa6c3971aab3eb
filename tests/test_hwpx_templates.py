"""`forms check` refuses a bad `fill:` with file:line; hostile templates are refused with a clear
message and nothing is written; `forms map-template` drafts a block that loads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hwpx_templates import FILL, merged_template, rezip, write_form

from desktop_app.cli import main
from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.hwpx.package import check_bytes

ROOT = Path(__file__).resolve().parent.parent


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(("bad", "message"), [
    ("      - {label: 설립일, field: company_name}", "label '설립일' is not in template test.hwpx"),
    ("      - {label: 기업명, field: no_such_field}", "unknown field 'no_such_field'"),
    ("      - {table: 1, row: 1, column: 2, field: representative}", "duplicate target: table 1, row 1, column 2"),
    ("      - {label: 대표자, occurrence: 2, field: representative}", "appears only 1 time(s)"),
    ("      - {label: 품목, rows: company_name, columns: {name: 품목}}", "'company_name' is not a table field"),
    ("      - {label: 품목, occurrence: 1, rows: items, columns: {nope: 품목}}", "unknown column 'nope'"),
    ("      - {label: 기업명, computed: nothing}", "unknown computed value 'nothing'"),
    ("      - {label: 기업명, text: '{nobody} 님'}", "unknown name {nobody}"),
])
def test_forms_check_refuses_a_bad_mapping_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              bad: str, message: str) -> None:
    form_file = write_form(tmp_path, merged_template(), fill=FILL + bad + "\n")
    code = main(["forms", "check", str(form_file)])
    out = capsys.readouterr().out
    assert code == 1
    line = _line(form_file, bad.strip())
    assert f"{form_file}:{line}: templates[0].fill[6]" in out and message in out, out


def test_a_label_twice_in_the_template_needs_an_occurrence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hwpx import HwpxDocument

    doc = HwpxDocument.open(merged_template())
    doc.tables.all[1].cell(0, 0).text = "기업명"              # now two cells say 기업명
    summary = "{label: 기업명, occurrence: 2, side: below, field: summary}"
    fill = FILL.replace("{label: 사업 개요, side: below, field: summary}", summary)
    form_file = write_form(tmp_path, doc.to_bytes(), fill=fill)
    assert main(["forms", "check", str(form_file)]) == 1
    out = capsys.readouterr().out
    assert f"{form_file}:{_line(form_file, '{label: 기업명, field: company_name}')}" in out
    assert "label '기업명' appears 2 times in test.hwpx" in out and "add occurrence: N" in out


def test_shipped_forms_check_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "check"]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def _zip(members: dict[str, bytes], stored_first: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in members.items():
            kind = zipfile.ZIP_STORED if (name == "mimetype" and stored_first) else zipfile.ZIP_DEFLATED
            zf.writestr(name, body, compress_type=kind)
    return out.getvalue()


def _hostile() -> dict[str, bytes]:
    good = merged_template()
    return {
        "not_zip": "이것은 HWPX가 아닙니다".encode(),
        "hwp5": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "zip_bomb": rezip(good, extra={"BinData/bomb.bin": b"\0" * (40 * 1024 * 1024)}),
        "bad_name": rezip(good, extra={"../../evil.xml": b"<x/>"}),
        "huge_xml": rezip(good, extra={"Contents/huge.xml": b"<a>" + b"x" * (17 * 1024 * 1024) + b"</a>"}),
        "xml_entities": rezip(good, replace={"Contents/section0.xml": b'<?xml version="1.0"?><!DOCTYPE x '
                                              b'[<!ENTITY a "aaaa">]><x>&a;</x>'}),
        "not_hwpx": _zip({"mimetype": b"application/zip", "hello.txt": b"hi"}),
        "damaged": good[: len(good) // 2],
    }


@pytest.mark.parametrize("code", list(_hostile()))
def test_hostile_template_is_refused(code: str) -> None:
    with pytest.raises(TemplateRefused) as caught:
        check_bytes(_hostile()[code], "x.hwpx")
    assert caught.value.code in (code, "damaged" if code == "damaged" else code)
    assert "x.hwpx" in caught.value.message_en and caught.value.message_ko


@pytest.mark.parametrize("code", ["zip_bomb", "bad_name", "xml_entities", "not_zip"])
def test_hostile_template_refused_by_the_export_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                code: str) -> None:
    form_file = write_form(tmp_path, _hostile()[code])
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"form": "test-hwpx@2026", "answers": {"company_name": "가"}}), encoding="utf-8")
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(answers), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "templates[0].file" in err and "test.hwpx" in err
    assert not out.exists() and not list(tmp_path.glob("out.hwpx*"))


def test_map_template_drafts_a_block_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path, merged_template())
    code = main(["forms", "map-template", str(tmp_path / "templates" / "test.hwpx"), str(form_file)])
    got = capsys.readouterr()
    assert code == 0
    assert "- {label: 기업명, field: company_name}" in got.out
    assert "rows: items" in got.out and "{label: 합계, computed: items_total}" in got.out
    assert "file: templates/test.hwpx" in got.out
    text = form_file.read_text(encoding="utf-8")
    block = got.out.split("    fill:\n", 1)[1].split("\n#", 1)[0]
    form_file.write_text(text.split("    fill:\n", 1)[0] + "    fill:\n" + block + "\n", encoding="utf-8")
    assert main(["forms", "check", str(form_file)]) == 0, capsys.readouterr().out


def test_map_template_lists_what_it_could_not_place(capsys: pytest.CaptureFixture[str]) -> None:
    template = ROOT / "forms" / "templates" / "cloud-voucher-2021.hwpx"
    assert main(["forms", "map-template", str(template), "ai-voucher@2024"]) == 0
    got = capsys.readouterr()
    assert "# Label cells no field claims" in got.out and "# Required fields with no cell" in got.out
    assert "#   solution_name: AI 솔루션명(풀 등록명)" in got.out
    assert "required field(s) without a cell" in got.err


@pytest.mark.parametrize("fill", [FILL + "      - {label: 설립일, field: company_name}\n",
                                  FILL + "      - {label: 기업명, field: representative}\n"])
def test_missing_or_duplicate_label_refused_by_the_export_nothing_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fill: str) -> None:
    form_file = write_form(tmp_path, merged_template(), fill=fill)
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"form": "test-hwpx@2026", "answers": {"company_name": "가"}}), encoding="utf-8")
    out = tmp_path / "out.hwpx"
    assert main(["hwpx", str(form_file), str(answers), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "form definition has problems" in err and ("is not in template" in err or "duplicate target" in err)
    assert not out.exists()
