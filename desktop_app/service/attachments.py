"""Attachments: add, replace and remove files for an application's requirements.

Type and size are checked against the form's `attachments` entry (accept, max_size_mb), and
the content against the extension. Files are stored once by SHA-256 (storage.blobs); a file
no attachment refers to any more is deleted after the row is gone.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app import media
from desktop_app.forms import Attachment
from desktop_app.service.context import Part, guarded
from desktop_app.service.results import Changed
from desktop_app.storage import applications as app_rows
from desktop_app.storage import attachments as rows
from desktop_app.storage import backups, blobs
from desktop_app.storage.errors import NotFound, Rejected
from desktop_app.storage.records import Application, AttachmentRow

_READ_ONLY = frozenset({"submitted", "archived"})
PHOTOS = frozenset({"jpg", "jpeg", "png"})


class PhotoNeedsPdf(Rejected):
    """A photo given for an item that takes only PDF: `add_photo_as_pdf` can convert it."""


class Attachments(Part):
    @guarded
    def add(self, app_id: int, requirement_id: str, file: Path) -> Changed:
        requirement = self._requirement(app_id, requirement_id)
        sha, size, kind = self._store(file, requirement)
        row = rows.add(self._ctx.db, app_id, requirement_id, sha, file.name, kind, size)
        return Changed(app_id=app_id, attachment_id=row.id, attachments=True)

    @guarded
    def add_photo_as_pdf(self, app_id: int, requirement_id: str, file: Path) -> Changed:
        """A phone photo for a PDF-only item: made into a one-page PDF (named after the photo) and
        attached as that; the photo itself is not kept."""
        import tempfile

        from desktop_app.pdf.photo import PhotoError, photo_to_pdf

        requirement = self._requirement(app_id, requirement_id)
        if media.extension(file) not in PHOTOS or "pdf" not in requirement.accept:
            raise Rejected(f"{file.name}: PDF로 바꿀 수 있는 사진(JPG·PNG)이 아니거나, 이 항목은 PDF를 받지 않습니다",
                           f"{file.name}: not a JPG/PNG photo, or this item does not take PDF")
        if not file.is_file():
            raise NotFound("file", file)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / f"{file.stem}.pdf"
            try:
                photo_to_pdf(file, pdf)
            except PhotoError as exc:
                raise Rejected(f"{file.name}: 사진을 읽을 수 없어 PDF로 바꾸지 못했습니다",
                               f"{file.name}: the photo cannot be read ({exc})") from exc
            sha, size, kind = self._store(pdf, requirement)
            row = rows.add(self._ctx.db, app_id, requirement_id, sha, pdf.name, kind, size)
        return Changed(app_id=app_id, attachment_id=row.id, attachments=True)

    @guarded
    def replace(self, attachment_id: int, file: Path) -> Changed:
        old = rows.get(self._ctx.db, attachment_id)
        requirement = self._requirement(old.app_id, old.requirement_id)
        sha, size, kind = self._store(file, requirement)
        rows.replace(self._ctx.db, attachment_id, sha, file.name, kind, size)
        self._forget(old.sha256)
        return Changed(app_id=old.app_id, attachment_id=attachment_id, attachments=True)

    @guarded
    def remove(self, attachment_id: int) -> Changed:
        old = rows.get(self._ctx.db, attachment_id)
        self._check_editable(old.app_id)
        rows.remove(self._ctx.db, attachment_id)
        self._forget(old.sha256)
        return Changed(app_id=old.app_id, attachment_id=attachment_id, attachments=True)

    @guarded
    def of(self, app_id: int) -> list[AttachmentRow]:
        return rows.of_app(self._ctx.db, app_id)

    @guarded
    def path(self, attachment_id: int) -> Path:
        """The stored file (for viewing, or for appending to the submission PDF)."""
        row = rows.get(self._ctx.db, attachment_id)
        return blobs.path_of(self._ctx.store.location.attachments, row.sha256)

    @guarded
    def collect_garbage(self) -> int:
        """Delete stored files that neither the database nor a kept backup refers to."""
        location = self._ctx.store.location
        keep = rows.referenced_hashes(self._ctx.db) | backups.attachment_hashes(location.backups)
        return blobs.collect_garbage(location.attachments, keep)

    def _requirement(self, app_id: int, requirement_id: str) -> Attachment:
        app = self._check_editable(app_id)
        form = self._ctx.require_form(app)
        for requirement in form.attachments:
            if requirement.id == requirement_id:
                return requirement
        known = ", ".join(a.id for a in form.attachments) or "-"
        raise Rejected(f"이 양식에 없는 첨부 항목입니다: {requirement_id} (가능: {known})",
                       f"no attachment {requirement_id!r} in {app.form_key} (known: {known})")

    def _store(self, file: Path, requirement: Attachment) -> tuple[str, int, str]:
        if not file.is_file():
            raise NotFound("file", file)
        ext = media.extension(file)
        if not media.accepted(ext, requirement.accept) and ext in PHOTOS and "pdf" in requirement.accept:
            raise PhotoNeedsPdf(
                f"「{requirement.label.ko}」에는 PDF 파일만 낼 수 있습니다. {file.name}은(는) 사진(.{ext})입니다. "
                "사진을 PDF로 바꿔 첨부할 수 있습니다.",
                f"'{requirement.label.en}' takes PDF files only, and {file.name} is a photo (.{ext}). "
                "The photo can be turned into a PDF and attached.")
        if not media.accepted(ext, requirement.accept):
            allowed = ", ".join(requirement.accept)
            raise Rejected(f"{file.name}: 허용되지 않는 파일 형식입니다 (허용: {allowed})",
                           f"{file.name}: file type .{ext} not accepted (allowed: {allowed})")
        size = file.stat().st_size
        limit = int(requirement.max_size_mb * 1024 * 1024)
        if size > limit:
            raise Rejected(f"{file.name}: 파일이 너무 큽니다 ({size / 1048576:.1f} MB, 최대 "
                           f"{requirement.max_size_mb:g} MB)",
                           f"{file.name}: too large ({size / 1048576:.1f} MB, at most "
                           f"{requirement.max_size_mb:g} MB)")
        if not media.content_matches(file):
            raise Rejected(f"{file.name}: 파일 내용이 .{ext} 형식이 아닙니다",
                           f"{file.name}: the content is not a .{ext} file")
        sha, stored = blobs.store(self._ctx.store.location.attachments, file)
        return sha, stored, media.media_type(file)

    def _forget(self, sha256: str) -> None:
        """A file no row and no kept backup names goes now; otherwise the daily clean-up
        (collect_garbage) removes it once the last backup naming it has rolled off."""
        location = self._ctx.store.location
        if not rows.is_referenced(self._ctx.db, sha256) and sha256 not in backups.attachment_hashes(location.backups):
            blobs.path_of(location.attachments, sha256).unlink(missing_ok=True)

    def _check_editable(self, app_id: int) -> Application:
        self._ctx.refuse_if_reviewer()
        app = app_rows.get(self._ctx.db, app_id)
        if app.status in _READ_ONLY:
            raise Rejected(f"'{app.status}' 상태의 신청서는 고칠 수 없습니다",
                           f"a {app.status} application is read-only")
        return app
