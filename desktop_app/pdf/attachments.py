"""Attachments: what was given for each requirement, appended to the submission as pages.

A PDF attachment's pages are merged (pypdf) under empty pages of the same size that the main
document reserves for them, so that they carry the package's page numbers, a stamp and an
outline entry; an image (PNG/JPEG) is placed on a page of its own; any other file (HWP, XLSX …)
or a file that cannot be read gets a page saying so. The plan is made before the main document is
laid out, so that its checklist and its `page x / y` know every appended page.

Agency-safe copies (`export_files`): numbered, NFC, no character that Windows forbids, at most
100 bytes of UTF-8, so that they survive every upload form and every archive tool.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

from desktop_app.atomic import write_atomic
from desktop_app.forms.model import FormDefinition

if TYPE_CHECKING:
    from pypdf import PageObject

Kind = Literal["pdf", "image", "other", "missing", "unreadable"]
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg"})
MAX_NAME_BYTES = 100
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


@dataclass
class AttachedFile:
    """One file given for a requirement, as planned for the package."""

    requirement: str
    label_ko: str
    label_en: str
    number: int  # the requirement's number in the checklist (1-based)
    index: int  # the file's number within its requirement (1-based)
    name: str  # as given in the answers
    path: Path
    kind: Kind
    size: int = 0
    reason: str = ""  # why it could not be read
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    pdf_pages: list[PageObject] = field(default_factory=list, compare=False, repr=False)
    first_page: int = 0  # in the package, set while the document is built
    last_page: int = 0

    @property
    def base_name(self) -> str:
        return PurePath(self.name).name

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_ko

    @property
    def pages(self) -> int:
        return len(self.page_sizes) if self.kind == "pdf" else 1


@dataclass(frozen=True)
class Given:
    """A file whose bytes are not where its name says: a stored application keeps each
    attachment in the content store under its SHA-256, while the checklist and the page
    captions must show the name the applicant attached (and its type comes from that name)."""

    name: str
    path: Path


FileRef = str | Given


def given_name(ref: FileRef) -> str:
    """The name shown for a file: the original name of a stored one, else its path's name."""
    return PurePath(ref.name if isinstance(ref, Given) else ref).name


def resolve(path: str, base_dir: Path | None) -> Path:
    p = Path(path).expanduser()
    return base_dir / p if not p.is_absolute() and base_dir is not None else p


def plan(form: FormDefinition, attachments: Mapping[str, Sequence[FileRef]],
         base_dir: Path | None) -> list[AttachedFile]:
    """Every named file in checklist order (the form's requirements, then unknown ones)."""
    order = [(a.id, a.label.ko, a.label.en) for a in form.attachments]
    known = {a.id for a in form.attachments}
    order += [(k, k, k) for k in sorted(attachments) if k not in known]
    out: list[AttachedFile] = []
    for number, (req, ko, en) in enumerate(order, start=1):
        for index, ref in enumerate((n for n in attachments.get(req, ()) if n), start=1):
            if isinstance(ref, Given):
                name, path = ref.name, ref.path
            else:
                name, path = ref, resolve(ref, base_dir)
            out.append(_examine(AttachedFile(req, ko, en, number, index, name, path, "missing")))
    return out


def _examine(item: AttachedFile) -> AttachedFile:
    path = item.path
    if not path.is_file():
        return item
    item.size = path.stat().st_size
    suffix = PurePath(item.name).suffix.lower()  # a stored file's path has no extension
    if suffix == ".pdf":
        try:
            _read_pdf(item)
        except Exception as exc:  # a broken or locked file is reported, never a crash
            item.kind, item.reason = "unreadable", _reason(exc)
            item.page_sizes, item.pdf_pages = [], []
    elif suffix in IMAGE_TYPES:
        try:
            from reportlab.lib.utils import ImageReader

            width, height = ImageReader(str(path)).getSize()
            if width <= 0 or height <= 0:
                raise ValueError("empty image")
            item.kind = "image"
        except Exception as exc:
            item.kind, item.reason = "unreadable", _reason(exc)
    else:
        item.kind = "other"
    return item


def _reason(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:120]


def _read_pdf(item: AttachedFile) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(item.path.read_bytes()))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted (password required)")
    for page in reader.pages:
        box = page.cropbox
        w, h = round(float(box.width), 2), round(float(box.height), 2)
        item.page_sizes.append((h, w) if page.rotation % 180 else (w, h))
        item.pdf_pages.append(page)
    if not item.pdf_pages:
        raise ValueError("no pages")
    item.kind = "pdf"


def merge(main: bytes, files: Sequence[AttachedFile], file_id: bytes) -> bytes:
    """The main document with each appended PDF page merged under the page reserved for it.
    `file_id` (16 bytes) becomes the file identifier: pypdf would otherwise keep the main
    document's, which no longer names this content."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(main)))
    for item in files:
        if item.kind != "pdf":
            continue
        for k, page in enumerate(item.pdf_pages):
            target = writer.pages[item.first_page - 1 + k]
            target.merge_transformed_page(page, _upright(page, Transformation), over=False)
    writer._ID = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upright(page: PageObject, transformation: Any) -> Any:
    """The transformation that puts the page's crop box, turned as its /Rotate says, at the
    origin of an unrotated page of its visual size."""
    box = page.cropbox
    w, h = float(box.width), float(box.height)
    turn = page.rotation % 360
    m = transformation().translate(-float(box.left), -float(box.bottom))
    if turn == 90:
        return m.rotate(-90).translate(0, w)
    if turn == 180:
        return m.rotate(180).translate(w, h)
    if turn == 270:
        return m.rotate(90).translate(h, 0)
    return m


def file_digest(files: Sequence[AttachedFile]) -> str:
    """SHA-256 over the appended files' bytes (part of the package's identity)."""
    h = hashlib.sha256()
    for item in files:
        h.update(f"{item.requirement}/{item.index}/{item.base_name}/{item.kind}\n".encode())
        if item.kind in ("pdf", "image", "other"):
            h.update(hashlib.sha256(item.path.read_bytes()).digest())
    return h.hexdigest()


# --- agency-safe names ---------------------------------------------------------------------------

def safe_filename(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file name that every agency upload form and every OS accepts: NFC, no characters that
    Windows forbids (and no control characters), spaces as underscores, no trailing dot, not a
    reserved device name, at most `max_bytes` bytes of UTF-8 with the extension kept."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", "_", text.strip())
    text = re.sub(r"_+", "_", text).strip("._ ")
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 10 or not ext.isalnum():
        stem, ext = text, ""
    ext = ext.lower()
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    stem = stem or "file"
    suffix = f".{ext}" if ext else ""
    budget = max_bytes - len(suffix.encode("utf-8"))
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    stem = stem.rstrip("._ ") or "file"
    return unicodedata.normalize("NFC", stem + suffix)


def export_name(item: AttachedFile, lang: str, width: int = 2) -> str:
    """`01-1_사업자등록증명원_brn-certificate.pdf`: checklist number, file number, label, name."""
    prefix = f"{item.number:0{width}d}-{item.index}_"
    label = item.label(lang)
    original = item.base_name
    stem = PurePath(original).stem
    ext = PurePath(original).suffix
    return safe_filename(f"{prefix}{label}_{stem}{ext}")


def export_files(files: Sequence[AttachedFile], directory: Path, lang: str) -> list[Path]:
    """Copy each readable attachment into `directory` under its agency-safe name."""
    directory.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for item in files:
        if item.kind in ("missing",):
            continue
        target = directory / export_name(item, lang)
        write_atomic(target, Path(item.path).read_bytes())
        out.append(target)
    return out


def describe(item: AttachedFile, lang: str) -> dict[str, Any]:
    """A small record of the file for the proof report."""
    return {"requirement": item.requirement, "label": item.label(lang), "file": item.base_name,
            "kind": item.kind, "pages": item.pages if item.kind != "missing" else 0,
            "first_page": item.first_page, "last_page": item.last_page, "reason": item.reason}
