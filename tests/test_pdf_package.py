"""The submission package: attachments appended (PDF pages merged, images placed, other files
listed) with an outline entry each, byte-identical re-renders of the whole package, agency-safe
attachment copies, the proof report, the signature block, the budget chart and wide tables on
landscape pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from test_pdf_render import (
    APP_ID,
    APPLICANT,
    CREATED,
    FORM_FILE,
    ROOT,
    SAMPLES,
    check,
    load_sample,
    pages_text,
    squash,
    write_pdf,
)

from desktop_app.forms import FormDefinition, load_form
from desktop_app.pdf import PdfError, render_pdf
from desktop_app.pdf.attachments import MAX_NAME_BYTES, export_name, safe_filename
from desktop_app.pdf.proof import as_text, write_proof

SME = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(FORM_FILE)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Attachments of every kind: a 3-page PDF, a rotated page, a PNG, a JPEG, an XLSX, a
    broken PDF."""
    from PIL import Image, ImageDraw

    root = tmp_path_factory.mktemp("files")
    write_pdf(root / "사업자등록증.pdf", "BIZREG", pages=3)
    rotated = PdfWriter()
    rotated.append(PdfReader(_one_page("ROTATED")))
    rotated.pages[0].rotate(90)
    with open(root / "rotated.pdf", "wb") as fh:
        rotated.write(fh)
    img = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(img).rectangle((20, 20, 380, 280), outline="blue", width=8)
    img.save(root / "portfolio.png")
    img.save(root / "photo.jpg", quality=80)
    (root / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF at all")
    return root


def _one_page(title: str) -> io.BytesIO:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, title)
    c.showPage()
    c.save()
    buf.seek(0)
    return buf


MIXED = {"biz_reg": ["사업자등록증.pdf", "rotated.pdf"],
         "financials": ["budget.xlsx", "broken.pdf"],
         "portfolio": ["portfolio.png", "photo.jpg", "nowhere.pdf"]}


def render(form: FormDefinition, base: Path, attachments: dict[str, list[str]] = MIXED,
           **kw: object) -> tuple[bytes, object]:
    from test_pdf_render import COMPLETE

    out = io.BytesIO()
    info = render_pdf(form, check(form, COMPLETE, attachments), out, applicant=APPLICANT,
                      app_id=APP_ID, created=CREATED, attachments=attachments, base_dir=base,
                      **kw)  # type: ignore[arg-type]
    return out.getvalue(), info


def test_attachments_are_merged_placed_and_bookmarked(form: FormDefinition, files: Path) -> None:
    pdf, info = render(form, files)
    reader = PdfReader(io.BytesIO(pdf))
    texts = pages_text(pdf)
    assert len(reader.pages) == info.pages  # type: ignore[attr-defined]
    # 3 + 1 merged PDF pages, 2 image pages, 3 pages saying why a file is not in the package
    assert info.attachment_pages == 9  # type: ignore[attr-defined]
    starts = {f.name: f.first_page for f in info.attachments}  # type: ignore[attr-defined]
    for k in range(3):
        assert f"BIZREG p{k + 1}" in texts[starts["사업자등록증.pdf"] - 1 + k]
        assert f"첨부 1. 사업자등록증 ({k + 1}/3)" in texts[starts["사업자등록증.pdf"] - 1 + k]
    rotated = reader.pages[starts["rotated.pdf"] - 1]
    assert "ROTATED" in texts[starts["rotated.pdf"] - 1]
    assert float(rotated.mediabox.width) > float(rotated.mediabox.height)  # turned upright
    for name in ("portfolio.png", "photo.jpg"):
        page = reader.pages[starts[name] - 1]
        assert len(page.images) == 1 and f"파일: {name}" in texts[starts[name] - 1]
    assert "형식(XLSX)" in texts[starts["budget.xlsx"] - 1]
    assert "읽을 수 없어" in texts[starts["broken.pdf"] - 1]
    assert "찾을 수 없어" in texts[starts["nowhere.pdf"] - 1]
    # the outline: one entry per file under "첨부 서류", pointing at its first page
    root = [i for i in reader.outline if not isinstance(i, list)]
    assert root[-1].title == "첨부 서류"
    children = reader.outline[-1]
    assert isinstance(children, list)
    assert [c.title for c in children] == [
        "첨부 1. 사업자등록증 — 사업자등록증.pdf", "첨부 1. 사업자등록증 — rotated.pdf",
        "첨부 2. 재무제표 — budget.xlsx", "첨부 2. 재무제표 — broken.pdf",
        "첨부 3. 포트폴리오 — portfolio.png", "첨부 3. 포트폴리오 — photo.jpg",
        "첨부 3. 포트폴리오 — nowhere.pdf"]
    assert [reader.get_destination_page_number(c) + 1 for c in children] == [
        f.first_page for f in info.attachments]  # type: ignore[attr-defined]
    # the checklist states each requirement and where its files start
    flat = squash("".join(texts))
    assert squash("2 재무제표 budget.xlsx, broken.pdf 필수 2개 □ 파일 없음") in flat


def test_package_is_byte_identical_also_in_a_fresh_process(form: FormDefinition,
                                                           files: Path) -> None:
    first, _ = render(form, files)
    second, _ = render(form, files)
    assert first == second
    code = (
        "import sys, test_pdf_package as p\n"
        "from pathlib import Path\n"
        "f = p.load_form(p.FORM_FILE)\n"
        "pdf, _ = p.render(f, Path(sys.argv[1]))\n"
        "sys.stdout.buffer.write(pdf)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(files)], capture_output=True,
                         cwd=ROOT / "tests", check=True)
    assert run.stdout == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]
    assert reader.metadata is not None and reader.metadata.title == form.title.ko


def test_shipped_sample_package_is_deterministic_with_its_attachments() -> None:
    form, result, answers = load_sample(SME)
    outs = []
    for _ in range(2):
        out = io.BytesIO()
        info = render_pdf(form, result, out, applicant="A", app_id="B", created=CREATED,
                          attachments=answers.attachments, base_dir=answers.base_dir)
        outs.append(out.getvalue())
    assert outs[0] == outs[1]
    assert info.attachment_pages == len([n for v in answers.attachments.values() for n in v])


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_font_of_our_pages_is_embedded(sample: Path, tmp_path: Path) -> None:
    """pdffonts: the submission's own pages embed every font; in the package, a font that is
    not embedded can only come from an attached file, and the proof report names it."""
    form, result, answers = load_sample(sample)
    alone = tmp_path / "alone.pdf"
    render_pdf(form, result, alone, attachments=answers.attachments, base_dir=answers.base_dir,
               include_attachments=False)
    for row in _pdffonts(alone):
        assert row[-5] == "yes", row
    package = tmp_path / "package.pdf"
    info = render_pdf(form, result, package, attachments=answers.attachments,
                      base_dir=answers.base_dir, proof=True)
    assert info.proof is not None
    ours = {f.name for f in info.proof.fonts if f.source == "신청서 본문"}
    assert ours == {"NanumGothic", "NanumGothicBold"}
    assert all(f.embedded for f in info.proof.fonts if f.source == "신청서 본문")
    foreign = {f.name for f in info.proof.fonts if not f.embedded}
    for row in _pdffonts(package):
        if row[-5] != "yes":
            assert row[0] in foreign, row


def _pdffonts(path: Path) -> list[list[str]]:
    run = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [r.split() for r in run.stdout.splitlines()[2:]]


def test_proof_report_lists_answers_pages_fonts_and_notes(tmp_path: Path) -> None:
    form, result, answers = load_sample(SME)
    info = render_pdf(form, result, io.BytesIO(), attachments=answers.attachments,
                      base_dir=answers.base_dir, proof=True)
    proof = info.proof
    assert proof is not None and proof.pages == info.pages
    by_key = {a.key: a for a in proof.answers}
    assert by_key["company_name"].value == "주식회사 비전팩토리"
    assert by_key["company_name"].pages == {1}
    assert by_key["datasets[1]"].pages and by_key["budget[4]"].pages
    assert "attachment.brn_certificate" in by_key
    assert any(n.kind == "moved" and n.where == "가공 대상 데이터" for n in proof.notes)
    text = as_text(proof)
    assert "| 2. 신청기업 정보 | 기업명 | 주식회사 비전팩토리 | 1 |" in text
    assert "| NanumGothic | TrueType | 예 | 신청서 본문 |" in text
    write_proof(proof, tmp_path / "proof.md")
    write_proof(proof, tmp_path / "proof.pdf")
    pdf_text = "".join(pages_text((tmp_path / "proof.pdf").read_bytes()))
    assert "출력 확인 보고서" in pdf_text and "주식회사 비전팩토리" in pdf_text


def test_wide_table_goes_on_a_landscape_page_with_whole_header_words() -> None:
    form, result, answers = load_sample(SME)
    out = io.BytesIO()
    render_pdf(form, result, out, attachments=answers.attachments, base_dir=answers.base_dir)
    reader = PdfReader(out)
    wide = [k for k, p in enumerate(reader.pages) if "가공 대상 데이터" in (p.extract_text() or "")]
    assert wide
    for k in wide:
        box = reader.pages[k].mediabox
        assert float(box.width) > float(box.height)
    text = reader.pages[wide[0]].extract_text() or ""
    for header in ("원천 데이터 출처", "라벨링 기준(클래스·규칙)", "품질 검수 방법", "개인정보 포함 여부"):
        assert header.split()[0] in text.split() or header in text
    assert float(reader.pages[wide[-1] + 1].mediabox.width) < float(
        reader.pages[wide[-1] + 1].mediabox.height)  # and back to portrait


def test_signature_block_and_consents() -> None:
    form, result, answers = load_sample(SME)
    out = io.BytesIO()
    render_pdf(form, result, out, attachments=answers.attachments, base_dir=answers.base_dir,
               include_attachments=False)
    texts = pages_text(out.getvalue())
    last = squash(texts[-2] + texts[-1])
    assert squash("개인정보 수집·이용에 동의합니다") in last
    assert squash("대표자·담당자의 이름, 연락처") in last  # the consent's wording
    assert squash("위와 같이 「2020년 AI 데이터 가공바우처") in last
    assert squash("2020년 6월 10일") in last
    assert squash("대표자 김도윤 (인)") in last or squash("대표자김도윤") in last
    assert squash("한국데이터산업진흥원(K-Data) 귀하") in last
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert sum(len(p.images) for p in reader.pages) == 1  # the seal


def test_budget_chart_shows_the_split_and_the_items() -> None:
    form, result, _ = load_sample(SME)
    out = io.BytesIO()
    render_pdf(form, result, out, include_attachments=False)
    flat = squash("".join(pages_text(out.getvalue())))
    assert squash("사업비 구성") in flat
    assert squash("정부지원금 70,000,000원 (97.5%)") in flat
    assert squash("민간부담금 1,800,000원 (2.5%)") in flat
    assert squash("데이터 라벨링·가공") + squash("64,000,000원 (89.1%)") in flat


def test_final_is_refused_while_errors_remain(form: FormDefinition, files: Path) -> None:
    from test_pdf_render import COMPLETE

    broken = check(form, {**COMPLETE, "budget_items": [{"item": "x", "category": "service",
                                                        "amount": 90_000_000}]})
    with pytest.raises(PdfError, match="not exported as final"):
        render_pdf(form, broken, io.BytesIO(), final=True)
    info = render_pdf(form, check(form, COMPLETE), io.BytesIO(), final=True)
    assert not info.draft


# --- agency-safe names ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("사업자 등록증.pdf", "사업자_등록증.pdf"),
    ('a<b>c:d"e/f\\g|h?i*j.PDF', "a_b_c_d_e_f_g_h_i_j.pdf"),
    ("CON.pdf", "_CON.pdf"),
    ("견적서...  ", "견적서"),
    ("tab\there\x07.png", "tab_here.png"),
])
def test_safe_filename_rules(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_is_nfc_and_short() -> None:
    decomposed = unicodedata.normalize("NFD", "재무제표_2019년도_표준재무제표증명" * 6 + ".pdf")
    name = safe_filename(decomposed)
    assert unicodedata.is_normalized("NFC", name)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES and name.endswith(".pdf")
    assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)


def test_cli_writes_package_proof_and_agency_safe_copies(tmp_path: Path) -> None:
    out, proof, split = tmp_path / "신청서.pdf", tmp_path / "proof.md", tmp_path / "첨부"
    run = subprocess.run(
        [sys.executable, "-m", "desktop_app", "pdf", "ai-data-voucher@2020", str(SME), "-o",
         str(out), "--today", "2020-06-10", "--proof", str(proof), "--split-attachments",
         str(split)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "of them attached" in run.stdout
    copies = sorted(p.name for p in split.iterdir())
    assert copies[0] == "01-1_사업자등록증명원_brn-certificate.pdf"
    assert all(len(n.encode()) <= MAX_NAME_BYTES and unicodedata.is_normalized("NFC", n)
               for n in copies)
    assert len(copies) == len(PdfReader(out).outline[-1])  # type: ignore[arg-type]
    assert "## 답변과 인쇄된 쪽" in proof.read_text(encoding="utf-8")
    form, _, _ = load_sample(SME)
    from desktop_app.pdf.attachments import plan

    items = plan(form, {"brn_certificate": ["x/" + "아주 긴 이름" * 20 + ".pdf"]}, None)
    assert len(export_name(items[0], "ko").encode()) <= MAX_NAME_BYTES
