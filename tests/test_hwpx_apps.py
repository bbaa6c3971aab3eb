"""`apps hwpx APP -o OUT.hwpx`: the stored application's 서식, recorded in the exports table like a
PDF; `--final` refused (exit 1) while errors remain; a form brought in from a file keeps its 서식."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hwpx_reader import Package
from hwpx_templates import merged_template, write_form

from desktop_app.cli import main
from desktop_app.service import Desk
from desktop_app.storage.attachments import exports_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "cloud-voucher-2021-sme.json"


def _new(capsys: pytest.CaptureFixture[str], form: str, answers: Path) -> int:
    assert main(["apps", "new", form, "--answers", str(answers)]) == 0
    return int(capsys.readouterr().out.strip().splitlines()[-1])


def test_apps_hwpx_records_the_export(base_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = _new(capsys, "cloud-voucher@2021", SAMPLE)
    out = tmp_path / "app.hwpx"
    code = main(["apps", "hwpx", str(app), "-o", str(out), "--today", "2021-03-10"])
    got = capsys.readouterr()
    assert code == 0, got.err
    assert f"application {app} is" in got.out and "seal embedded" in got.out
    company = json.loads(SAMPLE.read_text(encoding="utf-8"))["answers"]["company_name"]
    cells = [Package(out.read_bytes()).text(t, r, c) for t in (1, 2, 3) for r, c in ((1, 2),)]
    assert company in cells, cells
    with Desk.open(auto_backup=False) as desk:
        rows = exports_of(desk.store.db, app)
    assert [(r.kind, r.file_name) for r in rows] == [("hwpx", "app.hwpx")]
    import hashlib

    assert rows[0].sha256 == hashlib.sha256(out.read_bytes()).hexdigest() and rows[0].size == out.stat().st_size


def test_apps_hwpx_final_refused_while_errors_remain(base_dir: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del data["answers"]["company_name"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for name in {v for v in data["answers"].values() if isinstance(v, str) and v.endswith(".png")}:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((SAMPLE.parent / name).read_bytes())
    for names in data.get("attachments", {}).values():  # `apps new --answers` brings them along
        for name in names:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes((SAMPLE.parent / name).read_bytes())
    app = _new(capsys, "cloud-voucher@2021", broken)
    out = tmp_path / "final.hwpx"
    assert main(["apps", "hwpx", str(app), "-o", str(out), "--final", "--today", "2021-03-10"]) == 1
    assert not out.exists() and "error(s) remain" in capsys.readouterr().err
    assert main(["apps", "hwpx", str(app), "-o", str(out), "--today", "2021-03-10"]) == 0
    assert "DRAFT" in capsys.readouterr().out


def test_a_form_from_a_file_keeps_its_template(base_dir: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    form_file = write_form(tmp_path / "authoring", merged_template())
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"form": "test-hwpx@2026", "answers": {"company_name": "주식회사 가"}},
                                  ensure_ascii=False), encoding="utf-8")
    app = _new(capsys, str(form_file), answers)
    (tmp_path / "authoring" / "templates" / "test.hwpx").unlink()   # the author's folder may go away
    out = tmp_path / "x.hwpx"
    assert main(["apps", "hwpx", str(app), "-o", str(out)]) == 0, capsys.readouterr().err
    assert Package(out.read_bytes()).text(1, 1, 2) == "주식회사 가"


def test_the_file_appears_only_when_the_export_is_recorded(base_dir: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    app = _new(capsys, "cloud-voucher@2021", SAMPLE)
    out = tmp_path / "staged.hwpx"
    with Desk.open(auto_backup=False) as desk:
        job = desk.exports.prepare(app)
        info = desk.exports.render_hwpx(job, out)
        assert not out.exists(), "written before the export was recorded"
        desk.exports.record(app, info, final=not info.draft, kind="hwpx")
        assert out.is_file() and exports_of(desk.store.db, app)[-1].kind == "hwpx"
