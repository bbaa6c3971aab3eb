"""Assemble the submission PDF: story of blocks → decorated, deterministic document."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop_app.forms.model import FormDefinition
from desktop_app.pdf.attachments import FileRef, given_name
from desktop_app.pdf.errors import PdfError
from desktop_app.pdf.proof import Proof
from desktop_app.pdf.texts import t
from desktop_app.validation.engine import ValidationResult

if TYPE_CHECKING:  # reportlab is imported on first render, not with the package
    from reportlab.platypus.flowables import Flowable

    from desktop_app.pdf.attachments import AttachedFile
    from desktop_app.pdf.blocks import StoryItem
    from desktop_app.pdf.page import Metadata, PageDecor

LANGS = ("ko", "en")
HASH_LENGTH = 12
# reportlab keeps per-document state in shared objects (fonts, rl_config): one build at a time
_build_lock = threading.Lock()


@dataclass(frozen=True)
class RenderInfo:
    pages: int
    draft: bool
    content_hash: str
    fonts: tuple[str, ...]
    attachment_pages: int = 0  # of `pages`, those appended from attachments
    attachments: tuple[AttachedFile, ...] = ()
    proof: Proof | None = None


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def content_hash(form: FormDefinition, result: ValidationResult,
                 attachments: Mapping[str, Sequence[FileRef]]) -> str:
    """Short hex digest of what the PDF states: form, visible answers, computed values, files.

    Independent of language, applicant line and draft state, so that the Korean and the English
    rendering of the same answers carry the same check value."""
    payload = {
        "form": form.key,
        "values": _canonical(result.values),
        "computed": _canonical(result.computed),
        "attachments": {k: [given_name(f) for f in v] for k, v in sorted(attachments.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


COVER_ISSUES = 12  # blocking issues listed on a draft's cover; the rest are counted


def _where(form: FormDefinition, path: str, lang: str) -> str:
    """A field path as the applicant reads it: "예산 내역 2행 · 금액", not "budget[1].amount"."""
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    field = form.fields.get(name)
    if field is None:
        attachment = next((a for a in form.attachments if path.endswith(a.id)), None)
        return attachment.label.get(lang) if attachment else path
    where = field.label.get(lang)
    if index:
        row = int(index.rstrip("]")) + 1
        where += f" {row}행" if lang == "ko" else f" row {row}"
    column = next((c for c in field.columns if c.id == rest), None)
    return f"{where} · {column.label.get(lang)}" if column else where


def blocking_list(form: FormDefinition, result: ValidationResult, lang: str) -> str:
    """What still blocks, one line each, for the cover of a draft: a reviewer (or the applicant
    printing at midnight) sees which errors remain without opening the program."""
    lines = [f"· {_where(form, i.path, lang)}: {i.message(lang)}" for i in result.errors[:COVER_ISSUES]]
    more = len(result.errors) - COVER_ISSUES
    if more > 0:
        lines.append(f"… 외 {more}건" if lang == "ko" else f"… and {more} more")
    return "\n" + "\n".join(lines) if lines else ""


def render_pdf(form: FormDefinition, result: ValidationResult,
               out: str | os.PathLike[str] | BinaryIO, *, lang: str = "ko",
               applicant: str | None = None, app_id: str | None = None,
               created: dt.datetime | None = None, draft: bool | None = None,
               attachments: Mapping[str, Sequence[FileRef]] | None = None,
               base_dir: Path | None = None, include_attachments: bool = True,
               final: bool = False, proof: bool = False) -> RenderInfo:
    """Render the submission PDF of `result` (from `validate(form, answers)`) into `out`.

    `draft` None means "draft while errors remain"; `final` refuses (PdfError) while errors
    remain. `created` (default: the form's deadline) is the fixed creation date, so equal
    inputs give byte-identical files. Relative image and attachment paths are looked up under
    `base_dir`. With `include_attachments` the named files are appended (PDF pages merged,
    images placed, others listed), each with an outline entry: one package file. With `proof`
    the returned info carries the proof report (answers and their pages, fonts, notes).
    Raises PdfError when the font is missing or the file cannot be written."""
    from reportlab.platypus.doctemplate import LayoutError

    from desktop_app.pdf import proof as proofs
    from desktop_app.pdf.attachments import plan
    from desktop_app.pdf.blocks import (
        Context,
        attachment_block,
        attachment_pages,
        computed_block,
        late_texts,
        section_block,
        title_block,
    )
    from desktop_app.pdf.fonts import register_fonts
    from desktop_app.pdf.page import Metadata, PageDecor
    from desktop_app.pdf.styles import make_styles

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if final and result.blocking:
        raise PdfError(f"제출용 PDF를 만들 수 없습니다: 오류 {len(result.errors)}건이 남아 있습니다. / "
                       f"not exported as final: {len(result.errors)} error(s) remain")
    files = dict(attachments or {})
    fonts = register_fonts()
    is_draft = (result.blocking if draft is None else draft) and not final
    stamp = created or form.deadline
    digest = content_hash(form, result, files)
    planned = plan(form, files, base_dir) if include_attachments else None
    ctx = Context(form, result, lang, make_styles(fonts), base_dir, stamp.date(), planned, is_draft)
    collector = proofs.Collector()

    note = None
    if is_draft:
        errors = len(result.errors)
        note = t("draft_note", lang, n=errors) if errors else t("draft_note_forced", lang)
        note += blocking_list(form, result, lang)
    with proofs.collecting(collector):
        items: list[StoryItem] = list(title_block(ctx, applicant, app_id, created, note))
        number = 0
        # the signing section (the one with the seal) closes the form, after computed values
        signing = [sec for sec in form.sections if sec.role == "signature"]
        last = signing[-1:] if signing and signing[-1] is form.sections[-1] else []
        for section in form.sections:
            if section in last:
                continue
            block = section_block(ctx, number + 1, section)
            if block:
                number += 1
                items += block
        computed = computed_block(ctx, number + 1)
        number += 1 if computed else 0
        items += computed
        for section in last:
            block = section_block(ctx, number + 1, section)
            if block:
                number += 1
                items += block
        items += attachment_block(ctx, number + 1, files)
        story = _paginate(items)
        story += attachment_pages(ctx, planned or [])

        truncated: list[str] = []
        decor = PageDecor(fonts, lang, form.title.get(lang), applicant or "", app_id or "",
                          digest, is_draft, truncated)
        meta = Metadata(title=form.title.get(lang), author=applicant or "", subject=form.key,
                        keywords=" ".join(x for x in (app_id, digest) if x), created=stamp,
                        lang="en" if lang == "en" else "ko-KR")
        sizes = tuple(size for f in planned or [] if f.kind == "pdf" for size in f.page_sizes)
        with _build_lock:
            try:
                data, pages = _build(story, meta, decor, sizes,
                                     lambda: late_texts(planned or []))
            except LayoutError as exc:
                raise PdfError(f"PDF 배치 실패 / layout failed: {exc}") from exc
    for text in truncated:
        collector.note("shortened", text, t("header_cut", lang))
    appended = [f for f in planned or [] if f.first_page]
    main = data
    if any(f.kind == "pdf" for f in appended):
        from desktop_app.pdf.attachments import file_digest, merge

        file_id = hashlib.md5(f"{digest}:{file_digest(appended)}".encode(),
                              usedforsecurity=False).digest()
        try:
            data = merge(data, appended, file_id)
        except Exception as exc:  # pypdf on a file it accepted at first
            raise PdfError(f"첨부 PDF를 합칠 수 없습니다 / cannot merge the attachments: {exc}") from exc
    _write(data, out)
    report = None
    if proof:
        report = _proof(form, lang, app_id, digest, pages, is_draft, collector, appended, main)
    return RenderInfo(pages=pages, draft=is_draft, content_hash=digest, fonts=fonts.names,
                      attachment_pages=sum(f.last_page - f.first_page + 1 for f in appended),
                      attachments=tuple(planned or ()), proof=report)


def _paginate(items: Sequence[StoryItem]) -> list[Flowable]:
    """Orientation markers → page-template switches, only where the orientation changes."""
    from reportlab.platypus import NextPageTemplate, PageBreak

    from desktop_app.pdf.blocks import Orientation
    from desktop_app.pdf.page import PORTRAIT

    story: list[Flowable] = []
    current = PORTRAIT
    for item in items:
        if isinstance(item, Orientation):
            if item.name != current:
                story += [NextPageTemplate(item.name), PageBreak()]
                current = item.name
            continue
        story.append(item)
    return story


def _proof(form: FormDefinition, lang: str, app_id: str | None, digest: str, pages: int,
           draft: bool, collector: Any, appended: Sequence[AttachedFile], main: bytes) -> Proof:
    from desktop_app.pdf.attachments import describe
    from desktop_app.pdf.proof import pdf_pages, scan_fonts

    groups: list[tuple[str, Sequence[Any]]] = [(t("proof_main", lang), pdf_pages(main))]
    for f in appended:
        if f.pdf_pages:
            caption = t("att_caption", lang, n=f.number, label=f.label(lang))
            groups.append((f"{caption} — {f.base_name}", f.pdf_pages))
    return Proof(form=form.key, title=form.title.get(lang), lang=lang, app_id=app_id or "",
                 content_hash=digest, pages=pages, draft=draft,
                 answers=list(collector.places.values()), notes=list(collector.notes),
                 fonts=scan_fonts(groups), attachments=[describe(f, lang) for f in appended])


def _build(story: list[Flowable], meta: Metadata, decor: PageDecor,
           sizes: tuple[tuple[float, float], ...],
           late: Callable[[], Mapping[str, str]]) -> tuple[bytes, int]:
    from desktop_app.pdf.page import SubmissionDoc, canvas_class

    stream = io.BytesIO()
    doc = SubmissionDoc(stream, meta, decor.fonts, sizes)
    doc.build(story, canvasmaker=canvas_class(decor, meta, late))
    return stream.getvalue(), int(doc.page)


def _write(data: bytes, out: str | os.PathLike[str] | BinaryIO) -> None:
    """Into a stream, or through the one atomic writer into `out`."""
    if not isinstance(out, str | os.PathLike):
        out.write(data)
        return
    from desktop_app.atomic import write_atomic

    target = Path(out)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise PdfError(_cannot_write(target, exc)) from exc


def _cannot_write(target: Path, exc: OSError) -> str:
    return f"PDF 파일을 쓸 수 없습니다 / cannot write the PDF: {target} ({exc.strerror or exc})"
