"""What the exported PDF says of itself (issue 13, item 10), from a stored application and the
command as typed: 작성일 filled, no internal flags, non-applicable documents not listed as
missing, an unofficial-looking reference number, a pledge broken between words, and the export
date (not the deadline) as the creation date — with the same bytes for the same day."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_exported_pdf_wording_and_dates(base_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = cli(capsys, "apps", "new", "ai-data-voucher", "--answers", str(SAMPLE)).strip()
    cli(capsys, "apps", "set", app, "sign_date", "--clear")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    cli(capsys, "apps", "pdf", app, "-o", str(first), "--today", "2020-06-03")
    cli(capsys, "apps", "pdf", app, "-o", str(second), "--today", "2020-06-03")
    assert first.read_bytes() == second.read_bytes()  # same answers, same day: same bytes
    meta = PdfReader(first).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.strftime("%Y-%m-%d %H:%M") == "2020-06-03 00:00"  # the export day, KST
    text = text_of(first)
    title_rows = text.split("1. 신청 구분")[0]
    assert "작성일" in title_rows and "2020년 6월 3일" in title_rows  # no signing date: the export date
    assert "자동 계산 항목" not in text and "법인 여부" not in text and "청년기업  " not in text
    assert "신청 번호" not in text and "관리 번호(바우처 데스크) VD-" in text
    # documents whose condition does not hold: 해당 없음, never "□ 미제출"
    founder_row = next(line for line in text.splitlines() if "폐업사실증명" in line)
    assert "해당 없음" in founder_row and "미제출" not in founder_row
    solo_row = next(line for line in text.splitlines() if "1인 창조기업 확인 서류" in line)
    assert "해당 없음" in solo_row
    # the pledge breaks between words only
    pledge = [line.strip() for line in text.splitlines() if "사실임을 확인합니다." in line]
    assert pledge and all(not line.startswith("임을") for line in pledge)
    assert not any(line.rstrip().endswith("사실") for line in text.splitlines() if "기재한 내용이" in line)

    cli(capsys, "apps", "set", app, "sign_date", "2020-06-10")
    signed = tmp_path / "c.pdf"
    cli(capsys, "apps", "pdf", app, "-o", str(signed), "--today", "2020-06-03")
    assert "2020년 6월 10일" in text_of(signed).split("1. 신청 구분")[0]  # the signing date wins
