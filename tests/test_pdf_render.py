"""The submission PDF: every answer printed (Korean and English), only embedded Nanum fonts,
byte-identical re-renders, DRAFT exactly while errors remain, long tables and texts that run over
pages without losing anything, hidden answers left out."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop_app import paths
from desktop_app.forms import FormDefinition, load_form
from desktop_app.pdf import PdfError, RenderInfo, render_pdf
from desktop_app.pdf import fonts as pdf_fonts
from desktop_app.pdf.blocks import SHOWN_COMPUTED
from desktop_app.pdf.formatting import format_computed, format_value
from desktop_app.validation import ValidationResult, validate
from desktop_app.validation.engine import AttachmentFile

ROOT = Path(__file__).resolve().parent.parent
FORM_FILE = ROOT / "tests" / "fixtures" / "forms" / "pdf_sample.yaml"
TODAY = dt.date(2020, 6, 10)
APPLICANT = "한빛데이터 대표 김하늘"
APP_ID = "APP-2020-0001"
CREATED = dt.datetime(2020, 6, 10, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
FILES = {"biz_reg": ["docs/사업자등록증.pdf"], "financials": ["docs/재무제표_2019.pdf"],
         "portfolio": []}

COMPLETE: dict[str, Any] = {
    "company_name": "주식회사 한빛데이터",
    "brn": "2208712343",
    "crn": "1101112345670",
    "ceo": "김하늘",
    "founded": "2015-03-02",
    "employees": 12,
    "company_kind": "small",
    "large_reason": "숨은사유 HIDDENREASON",
    "email": "contact@hanbit.co.kr",
    "phone": "02-1234-5678",
    "postcode": "06236",
    "address": "서울특별시 강남구 테헤란로 123, 4층",
    "project_title": "제조 공정 불량 검출용 이미지 데이터 가공",
    "summary": "제조 라인 카메라 영상을 수집·가공하여 불량 검출 AI 모델 학습에 활용합니다.",
    "description": "1. 추진 배경\n" + "국내 중소 제조기업은 품질 검사 인력이 부족합니다. " * 6
                   + "\n\n2. 추진 내용\n" + "라벨링 도구로 20만 장의 이미지에 바운딩 박스를 입력합니다. " * 5,
    "start_date": "2020-07-01",
    "submitted_at": "2020-06-10T14:30:00+09:00",
    "data_kinds": ["image", "video"],
    "overseas": False,
    "target_countries": "숨은국가 HIDDENCOUNTRY",
    "consent": True,
    "budget_items": [
        {"item": "데이터 라벨링", "category": "service", "amount": 45_000_000, "note": "외주 용역"},
        {"item": "품질 검수 인력", "category": "labour", "amount": 12_345_000, "note": "2명"},
    ],
    "private_ratio": 20,
    "score": 87.5,
    "seal": "seal.png",
}


# --- helpers -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form(FORM_FILE)


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the seal image that the answers name by a relative path."""
    from PIL import Image, ImageDraw

    root = tmp_path_factory.mktemp("assets")
    img = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(img).ellipse((5, 5, 115, 115), outline="red", width=6)
    img.save(root / "seal.png")
    for names in FILES.values():
        for name in names:
            write_pdf(root / name, "ATTACHED " + Path(name).stem)
    return root


def write_pdf(path: Path, title: str, pages: int = 1) -> None:
    """A small attachment (one line of text per page), byte-identical on every run."""
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), invariant=1)
    for k in range(pages):
        c.setFont("Helvetica", 12)
        c.drawString(72, 720, f"{title} p{k + 1}")
        c.showPage()
    c.save()


def check(form: FormDefinition, answers: Mapping[str, Any],
          files: Mapping[str, Sequence[str]] = FILES) -> ValidationResult:
    given = {k: [AttachmentFile(Path(f).name, 1000) for f in v] for k, v in files.items()}
    return validate(form, answers, attachments=given, today=TODAY)


def render(form: FormDefinition, result: ValidationResult, assets: Path | None = None,
           **kw: Any) -> tuple[bytes, RenderInfo]:
    out = io.BytesIO()
    options: dict[str, Any] = {"applicant": APPLICANT, "app_id": APP_ID, "created": CREATED,
                               "attachments": FILES, "base_dir": assets}
    options.update(kw)
    info = render_pdf(form, result, out, **options)
    return out.getvalue(), info


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    """Whitespace (spaces, no-break spaces, line ends) removed: wrapping must not matter."""
    return re.sub(r"\s+", "", text)


_FOOTER = re.compile(r"(신청 번호|Application no\.) .*|\d+ / \d+ 쪽|Page \d+ / \d+"
                     r"|(확인값|Check) [0-9a-f]{12}|DRAFT / 초안")


def body_text(pdf: bytes, title: str, applicant: str, *repeated: str) -> str:
    """All pages' text without the running header and footer (and `repeated` lines, such as a
    label row that repeats on every page), so that a value running over a page break reads as
    one."""

    def furniture(line: str) -> bool:
        s = line.strip()
        return (s in (title, applicant, *repeated) or _FOOTER.fullmatch(s) is not None
                or (s.endswith("…") and title.startswith(s[:-1].rstrip())))

    return "\n".join("\n".join(ln for ln in text.splitlines() if not furniture(ln))
                     for text in pages_text(pdf))


def expected_values(form: FormDefinition, result: ValidationResult, lang: str) -> list[str]:
    """Every visible answer and labelled computed value, as the PDF should print it."""
    out: list[str] = []
    for section in form.sections:
        if section.id in result.hidden_sections:
            continue
        for f in section.fields:
            if f.id in result.hidden_fields:
                continue
            value = result.values.get(f.id)
            if f.type == "table":
                for row in value or []:
                    out += [format_value(c, row.get(c.id), lang) for c in f.columns
                            if c.type != "image"]
            elif f.type != "image":
                out.append(format_value(f, value, lang))
    for c in form.computed:
        if c.label is not None and not c.internal and c.type in SHOWN_COMPUTED:  # flags and ages are not printed
            out.append(format_computed(c.type, result.computed.get(c.id), lang))
    return [v for v in out if v]


def assert_contains_values(text: str, values: Sequence[str]) -> None:
    flat = squash(text)
    words = set(text.split())
    missing = []
    for value in values:
        if len(value) <= 300:
            if squash(value) not in flat:
                missing.append(value)
        else:  # a long text: every word of it (a page break may fall between its lines)
            missing += [w for w in value.split() if w not in words and squash(w) not in flat]
    assert missing == []


# --- content -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_answer_value_is_printed(form: FormDefinition, assets: Path, lang: str) -> None:
    result = check(form, COMPLETE)
    assert not result.blocking, [i.message_en for i in result.issues]
    pdf, info = render(form, result, assets, lang=lang)
    assert info.pages >= 2 and not info.draft
    text = body_text(pdf, form.title.get(lang), APPLICANT)
    assert_contains_values(text, expected_values(form, result, lang))
    flat = squash(text)
    if lang == "ko":
        for literal in ("57,345,000원", "45,000,000원", "2015년3월2일", "2020년6월15일18:00", "소기업",
                        "■이미지", "□텍스트", "■예□아니오", "□예■아니오", "20%", "220-87-12343",
                        "1. 신청기업 현황", "비목별 예산", "용역비", "총 사업비", "정부지원금",
                        "첨부 서류 확인표", "■첨부1쪽", "□미제출", "필수", "선택"):
            assert squash(literal) in flat, literal
    else:
        for literal in ("KRW 57,345,000", "KRW 45,000,000", "2 March 2015", "15 June 2020, 18:00",
                        "Small enterprise", "■Image", "□Text", "■Yes□No", "1. Applicant company",
                        "Company name", "Budget items", "Services", "Total budget",
                        "Government share", "Attachment checklist", "■Attached,1p.", "□Missing",
                        "Required", "Optional"):
            assert squash(literal) in flat, literal
        assert "기업명" not in text  # labels come from Text.en


def test_title_block_header_and_footer_on_every_page(form: FormDefinition, assets: Path) -> None:
    result = check(form, COMPLETE)
    pdf, info = render(form, result, assets)
    texts = pages_text(pdf)
    assert len(texts) == info.pages
    first = squash(texts[0])
    for literal in (form.title.ko, form.agency.ko, "2020", "2020년 6월 15일 18:00", APP_ID,
                    "2020년 6월 10일 14:30"):
        assert squash(literal) in first, literal
    main_pages = info.pages - info.attachment_pages
    assert info.attachment_pages == 2  # the two attached one-page PDFs
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {info.pages} 쪽" in text
        assert f"확인값 {info.content_hash}" in text
        assert APP_ID in text
        if number <= main_pages:
            assert APPLICANT in text and form.title.ko in text
        else:  # an appended page: the stamp at its foot names the attachment
            assert "첨부 " in text and "ATTACHED" in text
    reader = PdfReader(io.BytesIO(pdf))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:3] == [form.title.ko, "1. 신청기업 현황", "2. 사업 계획"]
    assert outline[-1] == "첨부 서류"  # the appended attachments, with one entry per file
    assert "6. 첨부 서류 확인표" in outline
    # each entry points at the page where its section starts
    pages = [reader.get_destination_page_number(i) for i in reader.outline if not isinstance(i, list)]
    assert pages == sorted(pages) and pages[0] == 0 and pages[-1] == info.pages - 2
    children = next(item for item in reader.outline if isinstance(item, list))
    assert [c.title for c in children] == ["첨부 1. 사업자등록증 — 사업자등록증.pdf",
                                           "첨부 2. 재무제표 — 재무제표_2019.pdf"]
    assert reader.metadata is not None and reader.metadata.title == form.title.ko
    english = pages_text(render(form, result, assets, lang="en")[0])
    assert f"Page 1 / {len(english)}" in english[0]
    assert f"Check {info.content_hash}" in english[0]


def test_hidden_field_and_hidden_section_are_left_out(form: FormDefinition, assets: Path) -> None:
    result = check(form, COMPLETE)
    assert {"large_reason", "target_countries"} <= result.hidden_fields
    text = "".join(pages_text(render(form, result, assets)[0]))
    assert "HIDDENREASON" not in text and "HIDDENCOUNTRY" not in text
    assert "대기업 참여 사유" not in text and "해외 진출 국가 정보" not in text
    # the same answers shown once their condition holds: the check above can fail
    shown = check(form, {**COMPLETE, "company_kind": "large", "overseas": True})
    text = "".join(pages_text(render(form, shown, assets)[0]))
    assert "HIDDENREASON" in text and "HIDDENCOUNTRY" in text and "해외 진출 국가 정보" in text


def test_seal_image_is_drawn_from_a_relative_path(form: FormDefinition, assets: Path) -> None:
    result = check(form, COMPLETE)
    pdf, _ = render(form, result, assets)
    images = [name for page in PdfReader(io.BytesIO(pdf)).pages for name in page.images]
    assert len(images) == 1
    missing, _ = render(form, result, None)  # not resolvable without base_dir
    assert not [n for page in PdfReader(io.BytesIO(missing)).pages for n in page.images]
    assert "이미지 파일 없음: seal.png" in "".join(pages_text(missing))


def test_attachment_checklist_counts_files(form: FormDefinition, assets: Path) -> None:
    files = {"biz_reg": ["docs/사업자등록증.pdf", "b/사업자등록증_사본.pdf"], "financials": [],
             "portfolio": ["docs/재무제표_2019.pdf"]}
    result = check(form, COMPLETE, files)
    assert result.blocking  # financials are required with more than 10 employees
    pdf, info = render(form, result, assets, attachments=files)
    flat = squash("".join(pages_text(pdf)))
    # one of two files is not there: the requirement is not met
    assert squash("1 사업자등록증 사업자등록증.pdf, 사업자등록증_사본.pdf 필수 2개 □ 파일 없음") in flat
    assert squash("2 재무제표 필수 0개 □ 미제출") in flat
    first = next(f.first_page for f in info.attachments if f.requirement == "portfolio")
    assert squash("3 포트폴리오 재무제표_2019.pdf 선택 1개 ■ 첨부 1쪽") in flat
    checklist = next(t for t in pages_text(pdf) if "재무제표_2019.pdf" in t and "첨부 1쪽" in t)
    assert re.search(rf"^\s*{first}\s*$", checklist, re.M)  # the page column, filled in late
    assert "파일을 찾을 수 없어 넣지 못했습니다: b/사업자등록증_사본.pdf" in "".join(pages_text(pdf))


# --- fonts ---------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdffonts") is None,
                    reason="pdffonts (poppler-utils) is not installed; scripts/setup.sh installs it")
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_only_embedded_nanum_fonts(form: FormDefinition, assets: Path, tmp_path: Path,
                                   lang: str) -> None:
    result = check(form, {**COMPLETE, "crn": "123"})  # an error: the watermark's font too
    target = tmp_path / "out.pdf"
    info = render_pdf(form, result, target, lang=lang, applicant=APPLICANT, app_id=APP_ID,
                      base_dir=assets, attachments=FILES, include_attachments=False)
    assert info.draft and info.fonts == ("NanumGothic", "NanumGothicBold")
    run = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
    rows = run.stdout.splitlines()[2:]
    assert rows, run.stdout
    for row in rows:
        parts = row.split()
        assert parts[-5] == "yes", row  # the emb column
        assert re.fullmatch(r"[A-Z]{6}\+NanumGothic(Bold)?", parts[0]), row
    assert {r.split()[0].split("+")[1] for r in rows} == {"NanumGothic", "NanumGothicBold"}


def test_a_missing_font_says_to_run_the_setup(form: FormDefinition, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_fonts, "_registered", None)
    monkeypatch.setattr(paths, "fonts_dir", lambda: tmp_path)
    with pytest.raises(PdfError, match=r"scripts/setup\.sh") as err:
        render_pdf(form, check(form, COMPLETE), tmp_path / "out.pdf")
    assert "NanumGothic.ttf" in str(err.value)
    assert not (tmp_path / "out.pdf").exists()


# --- determinism ---------------------------------------------------------------------------------

def test_same_inputs_render_byte_identical(form: FormDefinition, assets: Path,
                                           tmp_path: Path) -> None:
    result = check(form, COMPLETE)
    first, info = render(form, result, assets)
    second, again = render(form, check(form, COMPLETE), assets)
    assert first == second and info == again
    target = tmp_path / "nested" / "out.pdf"
    render_pdf(form, result, target, applicant=APPLICANT, app_id=APP_ID, created=CREATED,
               attachments=FILES, base_dir=assets)
    assert target.read_bytes() == first
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind
    # a fresh process (fonts registered anew) gives the same bytes
    code = (
        "import io, sys, test_pdf_render as t\n"
        "from pathlib import Path\n"
        "f = t.load_form(t.FORM_FILE)\n"
        "pdf, _ = t.render(f, t.check(f, t.COMPLETE), Path(sys.argv[1]))\n"
        "sys.stdout.buffer.write(pdf)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(assets)], capture_output=True,
                         cwd=ROOT / "tests", check=True)
    assert run.stdout == first
    # the creation date is the given one, or the form's deadline
    def created(pdf: bytes) -> str:
        meta = PdfReader(io.BytesIO(pdf)).metadata
        assert meta is not None
        return str(meta["/CreationDate"])

    assert created(first) == "D:20200610143000+09'00'"
    plain, _ = render(form, result, assets, created=None)
    assert created(plain) == "D:20200615180000+09'00'"


def test_content_hash_follows_the_answers_not_the_language(form: FormDefinition,
                                                           assets: Path) -> None:
    result = check(form, COMPLETE)
    _, ko = render(form, result, assets)
    _, en = render(form, result, assets, lang="en")
    _, other = render(form, check(form, {**COMPLETE, "ceo": "박바다"}), assets)
    assert ko.content_hash == en.content_hash != other.content_hash
    assert re.fullmatch(r"[0-9a-f]{12}", ko.content_hash)


# --- draft ---------------------------------------------------------------------------------------

def test_draft_watermark_exactly_while_errors_remain(form: FormDefinition, assets: Path) -> None:
    clean = check(form, COMPLETE)
    over_cap = check(form, {**COMPLETE, "budget_items": [
        {"item": "대규모 라벨링", "category": "service", "amount": 90_000_000}]})
    assert not clean.blocking and over_cap.blocking

    pdf, info = render(form, clean, assets)
    assert not info.draft
    assert all("DRAFT" not in t and "초안" not in t for t in pages_text(pdf))

    pdf, info = render(form, over_cap, assets)
    assert info.draft
    texts = pages_text(pdf)
    assert all("DRAFT / 초안" in t for t in texts)
    assert "오류가 1건 남아 있습니다" in texts[0]

    forced, info = render(form, clean, assets, draft=True)
    assert info.draft and all("DRAFT / 초안" in t for t in pages_text(forced))
    final, info = render(form, over_cap, assets, draft=False)
    assert not info.draft and all("DRAFT" not in t for t in pages_text(final))


# --- long content --------------------------------------------------------------------------------

def test_200_row_table_repeats_its_header_on_every_page(form: FormDefinition,
                                                        assets: Path) -> None:
    rows = [{"item": f"항목{i:03d}", "category": "service", "amount": 1000 * i,
             "note": f"비고 N{i:03d}"} for i in range(1, 201)]
    result = check(form, {**COMPLETE, "budget_items": rows})
    pdf, _ = render(form, result, assets)
    texts = pages_text(pdf)
    spanned = [t for t in texts if re.search(r"항목\d{3}", t)]
    assert len(spanned) >= 3
    for k, text in enumerate(spanned):
        # the table's label and its column labels head each of its pages, "(계속)" after the first
        assert ("비목별 예산 (계속)" in text) == (k > 0)
        assert "비목별 예산" in text
        assert all(label in text for label in ("번호", "비목", "구분", "금액", "비고"))
    joined = "\n".join(texts)
    for i in range(1, 201):
        assert f"항목{i:03d}" in joined and f"N{i:03d}" in joined
        assert f"{1000 * i:,}원" in joined
    en = pages_text(render(form, result, assets, lang="en")[0])
    en_spanned = [t for t in en if re.search(r"항목\d{3}", t)]
    assert all("Budget items" in t and "Amount" in t for t in en_spanned)


def test_20000_character_text_runs_over_pages_complete(form: FormDefinition,
                                                       assets: Path) -> None:
    sentences = [f"S{i:04d} 학습용 데이터의 품질을 검수합니다." for i in range(700)]
    paragraphs = ["\n".join(sentences[i:i + 35]) if i % 70 else " ".join(sentences[i:i + 35])
                  for i in range(0, 700, 35)]
    text = "\n\n".join(paragraphs)
    text = (text + " 끝" * 20000)[:20000]
    assert len(text) == 20000
    result = check(form, {**COMPLETE, "description": text})
    pdf, info = render(form, result, assets)
    texts = pages_text(pdf)
    holding = [t for t in texts if re.search(r"S\d{4}", t)]
    assert len(holding) >= 3
    words = set("\n".join(texts).split())
    assert [s for s in (f"S{i:04d}" for i in range(700)) if s not in words] == []
    # the label heads the text on each of its pages, marked as continued after the first
    assert "추진 내용" in holding[0] and "추진 내용 (계속)" not in holding[0]
    assert all("추진 내용 (계속)" in t for t in holding[1:])
    flat = squash(body_text(pdf, form.title.ko, APPLICANT, "추진 내용", "추진 내용 (계속)"))
    assert flat.count("학습용데이터의품질을검수합니다.") == text.count("학습용 데이터의 품질을 검수합니다.")
    assert flat.count("끝") == text.count("끝")
    assert info.pages == len(texts)


def test_long_values_in_a_grid_row_and_a_table_cell_split_without_loss(
        form: FormDefinition, assets: Path) -> None:
    name = " ".join(f"C{i:04d}" for i in range(600))  # a grid row taller than a page
    cell = " ".join(f"W{i:04d}" for i in range(1500))  # a table cell several pages tall
    result = check(form, {**COMPLETE, "company_name": name,
                          "budget_items": [{"item": cell, "amount": 5}]})
    pdf, _ = render(form, result, assets)
    words = set("\n".join(pages_text(pdf)).split())
    assert [w for w in name.split() + cell.split() if w not in words] == []


# --- the shipped programme forms -----------------------------------------------------------------

SAMPLES = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json"))


def load_sample(sample: Path) -> tuple[FormDefinition, ValidationResult, Any]:
    """The sample's form (by its "form" key), its answers file and the validation result."""
    from desktop_app.answers import read_answers
    from desktop_app.forms.registry import find_form

    answers = read_answers(sample)
    form = find_form(answers.form, ROOT / "forms")
    result = validate(form, answers.answers, today=form.deadline.date(),
                      attachments=answers.attachment_files(), file_exists=answers.file_exists)
    return form, result, answers


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_shipped_samples_render_every_answer(sample: Path, lang: str) -> None:
    form, result, answers = load_sample(sample)
    out = io.BytesIO()
    info = render_pdf(form, result, out, lang=lang, applicant="시험 기업", app_id=sample.stem,
                      attachments=answers.attachments, base_dir=answers.base_dir, proof=True)
    assert info.pages >= 1 and info.draft == result.blocking
    text = body_text(out.getvalue(), form.title.get(lang), "시험 기업")
    assert_contains_values(text, expected_values(form, result, lang))
    assert info.proof is not None
    blank = {a.key for a in info.proof.answers if not a.pages}
    assert blank == set(), f"answers without a page: {sorted(blank)}"
