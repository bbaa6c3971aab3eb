"""Every shipped edition × every sample: the 서식 filled through the command the user types
(`voucher-desk hwpx`), then read back with python-hwpx and with an independent reader (zipfile +
lxml): each mapped answer in its intended cell, repeated rows equal to the answer rows, the seal
embedded, the package well-formed and valid, and the same input giving the same bytes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hwpx_reader import HP, Package, cell_text, well_formed_problems
from test_shipped_forms import SAMPLES, run_sample, window_day

from desktop_app.cli import main
from desktop_app.forms import FormDefinition, find_form
from desktop_app.hwpx.checks import template_path
from desktop_app.hwpx.mapping import RowsTarget, resolve
from desktop_app.hwpx.package import read_template
from desktop_app.hwpx.template import TemplateIndex

_FILLED: dict[Path, tuple[int, bytes, str, str]] = {}


def _fill(sample: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
          ) -> tuple[int, bytes, str, str]:
    if sample not in _FILLED:
        data = json.loads(sample.read_text(encoding="utf-8"))
        form = find_form(data["form"])
        out = tmp_path_factory.mktemp("hwpx") / f"{sample.stem}.hwpx"
        code = main(["hwpx", data["form"], str(sample), "-o", str(out), "--today", window_day(form).isoformat()])
        got = capsys.readouterr()
        _FILLED[sample] = (code, out.read_bytes() if out.exists() else b"", got.out, got.err)
    return _FILLED[sample]


def _money(v: int) -> str:
    return f"{v:,}원"


def _expected(form: FormDefinition, field_id: str, value: Any) -> str | None:
    """What the cell must say, worked out here and not by the exporter (None: not checked here)."""
    f = form.fields[field_id]
    if value is None:
        return ""
    if f.type == "money":
        return _money(value)
    if f.type == "date":
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        return f"{d.year}년 {d.month}월 {d.day}일"
    if f.type == "integer":
        return f"{value:,}"
    if f.type in ("text", "phone", "email", "brn", "crn", "postcode", "address"):
        return str(value).strip()
    if f.type == "boolean":
        return ("■\u00a0예" if value else "■\u00a0아니오")
    if f.type == "choice":
        label = next(c.label.ko for c in f.choices if c.value == value)
        return f"■\u00a0{label}"
    return None


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_fills_into_the_shipped_template(sample: Path, tmp_path_factory: pytest.TempPathFactory,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, data, out, err = _fill(sample, tmp_path_factory, capsys)
    assert code == 0, err
    assert "page(s)" in out and ".hwpx" in out
    raw = json.loads(sample.read_text(encoding="utf-8"))
    form = find_form(raw["form"])
    result = run_sample(form, sample)
    tpl = form.templates[0]
    index = TemplateIndex(read_template(template_path(form.source_file, tpl)))
    pkg = Package(data)
    checked = 0
    for entry in tpl.fill:
        target, problem = resolve(entry, index)
        assert target is not None, problem
        if isinstance(target, RowsTarget):
            _check_rows(form, pkg, index, entry.rows or "", target, result.values.get(entry.rows or "") or [])
            continue
        if entry.field is None:
            continue
        f = form.fields[entry.field]
        tc = pkg.cell(target.table, target.row, target.column)
        assert tc is not None
        if f.type == "image":
            _check_seal(pkg, tc, sample.parent / raw["answers"][entry.field])
            continue
        value = None if entry.field in result.hidden_fields else result.values.get(entry.field)
        expected = _expected(form, entry.field, value)
        text = cell_text(tc)
        if f.type == "choice" and value is None and entry.marks is False:
            assert text == "", (entry.field, text)
            continue
        if f.type == "choice" and value is None:  # unanswered: every choice printed unticked
            assert "■" not in text and text.count("□") == len(f.choices), (entry.field, text)
            continue
        if expected is None:
            continue
        if f.type == "choice" and expected and entry.marks is False:  # the chosen label alone
            assert text == expected.removeprefix("■\u00a0"), (entry.field, text)
        elif f.type in ("boolean", "choice") and expected:
            assert expected in text, (entry.field, text)
        else:
            assert text == expected, (entry.field, target.address, text)
        checked += 1
    assert checked >= 20


def _check_rows(form: FormDefinition, pkg: Package, index: TemplateIndex, table_id: str,
                target: RowsTarget, rows: list[dict[str, Any]]) -> None:
    template_rows = index.table_rows(target.table)
    assert pkg.row_count(target.table) == template_rows + max(len(rows), 1) - 1
    columns = form.fields[table_id].column_map
    for k, row in enumerate(rows):
        for col_id, grid_col in target.columns.items():
            kind = columns[col_id].type
            value = row.get(col_id)
            text = pkg.text(target.table, target.template_row + k, grid_col)
            if kind == "money" and value is not None:
                assert text == _money(value), (table_id, k, col_id, text)
            elif kind == "text" and value is not None:
                assert text == str(value).strip(), (table_id, k, col_id, text)


def _check_seal(pkg: Package, tc: Any, image: Path) -> None:
    pics = list(tc.iter(f"{{{HP}}}pic"))
    assert len(pics) == 1, "the seal is not in its cell"
    ref = next(pics[0].iter("{http://www.hancom.co.kr/hwpml/2011/core}img")).get("binaryItemIDRef")
    href = pkg.manifest()[ref]
    assert pkg.zip.read(href) == image.read_bytes()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_package_is_well_formed_valid_and_reproducible(sample: Path, tmp_path: Path,
                                                      tmp_path_factory: pytest.TempPathFactory,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

    code, data, _, _ = _fill(sample, tmp_path_factory, capsys)
    assert code == 0
    assert well_formed_problems(data) == []
    doc = HwpxDocument.open(data)
    assert doc.validate().issues == ()
    again = tmp_path / "again.hwpx"
    again.write_bytes(data)
    assert [i for i in validate_package(str(again)).issues if i.level == "error"] == []
    raw = json.loads(sample.read_text(encoding="utf-8"))
    first_of_edition = next(s for s in SAMPLES if json.loads(s.read_text(encoding="utf-8"))["form"] == raw["form"])
    if sample != first_of_edition:
        return  # same bytes is checked once per edition (each fill takes about a second)
    form = find_form(raw["form"])
    main(["hwpx", raw["form"], str(sample), "-o", str(again), "--today", window_day(form).isoformat()])
    capsys.readouterr()
    assert again.read_bytes() == data, "same input gave different bytes"


def test_every_shipped_edition_has_a_reconstructed_template() -> None:
    from desktop_app.forms import load_shipped

    for form in load_shipped():
        assert form.templates, form.key
        tpl = form.templates[0]
        assert tpl.reconstruction and tpl.page_limit
        index = TemplateIndex(read_template(template_path(form.source_file, tpl)))
        from hwpx import HwpxDocument

        meta = HwpxDocument.open(index.template.data).parts.metadata
        assert meta is not None and "재구성" in (meta.subject or "") and "재구성" in (meta.title or "")
