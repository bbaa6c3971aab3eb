"""A stored application's attachments reach its submission PDF (`apps pdf`), as the user does it:
`apps new` from a sample, `apps attach` a PDF and a JPG, `apps pdf` — then the pages are read back."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from attachment_files import jpeg_with_text, pdf_with_text
from pypdf import PdfReader

from desktop_app.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def bare_sample(tmp_path: Path) -> Path:
    """The sample without its attachments (`apps new --answers` brings those along): the
    test's own files are then the only ones."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data.pop("attachments", None)
    for name in {v for v in data["answers"].values() if isinstance(v, str) and v.endswith(".png")}:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE.parent / name, tmp_path / name)
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return bare


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler reads it (what a reviewer's viewer shows)."""
    pages = len(PdfReader(pdf).pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                           check=True, capture_output=True, text=True).stdout
            for n in range(1, pages + 1)]


def test_apps_pdf_merges_an_attached_pdf_and_places_a_jpg(base_dir: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    tax = pdf_with_text(tmp_path / "납세증명서_2020.pdf", ["TAX CERTIFICATE FD-7731", "page two FD-7732"])
    photo = jpeg_with_text(tmp_path / "사업자등록증 사진.jpg")
    app = cli(capsys, "apps", "new", "ai-data-voucher", "--answers", str(bare_sample(tmp_path))).strip()
    cli(capsys, "apps", "attach", app, "tax_certificate", str(tax))
    cli(capsys, "apps", "attach", app, "brn_certificate", str(photo))
    out = tmp_path / "x.pdf"
    cli(capsys, "apps", "pdf", app, "-o", str(out), "--today", "2020-06-01")

    texts = page_texts(out)
    whole = "\n".join(texts)
    # the attached PDF's own text is on its own two pages, in order, under its caption
    first = next(i for i, t in enumerate(texts) if "TAX CERTIFICATE FD-7731" in t)
    assert "page two FD-7732" in texts[first + 1]
    assert "국세·지방세 납세증명서" in texts[first]
    # the JPG is placed as an image on a page naming the original file, not its SHA-256
    photo_page = next(i for i, t in enumerate(texts) if "사업자등록증 사진.jpg" in t and "첨부 1." in t)
    resources = PdfReader(out).pages[photo_page]["/Resources"]
    images = [x for x in resources["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert images, "the JPG is not placed on its page"
    # the checklist says how many pages each took; nothing goes 'separately', no hash as a name
    start = next(i for i, t in enumerate(texts) if "첨부 서류 확인표" in t)
    checklist = "\n".join(texts[start:start + 2])  # it may run onto a second page
    rows = [line for line in checklist.splitlines() if "필수" in line]
    brn_row = next(line for line in rows if "사업자등록증명원" in line)
    tax_row = next(line for line in rows if "납세증명서" in line)
    assert "첨부 1쪽" in brn_row and "첨부 2쪽" in tax_row
    assert "납세증명서_2020.pdf" in checklist
    assert "별도 제출" not in whole and "별도 파일" not in whole
    assert hashlib.sha256(photo.read_bytes()).hexdigest() not in whole.replace("\n", "")


def test_apps_pdf_in_english_names_the_pages_too(base_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    tax = pdf_with_text(tmp_path / "tax.pdf", ["TAX CERTIFICATE EN-1"])
    app = cli(capsys, "apps", "new", "ai-data-voucher", "--answers", str(bare_sample(tmp_path))).strip()
    cli(capsys, "apps", "attach", app, "tax_certificate", str(tax))
    out = tmp_path / "en.pdf"
    cli(capsys, "apps", "pdf", app, "-o", str(out), "--lang", "en", "--today", "2020-06-01")
    data = out.read_bytes()
    texts = page_texts(out)
    assert any("TAX CERTIFICATE EN-1" in t for t in texts)
    start = next(i for i, t in enumerate(texts) if "Attachment checklist" in t)
    assert "Attached, 1 p." in "\n".join(texts[start:start + 2])
    assert "Separate file" not in "\n".join(texts)
    assert PdfReader(io.BytesIO(data)).outline  # the attachment has its outline entry
