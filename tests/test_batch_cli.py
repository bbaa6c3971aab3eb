"""`apps validate` and `apps pdf` over a selection: exit codes, summary and report (issue 18)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.service import Desk
from desktop_app.service.batch import file_name

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "answers"
SAMPLE = FIXTURES / "ai-data-voucher-2020-sme.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(base_dir: Path) -> dict[str, int]:
    """Client A: two complete applications; client B: one complete, one with errors."""
    with Desk.open(auto_backup=False) as desk:
        a = desk.clients.create({"company.name": "주식회사 가온"}).client_id
        b = desk.clients.create({"company.name": "나래 주식회사"}).client_id
        assert a is not None and b is not None
        ids = {"a1": desk.answers.import_file(SAMPLE, client_id=a).app_id,
               "a2": desk.answers.import_file(SAMPLE, client_id=a).app_id,
               "b1": desk.answers.import_file(SAMPLE, client_id=b).app_id}
        form = desk.apps.form_of(ids["b1"])
        ids["b2"] = desk.apps.new(form, client_id=b, title="빈 신청서/초안").app_id  # type: ignore[assignment]
        assert desk.apps.check(ids["a1"]).errors == []
        return {**ids, "A": a, "B": b}


def test_validate_exit_codes_and_reports(book: dict[str, int], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "check.json"
    code, out, err = _run(capsys, "apps", "validate", "--all", "--report", str(report))
    assert code == 1, err
    assert "4 application(s): 3 ok, 0 draft, 1 with errors, 0 failed" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["total"], data["ok"], data["errors"]) == (4, 3, 1)
    bad = next(r for r in data["applications"] if r["verdict"] == "errors")
    assert bad["app_id"] == book["b2"] and bad["errors"] > 0 and bad["first_error"]
    assert "\r" not in err and "[#" not in err, "no progress bar when stderr is not a terminal"
    assert "마감되어 지금은 제출할 수 없습니다" in err  # but the closed call is said (2020's)

    code, out, _ = _run(capsys, "apps", "validate", "--client", str(book["A"]))
    assert code == 0 and "2 application(s): 2 ok" in out
    report2 = tmp_path / "check2.json"
    code, out, _ = _run(capsys, "apps", "validate", "--all", "--jobs", "2", "--report", str(report2))
    assert code == 1 and "4 application(s): 3 ok, 0 draft, 1 with errors" in out
    assert json.loads(report2.read_text(encoding="utf-8")) == data, "processes judge the same"
    code, out, _ = _run(capsys, "apps", "validate", str(book["b2"]))
    assert code == 1 and "1 with errors" in out
    code, out, _ = _run(capsys, "apps", "validate", "--status", "submitted")
    assert code == 0 and "0 application(s)" in out
    code, _, err = _run(capsys, "apps", "validate")
    assert code == 2 and "--all" in err
    code, _, err = _run(capsys, "apps", "validate", "--all", "--report", str(tmp_path / "r.txt"))
    assert code == 2 and ".csv or .json" in err
    code, _, err = _run(capsys, "apps", "validate", "1", "--all")
    assert code == 2 and "either APP or a selection" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pdf_batch_writes_each_file_with_a_report(book: dict[str, int], tmp_path: Path, jobs: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out_dir, report = tmp_path / "pdfs", tmp_path / "pdfs.csv"
    code, out, err = _run(capsys, "apps", "pdf", "--all", "-o", str(out_dir), "--jobs", jobs,
                          "--report", str(report))
    assert code == 0, err  # a DRAFT of the application with errors is written, not a failure
    assert "4 application(s): 3 ok, 1 draft, 0 with errors, 0 failed" in out
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == sorted([*(file_name(book[k], _title(book[k])) for k in ("a1", "a2", "b1")),
                            file_name(book["b2"], "빈 신청서/초안", draft=True)])
    assert all((out_dir / f).read_bytes().startswith(b"%PDF") for f in files)
    assert file_name(book["b2"], "빈 신청서/초안", draft=True).endswith("-초안-빈 신청서_초안.pdf")
    assert file_name(1, "빈 신청서", draft=True, lang="en") == "00001-DRAFT-빈 신청서.pdf"
    long = file_name(7, "주식회사 바른제조정밀 · 2026년 데이터바우처 지원사업(통합 바우처) "
                        "신청서 및 사업수행계획서 (수요기업) 2026")
    assert long.endswith("사업수행계획서….pdf") and len(long) < 80, long  # cut at a word
    assert file_name(8, "가" * 70).endswith("가" * 60 + "….pdf")  # no space: cut where it must
    rows = list(csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert {r["verdict"] for r in rows} == {"ok", "draft"} and len(rows) == 4
    assert all(Path(r["file"]).is_file() for r in rows)
    with Desk.open(auto_backup=False) as desk:  # final exports moved on, as single `apps pdf` does
        assert desk.apps.get(book["a1"]).status == "exported"
        assert desk.apps.get(book["b2"]).status == "draft"


def test_pdf_batch_final_refuses_what_has_errors(book: dict[str, int], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "final"
    code, out, _ = _run(capsys, "apps", "pdf", "--client", str(book["B"]), "--final", "-o", str(out_dir))
    assert code == 1
    assert "2 application(s): 1 ok, 0 draft, 1 with errors" in out
    assert [p.name for p in out_dir.iterdir()] == [file_name(book["b1"], _title(book["b1"]))]
    not_a_dir = tmp_path / "file.pdf"
    not_a_dir.write_bytes(b"x")
    code, _, err = _run(capsys, "apps", "pdf", "--all", "-o", str(not_a_dir))
    assert code == 2 and "not a folder" in err
    code, _, err = _run(capsys, "apps", "pdf", str(book["a1"]), "-o", str(tmp_path / "x.pdf"),
                        "--report", str(tmp_path / "r.csv"))
    assert code == 2 and "--report goes with a selection" in err


def _title(app_id: int) -> str:
    with Desk.open(auto_backup=False) as desk:
        return desk.apps.get(app_id).title


def test_carry_forward_takes_the_attachments_along(book: dict[str, int]) -> None:
    """2022 → 2023 carried the answers but 0 of 11 attachments (issue 18)."""
    with Desk.open(auto_backup=False) as desk:
        source = desk.attachments.of(book["a1"])
        assert source, "the sample comes with attachments"
        form = desk.apps.form_of(book["a1"])
        copied = desk.apps.copy(book["a1"], form)
        assert copied.app_id is not None and copied.attachments
        carried = desk.attachments.of(copied.app_id)
        assert sorted((a.requirement_id, a.sha256) for a in carried) == \
            sorted((a.requirement_id, a.sha256) for a in source)
        assert desk.apps.check(copied.app_id).errors == [], "nothing left to attach again"


def test_validate_in_worker_processes_matches_one_process(book: dict[str, int], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 2` (spawned workers, each with its own read-only Desk) gives the exit code, the
    summary and the CSV/JSON reports of `--jobs 1`, in the same order — with one application
    per task, so every chunk is merged back from a worker and none stays behind."""
    import multiprocessing

    from desktop_app.service import batch

    monkeypatch.setattr(batch, "CHUNK", 1)
    results = {}
    for jobs in ("1", "2"):
        csv_report, json_report = tmp_path / f"r{jobs}.csv", tmp_path / f"r{jobs}.json"
        code, out, err = _run(capsys, "apps", "validate", "--all", "--jobs", jobs, "--report", str(csv_report))
        code2, _, _ = _run(capsys, "apps", "validate", "--client", str(book["B"]), "--jobs", jobs,
                           "--report", str(json_report))
        results[jobs] = (code, out.replace(str(csv_report), "R"), err, code2,
                         csv_report.read_bytes(), json.loads(json_report.read_text(encoding="utf-8")))
    assert results["2"] == results["1"]
    code, out, err, code2, csv_bytes, data = results["2"]
    assert (code, code2) == (1, 1) and "1 with errors" in out
    assert err.count("warning") == 1 and "마감되어" in err  # only the closed call is said
    rows = list(csv.DictReader(csv_bytes.decode("utf-8-sig").splitlines()))
    assert [int(r["app_id"]) for r in rows] == sorted(book[k] for k in ("a1", "a2", "b1", "b2"))
    assert [r["app_id"] for r in data["applications"]] == [book["b1"], book["b2"]]
    assert multiprocessing.active_children() == [], "every worker has exited"


def test_cancelled_check_stops_the_workers(book: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelled after the first chunk: the rest is not started, the outcomes so far are kept in
    order, the summary says cancelled and no worker process is left behind."""
    import multiprocessing

    from desktop_app.service import batch

    monkeypatch.setattr(batch, "CHUNK", 1)
    seen: list[tuple[int, int]] = []
    with Desk.open(auto_backup=False) as desk:
        ids = batch.select(desk, batch.Selection(everything=True))
        summary = batch.validate_many(desk, ids, workers=2, progress=lambda d, t: seen.append((d, t)),
                                      cancelled=lambda: bool(seen))
    assert summary.cancelled and [o.app_id for o in summary.outcomes] == ids[:1]
    assert seen == [(1, 4)]
    assert multiprocessing.active_children() == []
