"""The proof report: every answer and the page where it was printed, the fonts in the file (and
whether each is embedded), and everything the layout had to shorten, move or leave out.

While the document is laid out, `Collector` gathers: blocks wrap the first and last line of each
answer in `Marked`, which records its page when drawn; layout decisions add a `Note`. After the
file is complete `scan_fonts` reads its fonts back with pypdf. `write_proof` writes the report
as PDF (same fonts and look as the submission) or as UTF-8 text (Markdown), by file suffix.
"""

from __future__ import annotations

import contextvars
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop_app.pdf.texts import t

if TYPE_CHECKING:
    from reportlab.platypus.flowables import Flowable

NoteKind = Literal["shortened", "moved", "split", "omitted"]
EXCERPT = 90


@dataclass
class AnswerPlace:
    key: str
    section: str
    label: str
    value: str
    pages: set[int] = field(default_factory=set)

    @property
    def page_text(self) -> str:
        if not self.pages:
            return "-"
        lo, hi = min(self.pages), max(self.pages)
        return str(lo) if lo == hi else f"{lo}–{hi}"


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    where: str
    detail: str


@dataclass(frozen=True)
class FontInfo:
    name: str
    subtype: str
    embedded: bool
    source: str  # the submission itself, or the attachment that brought it


@dataclass
class Proof:
    form: str
    title: str
    lang: str
    app_id: str
    content_hash: str
    pages: int = 0
    draft: bool = False
    answers: list[AnswerPlace] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    fonts: list[FontInfo] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unplaced(self) -> list[AnswerPlace]:
        return [a for a in self.answers if not a.pages]


class Collector:
    """Gathers answer places and notes while one document is laid out and drawn."""

    def __init__(self) -> None:
        self.places: dict[str, AnswerPlace] = {}
        self.notes: list[Note] = []
        self.where = ""

    def answer(self, key: str, section: str, label: str, value: str) -> None:
        if key not in self.places:
            self.places[key] = AnswerPlace(key, section, label, value)

    def mark(self, key: str, page: int) -> None:
        place = self.places.get(key)
        if place is not None:
            place.pages.add(page)

    def note(self, kind: NoteKind, detail: str, where: str | None = None) -> None:
        item = Note(kind, self.where if where is None else where, detail)
        if item not in self.notes:
            self.notes.append(item)


_current: contextvars.ContextVar[Collector | None] = contextvars.ContextVar("vd_proof",
                                                                           default=None)


@contextmanager
def collecting(collector: Collector) -> Iterator[Collector]:
    token = _current.set(collector)
    try:
        yield collector
    finally:
        _current.reset(token)


@contextmanager
def where(label: str) -> Iterator[None]:
    """Notes made meanwhile (e.g. by the line breaker) name this place."""
    c = _current.get()
    if c is None:
        yield
        return
    before, c.where = c.where, label
    try:
        yield
    finally:
        c.where = before


def note(kind: NoteKind, detail: str, where: str | None = None) -> None:
    c = _current.get()
    if c is not None:
        c.note(kind, detail, where)


def current() -> Collector | None:
    return _current.get()


def marked(flowables: list[Flowable], key: str) -> list[Flowable]:
    """The same flowables, the first and the last recording their page under `key`."""
    c = _current.get()
    if c is None or not flowables:
        return flowables
    out = list(flowables)
    out[0] = _marked(out[0], key, c)
    if len(out) > 1:
        out[-1] = _marked(out[-1], key, c)
    return out


def _marked(inner: Flowable, key: str, collector: Collector) -> Flowable:
    from reportlab.platypus.flowables import Flowable

    class Marked(Flowable):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner
            self.hAlign = getattr(inner, "hAlign", "LEFT")

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            w, h = self.inner.wrap(avail_width, avail_height)
            self.width, self.height = w, h
            return w, h

        def getSpaceBefore(self) -> float:
            return float(self.inner.getSpaceBefore())

        def getSpaceAfter(self) -> float:
            return float(self.inner.getSpaceAfter())

        def draw(self) -> None:
            self.inner.drawOn(self.canv, 0, 0)
            collector.mark(key, self.canv.getPageNumber())

    return Marked()


# --- fonts ---------------------------------------------------------------------------------------

def scan_fonts(groups: Sequence[tuple[str, Sequence[Any]]]) -> list[FontInfo]:
    """Every font used by the pages of each (source, pages) group, with its type and whether
    it is embedded; subsets of one font (ABCDEF+Name) count once."""
    from pypdf.generic import DictionaryObject

    found: dict[tuple[str, str], FontInfo] = {}

    def resolved(obj: Any) -> Any:
        return obj.get_object() if obj is not None else None

    def visit(resources: Any, source: str, depth: int = 0) -> None:
        resources = resolved(resources)
        if not isinstance(resources, DictionaryObject) or depth > 8:
            return
        fonts = resolved(resources.get("/Font"))
        if isinstance(fonts, DictionaryObject):
            for ref in fonts.values():
                font = ref.get_object()
                if isinstance(font, DictionaryObject):
                    info = _font_info(font, source)
                    known = found.get((info.name, source))
                    if known is None or (known.embedded and not info.embedded):
                        found[(info.name, source)] = info
        xobjects = resolved(resources.get("/XObject"))
        if isinstance(xobjects, DictionaryObject):
            for ref in xobjects.values():
                xobj = ref.get_object()
                if isinstance(xobj, DictionaryObject) and xobj.get("/Subtype") == "/Form":
                    visit(xobj.get("/Resources"), source, depth + 1)

    for source, pages in groups:
        for page in pages:
            visit(page.get("/Resources"), source)
    return list(found.values())


def pdf_pages(data: bytes) -> list[Any]:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(data)).pages)


def _font_info(font: Any, source: str) -> FontInfo:
    subtype = str(font.get("/Subtype", "?")).lstrip("/")
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    if len(name) > 7 and name[6] == "+" and name[:6].isupper():
        name = name[7:]  # a subset: ABCDEF+NanumGothic
    if subtype == "Type3":
        return FontInfo(name, subtype, True, source)  # drawn by the file itself
    descriptor = font.get("/FontDescriptor")
    if subtype == "Type0":
        descendants = font.get("/DescendantFonts")
        if descendants is not None:
            first = descendants.get_object()[0].get_object()
            descriptor = first.get("/FontDescriptor")
    embedded = False
    if descriptor is not None:
        d = descriptor.get_object()
        embedded = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontInfo(name, subtype, embedded, source)


# --- writing -------------------------------------------------------------------------------------

def _excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def as_text(proof: Proof) -> str:
    lang = proof.lang
    lines = [f"# {t('proof_title', lang)}", "",
             f"- {proof.title} ({proof.form})",
             f"- {t('app_id', lang)}: {proof.app_id or '-'}",
             f"- {t('proof_hash', lang)}: {proof.content_hash}",
             f"- {t('proof_pages', lang)}: {proof.pages}",
             f"- {t('proof_state', lang)}: {t('proof_draft' if proof.draft else 'proof_final', lang)}",
             "", f"## {t('proof_answers', lang)}", "",
             f"| {t('proof_section', lang)} | {t('proof_item', lang)} | {t('proof_answer', lang)} "
             f"| {t('proof_page', lang)} |", "|---|---|---|---|"]
    for a in proof.answers:
        cells = [a.section, a.label, _excerpt(a.value), a.page_text]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", f"## {t('proof_fonts', lang)}", "",
              f"| {t('proof_font', lang)} | {t('proof_font_type', lang)} "
              f"| {t('proof_embedded', lang)} | {t('proof_source', lang)} |", "|---|---|---|---|"]
    for f in proof.fonts:
        emb = t("yes", lang) if f.embedded else t("no", lang)
        lines.append(f"| {f.name} | {f.subtype} | {emb} | {f.source} |")
    lines += ["", f"## {t('proof_notes', lang)}", ""]
    if not proof.notes:
        lines.append(t("proof_no_notes", lang))
    for n in proof.notes:
        lines.append(f"- [{t('note_' + n.kind, lang)}] {n.where}: {n.detail}" if n.where
                     else f"- [{t('note_' + n.kind, lang)}] {n.detail}")
    return "\n".join(lines) + "\n"


def write_proof(proof: Proof, out: str | os.PathLike[str]) -> None:
    """PDF when `out` ends in .pdf, else UTF-8 Markdown text."""
    from desktop_app.atomic import write_atomic

    target = Path(out)
    if target.suffix.lower() != ".pdf":
        write_atomic(target, as_text(proof).encode("utf-8"))
        return
    from desktop_app.pdf.proof_pdf import render_proof

    write_atomic(target, render_proof(proof))
