"""The book in: clients from CSV/XLSX with a mapping preview, every 사업자등록번호 checked,
duplicates found, nothing written until it is all right (issue 18, "Must show")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app.cli import main
from desktop_app.service import Desk


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _clients() -> list[str]:
    with Desk.open(auto_backup=False) as desk:
        return [c.name for c in desk.clients.search("", limit=100)]


@pytest.fixture
def book(base_dir: Path) -> None:
    with Desk.open(auto_backup=False) as desk:
        desk.clients.create({"company.name": "㈜가온데이터", "company.brn": "124-81-00998",
                             "company.representative": "김민서"})


def test_preview_refuses_a_bad_brn_and_a_duplicate_without_writing(
        book: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "clients.csv"
    file.write_text("상호,사업자등록번호,대표자명,메모\n"
                    "나래솔루션,220-81-62517,이서연,좋은 고객\n"
                    "틀린번호상사,123-45-67890,박지훈,\n"
                    "가온 데이터,220-81-00000,김민서,\n"   # same name and 대표자 as the book's
                    "다른이름,1248100998,최유진,\n", encoding="utf-8-sig")  # same BRN as the book's
    code, out, err = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 1
    assert "상호 → company.name" in out and "not imported: 메모" in out
    assert "4 row(s): 1 ready, 3 with problems" in out
    assert "clients.csv:3: 사업자등록번호 123-45-67890: 올바르지 않습니다" in err
    assert "clients.csv:4:" in err and "같은 기업명·대표자" in err
    assert "clients.csv:5: 이미 있는 고객사 #1 ㈜가온데이터와 같은 사업자등록번호" in err
    assert _clients() == ["㈜가온데이터"], "a dry run writes nothing"
    code, out, _ = _run(capsys, "clients", "import", str(file))  # not even without --dry-run
    assert code == 1 and "nothing imported" in out
    assert _clients() == ["㈜가온데이터"]


def test_a_clean_xlsx_is_previewed_then_imported_whole(book: None, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "clients.xlsx"
    sheet_book = Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    for row in (["회사", "BRN", "CEO", "company.region"], ["나래솔루션", "2208162517", "이서연", "부산광역시"],
                ["빛컴퍼니", "", "정하윤", ""], ["", "", "", ""]):
        sheet.append(row)
    sheet_book.save(file)
    code, out, _ = _run(capsys, "clients", "import", str(file), "--dry-run", "--map", "회사=company.name")
    assert code == 0 and "2 row(s): 2 ready, 0 with problems" in out and "nothing written" in out
    assert _clients() == ["㈜가온데이터"]
    code, out, _ = _run(capsys, "clients", "import", str(file), "--map", "회사=company.name")
    assert code == 0 and "imported 2 client(s)" in out
    with Desk.open(auto_backup=False) as desk:
        nara = desk.clients.search("나래")[0]
        assert nara.profile["company.brn"] == "220-81-62517" and nara.profile["company.region"] == "부산광역시"
    code, _, err = _run(capsys, "clients", "import", str(file), "--map", "회사=company.name")
    assert code == 1 and "이미 있는 고객사" in err, "importing the same file again finds every firm"
    code, _, err = _run(capsys, "clients", "import", str(file), "--map", "없는열=company.name")
    assert code == 2 and "no column" in err


def _open_handles_to(path: Path) -> int:
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir() if Path(os.path.realpath(fd)) == path.resolve())


def test_reading_an_xlsx_leaves_no_file_open_and_a_damaged_one_is_named(
        book: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """openpyxl's read-only book holds its zip open until closed; CI caught the leaked handle."""
    file = tmp_path / "clients.xlsx"
    sheet_book = Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    sheet.append(["기업명"])
    sheet.append(["나래솔루션"])
    sheet_book.save(file)
    code, _, _ = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 0
    assert _open_handles_to(file) == 0
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(file.read_bytes()[:200])
    code, _, err = _run(capsys, "clients", "import", str(damaged), "--dry-run")
    assert code != 0 and "damaged.xlsx" in err and "손상" in err
    assert "internal error" not in err.lower()


def test_window_preview_dialog_imports_only_a_clean_file(book: None, tmp_path: Path, qtbot: object,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.client_import_dialog import ClientImportDialog
    from ui.clients import ClientsPage

    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("기업명,사업자등록번호\n틀린번호상사,123-45-67890\n다른이름,124-81-00998\n", encoding="utf-8")
    good.write_text("기업명,사업자등록번호\n나래솔루션,220-81-62517\n", encoding="utf-8")
    with Desk.open(auto_backup=False) as desk:
        page = ClientsPage(desk, [], solo=False)
        qtbot.addWidget(page)  # type: ignore[attr-defined]
        shown: list[ClientImportDialog] = []

        def run(dialog: ClientImportDialog) -> int:
            shown.append(dialog)
            if dialog.ok_button.isEnabled():
                dialog.confirm()
                return int(ClientImportDialog.DialogCode.Accepted.value)
            return int(ClientImportDialog.DialogCode.Rejected.value)

        monkeypatch.setattr(ClientImportDialog, "exec", run)
        assert page.import_clients(bad) == []
        assert not shown[0].ok_button.isEnabled() and "문제 2" in shown[0].summary.text()
        assert "123-45-67890" in shown[0].rows.toPlainText()
        assert [c.name for c in desk.clients.search("")] == ["㈜가온데이터"]
        added = page.import_clients(good)
        assert len(added) == 1 and page.list.count() == 2


def test_preview_refuses_values_no_form_can_read_and_reads_date_cells(
        book: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every value is judged as the forms bound to its key will judge it, at the preview (a
    tester's bad date, count, e-mail and region passed as 'ok' and failed in each application);
    a real XLSX date cell is a date, not '2017-04-03 00:00:00'."""
    import datetime as dt

    file = tmp_path / "book.xlsx"
    sheet_book = Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    sheet.append(["상호", "사업자등록번호", "대표자", "설립일", "상시근로자수", "이메일", "company.region"])
    sheet.append(["가온테크", "2208162517", "이가온", "2019-13-01", "다섯", "not-an-email", "한양"])
    sheet.append(["나래상사", "", "김나래", dt.datetime(2017, 4, 3), 12, "a@b.kr", "서울특별시"])
    sheet_book.save(file)
    code, out, err = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 1, out + err
    both = out + err
    assert "book.xlsx:2" in both and "book.xlsx:3" not in both
    for words in ("날짜로 읽을 수 없습니다", "정수 형식이어야 합니다", "이메일 주소 형식이 아닙니다",
                  "'한양'은(는) 고를 수 있는 값이 아닙니다", "서울특별시"):
        assert words in both, words
    assert _clients() == ["㈜가온데이터"]  # nothing written
    rows = file.with_name("ok.xlsx")
    sheet_book = Workbook()
    sheet = sheet_book.active
    assert sheet is not None
    sheet.append(["상호", "대표자", "설립일", "상시근로자수"])
    sheet.append(["나래상사", "김나래", dt.datetime(2017, 4, 3), 12.0])
    sheet_book.save(rows)
    code, out, err = _run(capsys, "clients", "import", str(rows))
    assert code == 0, out + err
    with Desk.open(auto_backup=False) as desk:
        nara = desk.clients.search("나래상사")[0]
    assert nara.profile["company.founded"] == "2017-04-03" and nara.profile["company.employees"] == "12"


def test_clients_edit_refuses_a_value_no_form_can_read(book: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "clients", "edit", "1", "--set", "company.employees=열두명",
                           "--set", "company.entity_type=주식회사")
    assert code == 2
    assert "정수 형식이어야 합니다" in err and "가능한 값: 법인, 개인사업자" in err
    assert "must be a whole number" in err
    code, _out, err = _run(capsys, "clients", "edit", "1", "--set", "company.employees=12")
    assert code == 0, err


def test_short_region_names_are_read_as_the_forms_choices(book: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Consultants write 서울, 충남, 강원도: each form's `also` words read them (forms/README.md)."""
    for typed in ("서울", "충남", "강원도", "전북"):
        code, _out, err = _run(capsys, "clients", "edit", "1", "--set", f"company.region={typed}")
        assert code == 0, err
    with Desk.open(auto_backup=False) as desk:
        form = desk.find_form("data-voucher@2026")
        app = desk.apps.new(form, client_id=1).app_id or 0
        assert desk.apps.open(app).values["region"] == "jeonbuk"  # 전북 → 전북특별자치도


def test_korean_excel_csv_and_firms_already_in_the_book(book: None, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Korean Excel's plain 'CSV' is CP949 (it was refused); a master list holding clients
    already added is refused whole, unless --skip-existing leaves those rows out and says so.
    The refusal reads '㈜가온데이터와' (the particle follows the name), not '…와' after 받침."""
    file = tmp_path / "master.csv"
    file.write_bytes("상호,사업자등록번호,대표자\n㈜가온데이터,124-81-00998,김민서\n한빛상사,,이한빛\n"
                     .encode("cp949"))
    code, out, err = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 1 and "CP949" in out
    assert "이미 있는 고객사 #1 ㈜가온데이터와 같은 사업자등록번호" in err
    code, out, err = _run(capsys, "clients", "import", str(file), "--skip-existing")
    assert code == 0, out + err
    assert "1 ready, 0 with problems, 1 already in the book (skipped)" in out
    assert "imported 1 client(s)" in out
    assert sorted(_clients()) == ["㈜가온데이터", "한빛상사"]
    code, out, err = _run(capsys, "clients", "import", str(file), "--skip-existing")
    assert code == 0 and "nothing to import" in out
    file.write_bytes(b"\xff\xfe\x00broken")
    code, _out, err = _run(capsys, "clients", "import", str(file))
    assert code == 2 and "neither UTF-8 nor CP949" in err


def test_the_profile_editor_speaks_for_the_newest_edition() -> None:
    """A 2026 founder's 회사 정보 showed 2020's help ('2019년 재무제표') and 시·도 list (강원도)."""
    from desktop_app.forms import load_shipped
    from desktop_app.service.profile_checks import profile_fields

    fields = profile_fields(load_shipped())
    assert "강원특별자치도" in [c.label.ko for c in fields["company.region"].choices]
    help_text = fields["company.revenue_prev"].help
    assert help_text is not None and "2019년" not in help_text.ko and "2025년" in help_text.ko


def test_a_profile_is_refused_what_its_applications_would_be(book: None, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """220-85-… (a sole proprietor's middle digits) with 기업 형태 법인 passed the profile and failed
    the newest form's entity_type_mismatch in every application (a founder)."""
    code, _out, err = _run(capsys, "clients", "add", "달빛상점", "--brn", "220-85-12349",
                           "--set", "company.entity_type=법인")
    assert code == 2 and "가운데 두 자리가 기업 형태와 맞지 않습니다" in err
    code, out, err = _run(capsys, "clients", "add", "달빛상점", "--brn", "220-01-12349",
                          "--set", "company.entity_type=개인사업자")
    assert code == 0, err
    new = out.strip()
    code, _out, err = _run(capsys, "clients", "edit", new, "--set", "company.entity_type=법인")
    assert code == 2 and "middle two digits" in err
    file = tmp_path / "two.csv"
    file.write_text("상호,사업자등록번호,대표자,company.entity_type\n한빛상사,220-85-12349,이한빛,법인\n",
                    encoding="utf-8")
    code, _out, err = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 1 and "two.csv:2" in err and "기업 형태와 맞지 않습니다" in err


def test_a_title_above_the_column_names(book: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consultant's sheet starts with a title line: --header-row says where the names are,
    and every problem is still located by the file's own line number."""
    file = tmp_path / "titled.csv"
    file.write_text("2026년 고객사 명부,,\n상호,사업자등록번호,대표자\n한빛상사,,이한빛\n"
                    "새봄상회,123-45-67890,박새봄\n", encoding="utf-8")
    code, _out, err = _run(capsys, "clients", "import", str(file), "--dry-run")
    assert code == 2 or "기업명 열을 찾지 못했습니다" in err  # line 1 is the title: no name column
    code, out, err = _run(capsys, "clients", "import", str(file), "--dry-run", "--header-row", "2")
    assert code == 1 and "titled.csv:4" in err and "titled.csv:3" not in err, out + err  # the bad BRN's line
    assert "line     3  ok" in out
