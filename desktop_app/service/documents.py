"""A client's own documents (사업자등록증명원, 납세증명서, 중소기업확인서 …): kept once per client
with their issue date, used by every application of that client for the item its form says
the kind satisfies (`document:` on an attachment item), and judged against the kind's
validity rule (forms/shared/documents.yaml) on the day of the check.

An application's own file for an item always wins; the client's newest issue of the kind is
offered only where the application has none (validation, the PDF's checklist and appended
files all take it from `offered`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import media
from desktop_app.forms.documents import Catalogue, DocumentKind, catalogue
from desktop_app.forms.model import FormDefinition, Text
from desktop_app.service.context import Context, Part, guarded
from desktop_app.storage import attachments as attachment_rows
from desktop_app.storage import backups, blobs, search
from desktop_app.storage import client_documents as rows
from desktop_app.storage.errors import NotFound, Rejected
from desktop_app.storage.records import ClientDocument
from desktop_app.validation.engine import AttachmentFile, ClientDocumentFile

if TYPE_CHECKING:
    from desktop_app.storage.opening import Store

State = str  # "ok", "expiring", "expired", "lasting"


@dataclass(frozen=True)
class DocumentStatus:
    """One stored document as the client page and `clients docs` show it."""

    doc: ClientDocument
    kind: DocumentKind
    expires: dt.date | None
    state: State
    newest: bool  # the issue applications use (older ones of its kind are kept, unused)

    @property
    def days_left(self) -> int | None:
        return None if self.expires is None else (self.expires - dt.date.today()).days


def status_of(doc: ClientDocument, kind: DocumentKind, today: dt.date, expiring_days: int,
              newest: bool) -> DocumentStatus:
    expires = kind.expires(dt.date.fromisoformat(doc.issued_on))
    if expires is None:
        state = "lasting"
    elif today > expires:
        state = "expired"
    elif (expires - today).days < expiring_days:
        state = "expiring"
    else:
        state = "ok"
    return DocumentStatus(doc, kind, expires, state, newest)


def offered(store: Store, form: FormDefinition, client_id: int | None,
            cat: Catalogue | None = None) -> dict[str, tuple[ClientDocument, ClientDocumentFile]]:
    """By item id of `form`: the client's newest document of the kind the item names, as
    validation takes it (one indexed query; nothing without a client or such items)."""
    wanted = {a.id: a.document for a in form.attachments if a.document}
    if client_id is None or not wanted:
        return {}
    cat = cat or catalogue()
    newest = rows.newest(store.db, client_id, wanted.values())
    root = store.location.attachments
    out: dict[str, tuple[ClientDocument, ClientDocumentFile]] = {}
    for item, kind_id in wanted.items():
        doc = newest.get(str(kind_id))
        kind = cat.kinds.get(str(kind_id))
        if doc is None or kind is None:
            continue
        exists = blobs.path_of(root, doc.sha256).is_file()
        issued = dt.date.fromisoformat(doc.issued_on)
        out[item] = (doc, ClientDocumentFile(
            AttachmentFile(doc.original_name, doc.size if exists else None, exists),
            kind.label, kind.rule_text(), issued, kind.expires(issued), cat.expiring_days))
    return out


class ClientDocuments(Part):
    """`desk.documents`: add, list, remove a client's documents."""

    def __init__(self, ctx: Context, forget_health: Callable[[list[int]], None]) -> None:
        super().__init__(ctx)
        self._forget = forget_health

    @property
    def catalogue(self) -> Catalogue:
        return catalogue()

    @guarded
    def of(self, client_id: int, *, today: dt.date | None = None) -> list[DocumentStatus]:
        """Every document of the client, newest issue of each kind first, with its state."""
        from desktop_app.storage import clients as client_rows

        db = self._ctx.db
        client_rows.get(db, client_id)  # NotFound for a wrong id
        cat = catalogue()
        day = today or dt.date.today()
        seen: set[str] = set()
        out: list[DocumentStatus] = []
        for doc in rows.of_client(db, client_id):
            kind = cat.kinds.get(doc.kind) or DocumentKind(
                doc.kind, _unknown_label(doc.kind), lasting=True)  # a kind a later catalogue dropped
            out.append(status_of(doc, kind, day, cat.expiring_days, doc.kind not in seen))
            seen.add(doc.kind)
        return out

    @guarded
    def add(self, client_id: int, kind: str, file: Path, issued: dt.date, *,
            today: dt.date | None = None) -> ClientDocument:
        """Keep `file` as the client's document of `kind` issued on `issued`; the client's
        applications use it from now on where they have no file of their own."""
        from desktop_app.storage import clients as client_rows

        found = catalogue().get(kind)
        db = self._ctx.db
        client_rows.get(db, client_id)
        day = today or dt.date.today()
        if issued > day:
            raise Rejected(f"발급일 {issued.isoformat()}이(가) 오늘({day.isoformat()})보다 뒤입니다",
                           f"the issue date {issued.isoformat()} is after today ({day.isoformat()})")
        if not file.is_file():
            raise NotFound("file", file)
        ext = media.extension(file)
        if not media.accepted(ext, found.accept):
            raise Rejected(f"{file.name}: {found.label.ko}은(는) {', '.join(found.accept)} 파일만 받습니다",
                           f"{file.name}: a {found.label.en} must be one of {', '.join(found.accept)}")
        if not media.content_matches(file):
            raise Rejected(f"{file.name}: 파일 내용이 .{ext} 형식이 아닙니다",
                           f"{file.name}: the content is not a .{ext} file")
        root = self._ctx.store.location.attachments
        sha, size = blobs.store(root, file)
        doc = rows.add(db, client_id, kind, issued.isoformat(), sha, file.name, media.media_type(file), size)
        self._forget_health(client_id)
        return doc

    @guarded
    def remove(self, doc_id: int) -> ClientDocument:
        db = self._ctx.db
        old = rows.remove(db, doc_id)
        location = self._ctx.store.location
        if not attachment_rows.is_referenced(db, old.sha256) and \
                old.sha256 not in backups.attachment_hashes(location.backups):
            blobs.path_of(location.attachments, old.sha256).unlink(missing_ok=True)
        self._forget_health(old.client_id)
        return old

    @guarded
    def path(self, doc_id: int) -> Path:
        doc = rows.get(self._ctx.db, doc_id)
        return blobs.path_of(self._ctx.store.location.attachments, doc.sha256)

    def _forget_health(self, client_id: int) -> None:
        """What batch checks found for this client's applications no longer holds."""
        ids = [a.id for a in search.applications(self._ctx.db, client_id=client_id,
                                                 include_archived=True, limit=1_000_000)]
        self._forget(ids)


def _unknown_label(kind: str) -> Text:
    return Text(ko=f"알 수 없는 서류({kind})", en=f"unknown document ({kind})")
