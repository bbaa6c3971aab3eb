"""Exporting an application's submission PDF, in three steps that may run on two threads.

`prepare` (the database's thread) takes an immutable snapshot; `render` (any thread) writes
the file atomically from the snapshot alone; `record` (the database's thread) notes the
export, checkpoints, and moves a final export's status on. The window runs `render` on a
worker; the CLI runs all three in a row.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.atomic import Staged, stage
from desktop_app.forms import FormDefinition
from desktop_app.forms.model import KST
from desktop_app.pdf.attachments import FileRef, Given
from desktop_app.service.results import Changed
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.opening import typed_errors
from desktop_app.validation import ValidationResult

if TYPE_CHECKING:
    from desktop_app.hwpx.produce import Produced
    from desktop_app.pdf import RenderInfo
    from desktop_app.service.desk import Desk
    from desktop_app.submission import Breach


@dataclass(frozen=True)
class PdfJob:
    app_id: int
    form: FormDefinition
    result: ValidationResult
    applicant: str | None
    attachments: dict[str, list[FileRef]]
    base_dir: Path | None = None  # where relative image paths are (an answers file's folder)
    today: dt.date | None = None  # the export date (default: today), the PDF's creation date

    @property
    def created(self) -> dt.datetime:
        """The PDF's creation date: the export's day (00:00 KST), so the same answers exported
        on the same day give the same bytes; never the deadline."""
        return dt.datetime.combine(self.today or dt.date.today(), dt.time(0), KST)

    @property
    def label(self) -> str:
        """The application number printed in the footer."""
        return f"VD-{self.app_id:05d}"

    def render(self, out: Path, *, lang: str = "ko", final: bool | None = None) -> Rendered:
        """Write the PDF from this snapshot alone: safe on a worker thread."""
        return render(self, out, lang=lang, final=final)

    def render_hwpx(self, out: Path, *, lang: str = "ko", final: bool | None = None,
                    template: str | None = None) -> HwpxInfo:
        """Fill the agency's 서식 from this snapshot alone: safe on a worker thread."""
        return render_hwpx(self, out, lang=lang, final=final, template=template)


class FinalRefused(Rejected):
    """A final export while errors remain (a DRAFT export is always possible)."""

    def __init__(self, errors: int) -> None:
        super().__init__(f"오류 {errors}건이 남아 최종본을 낼 수 없습니다. 초안(DRAFT)으로 내보내세요",
                         f"{errors} error(s) remain: a final PDF is refused; export a DRAFT instead")


class FinalHwpxRefused(FinalRefused):
    """The same refusal for the agency's 서식 (HWPX)."""

    def __init__(self, errors: int) -> None:
        Rejected.__init__(self, f"오류 {errors}건이 남아 기관 서식(HWPX) 최종본을 낼 수 없습니다. 초안으로 내보내세요",
                          f"{errors} error(s) remain: a final HWPX is refused; export a DRAFT instead")
        self.errors = errors


class Exports:
    """`desk.exports`: the submission PDF (prepare → render, on any thread → record)."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    def prepare(self, app_id: int, *, today: dt.date | None = None, final: bool | None = None) -> PdfJob:
        """The snapshot to render; with `final=True`, FinalRefused while `desk.apps.check`
        finds errors (a missing seal file among them)."""
        job = prepare(self._desk, app_id, today=today)
        if final and job.result.blocking:
            raise FinalRefused(len(job.result.errors))
        return job

    @staticmethod
    def render(job: PdfJob, out: Path, *, lang: str = "ko", final: bool | None = None) -> Rendered:
        """Any thread: from the snapshot alone, never the database."""
        return render(job, out, lang=lang, final=final)

    def record(self, app_id: int, out: Path | Rendered | HwpxInfo, *, final: bool, kind: str = "pdf",
               today: dt.date | None = None) -> Changed:
        """Note the export and put a rendered file in place — both or neither."""
        status = record(self._desk, app_id, out, final=final, kind=kind, today=today)
        return Changed(app_id=app_id, applications=True, status=status)

    @staticmethod
    def render_hwpx(job: PdfJob, out: Path, *, lang: str = "ko", final: bool | None = None,
                    template: str | None = None, today: dt.date | None = None) -> HwpxInfo:
        """Any thread: the agency's 서식 filled from the snapshot, through the same gate."""
        return render_hwpx(job, out, lang=lang, final=final, template=template, today=today)

    def export_hwpx(self, app_id: int, out: Path, *, lang: str = "ko", final: bool | None = None,
                    template: str | None = None, today: dt.date | None = None) -> tuple[HwpxInfo, Changed]:
        """All three steps on this thread (the CLI), recorded as kind 'hwpx'."""
        job = self.prepare(app_id, today=today, final=final)
        info = render_hwpx(job, out, lang=lang, final=final, template=template, today=today)
        return info, self.record(app_id, info, final=not info.draft, kind="hwpx", today=today)

    def export(self, app_id: int, out: Path, *, lang: str = "ko", final: bool | None = None,
               today: dt.date | None = None) -> tuple[RenderInfo, Changed]:
        """All three steps on this thread (the CLI)."""
        job = self.prepare(app_id, today=today, final=final)
        rendered = render(job, out, lang=lang, final=final)
        return rendered.info, self.record(app_id, rendered, final=not rendered.draft, today=today)


def prepare(desk: Desk, app_id: int, *, today: dt.date | None = None) -> PdfJob:
    view = desk.apps.open(app_id)
    if view.unreadable:  # a PDF without them would look complete: refuse, say which and why
        why = view.warnings[-1] if view.warnings else ""
        raise Rejected(f"열 수 없는 암호화 답변이 있어 만들지 않았습니다: {', '.join(view.unreadable)} ({why})",
                       f"not exported: encrypted answers do not open: {', '.join(view.unreadable)} ({why})")
    form = desk.apps.form_of(app_id)
    result = desk.apps.check(app_id, today=today)
    applicant = next((str(result.values[f.id]) for f in form.fields.values()
                      if f.profile == "company.name" and result.values.get(f.id)), None)
    paths: dict[str, list[FileRef]] = {}
    for row in view.attachments:  # stored by content: the original name tells what it is
        paths.setdefault(row.requirement_id, []).append(
            Given(row.original_name, desk.attachments.path(row.id)))
    if result.from_client:  # the client's own documents fill the items it has no file for
        from desktop_app.service.documents import offered

        client_docs = offered(desk.store, form, view.app.client_id)
        for item in result.from_client:
            doc = client_docs[item][0]
            paths.setdefault(item, []).append(Given(doc.original_name, desk.documents.path(doc.id)))
    return PdfJob(app_id, form, result, applicant or view.app.client_name or None, paths, today=today)


def gate(job: PdfJob, final: bool | None, refusal: type[FinalRefused] = FinalRefused) -> bool:
    """The one gate of every export: final unless errors remain; a final one refused while they do."""
    final = not job.result.blocking if final is None else final
    if final and job.result.blocking:
        raise refusal(len(job.result.errors))
    return final


@dataclass
class Rendered:
    """A rendered PDF waiting beside its target (`record` puts it in place)."""

    info: RenderInfo
    file: Staged

    @property
    def pages(self) -> int:
        return self.info.pages

    @property
    def draft(self) -> bool:
        return self.info.draft


def render(job: PdfJob, out: Path, *, lang: str = "ko", final: bool | None = None) -> Rendered:
    """Render into memory, then into a synced temp file beside `out`; `record` moves it in."""
    from desktop_app.pdf import render_pdf

    final = gate(job, final)
    buffer = io.BytesIO()
    info = render_pdf(job.form, job.result, buffer, lang=lang, applicant=job.applicant,
                      app_id=job.label, draft=not final, attachments=job.attachments,
                      created=job.created)
    return Rendered(info, stage(out, buffer.getvalue()))


@dataclass(frozen=True)
class HwpxInfo:
    """What an HWPX export wrote and what it found: fit, pages, and broken submission limits."""

    path: Path
    draft: bool
    produced: Produced
    breaches: tuple[Breach, ...]
    file: Staged  # synced beside `path`; `record` (or `commit` without an application) puts it there

    def commit(self) -> Path:
        return self.file.commit()

    @property
    def pages(self) -> int:
        pages = self.produced.outcome.pages
        return pages.pages if pages else 0


def render_hwpx(job: PdfJob, out: Path, *, lang: str = "ko", final: bool | None = None,
                template: str | None = None, today: dt.date | None = None) -> HwpxInfo:
    """Fill the edition's 서식 and stage it beside `out`, as the PDF is (any thread); `record`
    puts it in place together with the exports row."""
    from desktop_app.hwpx.produce import produce
    from desktop_app.pdf.cells import resolve

    final = gate(job, final, FinalHwpxRefused)
    produced = produce(job.form, job.result, draft=not final, lang=lang, template_id=template,
                       image_file=lambda name: resolve(name, job.base_dir), today=today)
    breaches = submission_breaches(job.form, [out], sizes={out: len(produced.data)})
    return HwpxInfo(out, not final, produced, tuple(breaches), stage(out, produced.data))


def submission_breaches(form: FormDefinition, files: list[Path], *, has_images: bool = False,
                        sizes: dict[Path, int] | None = None) -> list[Breach]:
    """What the written files break of the edition's submission limits (size, type, count)."""
    from desktop_app.submission import breaches_of

    return breaches_of(form, files, has_images=has_images, sizes=sizes)


def record(desk: Desk, app_id: int, out: Path | Rendered | HwpxInfo, *, final: bool, kind: str = "pdf",
           today: dt.date | None = None) -> str:
    """Note the export, move a final one on to 'exported', put a rendered file in place — all
    or nothing, so a busy or read-only database leaves no file. Returns the status. `today`:
    the day the export was judged on (its status gate judges on the same day)."""
    staged = out.file if isinstance(out, Rendered | HwpxInfo) else None
    path = staged.dest if staged is not None else out
    assert isinstance(path, Path)
    try:
        with typed_errors(desk.location), transaction(desk.store.db):
            desk.apps.record_export(app_id, path, kind,
                                    data=staged.read_bytes() if staged else None, checkpoint=False)
            status = desk.apps.get(app_id).status
            if final and status in ("draft", "ready"):
                if status == "draft":
                    desk.apps.set_status(app_id, "ready", today=today)
                desk.apps.set_status(app_id, "exported", today=today)
            if staged is not None:
                staged.commit()
    finally:
        if staged is not None:
            staged.discard()  # a no-op once committed
    desk.store.checkpoint()
    return desk.apps.get(app_id).status
