"""Assemble the submission PDF: story of blocks → decorated, deterministic document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop_app.forms.model import FormDefinition
from desktop_app.pdf.errors import PdfError
from desktop_app.pdf.texts import t
from desktop_app.validation.engine import ValidationResult

if TYPE_CHECKING:  # reportlab is imported on first render, not with the package
    from reportlab.platypus.flowables import Flowable

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


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def content_hash(form: FormDefinition, result: ValidationResult,
                 attachments: Mapping[str, Sequence[str]]) -> str:
    """Short hex digest of what the PDF states: form, visible answers, computed values, files.

    Independent of language, applicant line and draft state, so that the Korean and the English
    rendering of the same answers carry the same check value."""
    payload = {
        "form": form.key,
        "values": _canonical(result.values),
        "computed": _canonical(result.computed),
        "attachments": {k: [PurePath(f).name for f in v] for k, v in sorted(attachments.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def render_pdf(form: FormDefinition, result: ValidationResult,
               out: str | os.PathLike[str] | BinaryIO, *, lang: str = "ko",
               applicant: str | None = None, app_id: str | None = None,
               created: dt.datetime | None = None, draft: bool | None = None,
               attachments: Mapping[str, Sequence[str]] | None = None,
               base_dir: Path | None = None) -> RenderInfo:
    """Render the submission PDF of `result` (from `validate(form, answers)`) into `out`.

    `draft` None means "draft while errors remain". `created` (default: the form's deadline) is
    the fixed creation date, so equal inputs give byte-identical files. Relative image paths
    (seal, signature) are looked up under `base_dir`. Raises PdfError when the font is missing or
    the file cannot be written."""
    from reportlab.platypus.doctemplate import LayoutError

    from desktop_app.pdf.blocks import (
        Context,
        attachment_block,
        computed_block,
        section_block,
        title_block,
    )
    from desktop_app.pdf.fonts import register_fonts
    from desktop_app.pdf.page import Metadata, PageDecor
    from desktop_app.pdf.styles import make_styles

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    files = dict(attachments or {})
    fonts = register_fonts()
    is_draft = result.blocking if draft is None else draft
    stamp = created or form.deadline
    digest = content_hash(form, result, files)
    ctx = Context(form, result, lang, make_styles(fonts), base_dir, stamp.date())

    note = None
    if is_draft:
        errors = len(result.errors)
        note = t("draft_note", lang, n=errors) if errors else t("draft_note_forced", lang)
    story = title_block(ctx, applicant, app_id, created, note)
    number = 0
    for section in form.sections:
        block = section_block(ctx, number + 1, section)
        if block:
            number += 1
            story += block
    computed = computed_block(ctx, number + 1)
    number += 1 if computed else 0
    story += computed
    story += attachment_block(ctx, number + 1, files)

    decor = PageDecor(fonts, lang, form.title.get(lang), applicant or "", app_id or "", digest,
                      is_draft)
    meta = Metadata(title=form.title.get(lang), author=applicant or "", subject=form.key,
                    keywords=" ".join(x for x in (app_id, digest) if x), created=stamp,
                    lang="en" if lang == "en" else "ko-KR")
    with _build_lock:
        try:
            pages = _build(story, out, meta, decor)
        except LayoutError as exc:
            raise PdfError(f"PDF 배치 실패 / layout failed: {exc}") from exc
    return RenderInfo(pages=pages, draft=is_draft, content_hash=digest, fonts=fonts.names)


def _build(story: list[Flowable], out: str | os.PathLike[str] | BinaryIO, meta: Metadata,
           decor: PageDecor) -> int:
    """Build into a stream, or into a temporary file that replaces `out` only when complete."""
    from desktop_app.pdf.page import SubmissionDoc, canvas_class

    if not isinstance(out, str | os.PathLike):
        doc = SubmissionDoc(out, meta, decor.fonts)
        doc.build(story, canvasmaker=canvas_class(decor, meta))
        return int(doc.page)
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise PdfError(_cannot_write(target, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            doc = SubmissionDoc(stream, meta, decor.fonts)
            doc.build(story, canvasmaker=canvas_class(decor, meta))
        os.replace(tmp, target)
    except OSError as exc:
        raise PdfError(_cannot_write(target, exc)) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return int(doc.page)


def _cannot_write(target: Path, exc: OSError) -> str:
    return f"PDF 파일을 쓸 수 없습니다 / cannot write the PDF: {target} ({exc.strerror or exc})"
