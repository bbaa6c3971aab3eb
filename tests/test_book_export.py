"""The book out: client and application lists to CSV and XLSX, completion and errors from the
health cache that `apps validate` fills (issue 18)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.service import Desk
from desktop_app.storage.health_cache import FILE_NAME

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(base_dir: Path) -> dict[str, int]:
    with Desk.open(auto_backup=False) as desk:
        a = desk.clients.create({"company.name": "㈜가온데이터", "company.brn": "124-81-00998",
                                 "company.representative": "김민서"}).client_id
        assert a is not None
        full = desk.answers.import_file(SAMPLE, client_id=a).app_id
        form = desk.apps.form_of(full)
        empty = desk.apps.new(form, client_id=a, title="빈 신청서").app_id
        assert empty is not None
        return {"client": a, "full": full, "empty": empty}


def test_application_list_to_csv_with_completion_errors_and_deadline(
        book: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "apps.csv"
    code, printed, err = _run(capsys, "apps", "export", "-o", str(out))
    assert code == 0, err
    assert "2 row(s)" in printed
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header, body = rows[0], {int(r[0]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[0] == "번호 (id)" and "마감 (deadline)" in header
    full, empty = body[book["full"]], body[book["empty"]]
    assert (full["완성도(%) (completion %)"], full["오류 (errors)"]) == ("100", "0")
    assert int(empty["오류 (errors)"]) > 0 and empty["첫 오류 (first error)"]
    assert full["사업자등록번호 (brn)"] == "1248100998" and full["고객사 (client)"] == "㈜가온데이터"
    assert full["마감 (deadline)"].startswith("20") and full["상태 (status)"] == "draft"


def test_the_cache_is_used_and_a_new_revision_is_checked_again(
        book: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.service import batch

    assert _run(capsys, "apps", "validate", "--all")[0] == 1
    with Desk.open(auto_backup=False) as desk:
        assert (desk.location.root / FILE_NAME).is_file()
        apps = [desk.apps.get(book["full"]), desk.apps.get(book["empty"])]
        calls: list[list[int]] = []
        real = batch.validate_many

        def counting(d: Desk, ids: list[int], **kw: object) -> batch.Summary:
            calls.append(list(ids))
            return real(d, ids, **kw)  # type: ignore[arg-type]

        batch.validate_many = counting  # type: ignore[assignment]
        try:
            assert batch.health(desk, apps)[book["full"]].errors == 0
            assert calls == [], "everything came from the cache"
            desk.apps.save(book["full"], "applicant_type", None)  # a new revision with an error
            apps = [desk.apps.get(book["full"]), desk.apps.get(book["empty"])]
            assert batch.health(desk, apps)[book["full"]].errors > 0
            assert calls == [[book["full"]]], "only the changed one is checked again"
        finally:
            batch.validate_many = real  # type: ignore[assignment]


def test_client_list_to_xlsx_and_a_bad_suffix(book: dict[str, int], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clients.xlsx"
    code, printed, err = _run(capsys, "clients", "export", "-o", str(out))
    assert code == 0 and "1 row(s)" in printed and "not exported" in err
    sheet = load_workbook(out, read_only=True).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][:3] == ["번호 (id)", "기업명 (name)", "사업자등록번호 (brn)"]
    assert values[1][1:6] == ["㈜가온데이터", "124-81-00998", "김민서", None, 2]
    assert "설립일 (company.founded)" in values[0] and "대표자 생년월일 (company.representative_birth)" \
        not in values[0]  # sealed keys stay out, and the note says which
    code, _, err = _run(capsys, "apps", "export", "-o", str(tmp_path / "apps.txt"))
    assert code == 2 and ".csv or .xlsx" in err


def test_an_english_check_leaves_the_korean_sheet_korean(
        book: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`apps validate --lang en` once filled the cache the spreadsheet reads: its 첫 오류 column
    came out English for those rows (a tester's report)."""
    assert _run(capsys, "apps", "validate", "--all", "--lang", "en")[0] == 1
    out = tmp_path / "apps.csv"
    assert _run(capsys, "apps", "export", "-o", str(out))[0] == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    first = next(r["첫 오류 (first error)"] for r in rows if int(r["번호 (id)"]) == book["empty"])
    assert any("가" <= ch <= "힣" for ch in first.split(":", 1)[1]), first


def test_the_client_list_goes_back_in(book: dict[str, int], base_dir: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester's round trip failed: the export had no profile and its '기업명 (name)' header
    was not read. Now the list goes into another data folder whole, profile and all."""
    assert _run(capsys, "clients", "edit", str(book["client"]), "--set", "company.founded=2019-03-04",
                "--set", "company.employees=12")[0] == 0
    out = tmp_path / "book.xlsx"
    assert _run(capsys, "clients", "export", "-o", str(out))[0] == 0
    code, printed, err = _run(capsys, "clients", "import", str(out), "--dry-run")
    assert code == 1 and "already in the book" in err  # the same book: every firm is there
    monkeypatch.setenv("VOUCHER_DESK_HOME", str(tmp_path / "other"))
    code, printed, err = _run(capsys, "clients", "import", str(out))
    assert code == 0, printed + err
    with Desk.open(auto_backup=False) as desk:
        [client] = desk.clients.search("가온")
    assert client.profile["company.brn"] == "124-81-00998"
    assert client.profile["company.founded"] == "2019-03-04" and client.profile["company.employees"] == "12"
