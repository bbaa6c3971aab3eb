"""Applications: new from a form (prefilled from the client's profile), open, save an answer,
copy to another edition or programme, change status, list and search.

Every save is one small transaction with its change-log row, so what the UI shows as saved
survives a killed process. Submitted and archived applications are read-only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.service import carry, images, profile
from desktop_app.service.context import Part, guarded
from desktop_app.service.documents import offered
from desktop_app.service.results import META_PREFIX, PARKED_PREFIX, AppView, Changed
from desktop_app.service.sealing import Marking
from desktop_app.storage import applications as rows
from desktop_app.storage import attachments as attachment_rows
from desktop_app.storage import blobs, changelog, history, search
from desktop_app.storage import clients as client_rows
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.records import Answer, Application, Entry, ExportRow
from desktop_app.validation import ValidationResult, validate
from desktop_app.validation.engine import AttachmentFile

READ_ONLY = frozenset({"submitted", "archived"})
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"ready", "archived"}),
    "ready": frozenset({"draft", "exported", "archived"}),
    "exported": frozenset({"draft", "ready", "submitted", "archived"}),
    "submitted": frozenset({"archived"}),
    "archived": frozenset({"draft"}),
}
CHECKED = frozenset({"ready", "exported", "submitted"})  # no blocking issue allowed
DURABLE = frozenset({"exported", "submitted"})           # checkpoint after the change


class Blocked(Rejected):
    """A status change refused because validation finds errors; `issues` lists them."""

    def __init__(self, status: str, issues: list[Any]) -> None:
        self.issues = issues
        first = issues[0]
        super().__init__(
            f"오류 {len(issues)}건이 남아 '{status}' 상태로 바꿀 수 없습니다: {first.path} {first.message_ko}",
            f"{len(issues)} error(s) remain, cannot mark as {status}: {first.path} {first.message_en}")


def _default_title(form: FormDefinition, client_name: str) -> str:
    base = f"{form.title.ko} {form.edition}"
    return f"{client_name} · {base}" if client_name else base


@dataclasses.dataclass(frozen=True)
class ProfileChange:
    """One company answer that differs from the client's profile (the diff offered to save)."""

    key: str
    field_id: str
    label_ko: str
    label_en: str
    old: Any
    new: Any


class Applications(Part):
    @guarded
    def new(self, form: FormDefinition, *, client_id: int | None = None, title: str | None = None,
            answers: Mapping[str, Any] | None = None, prefill: bool = True) -> Changed:
        """A draft of `form`: fields bound to the profile are prefilled (provenance profile,
        unless `prefill` is False), then `answers` (from an answers file: provenance imported)
        fill the rest. Where the chosen client's profile has a value, it wins over the file's
        (a consultant reuses one client's file for another: the draft must not carry the first
        firm's name and 사업자등록번호) and the warnings name each field it took.
        Sensitive answers are sealed."""
        db = self._ctx.db
        self._ctx.refuse_if_reviewer()
        sealer = self._ctx.sealer
        client = client_rows.get(db, client_id) if client_id is not None else None
        client = sealer.open_client(client, strict=True) if client else None
        prefilled = profile.prefill(form, client.profile) if client and prefill else {}
        puts: dict[str, Entry | None] = dict(prefilled)
        kept = self._keep_images(form, answers or {})
        from_profile = [k for k, v in kept.items()
                        if v is not None and k in prefilled and prefilled[k][0] != v]
        puts.update({k: (v, "imported") for k, v in kept.items()
                     if v is not None and k not in prefilled})
        warnings = _profile_won(form, client.name, from_profile) if client and from_profile else ()
        marking = Marking.of(form)
        if sealer.needs_key(puts, marking):
            sealer.ensure()
        with transaction(db):
            app_id = rows.insert(db, client_id=client_id, form_id=form.id,
                                 form_edition=form.edition, form_hash=form.content_hash,
                                 title=title or _default_title(form, client.name if client else ""))
            puts = sealer.seal_puts(app_id, puts, marking)
            written = changelog.write(db, app_id, "new", puts, label=form.key) if puts else None
        return Changed(app_id=app_id, client_id=client_id, applications=True,
                       rev=written.rev if written else None,
                       paths=written.paths if written else (), warnings=warnings)

    @guarded
    def open(self, app_id: int) -> AppView:
        db = self._ctx.db
        app = rows.get(db, app_id)
        form = self._ctx.form_for(app)
        undo, redo = history.targets(db, app_id)
        warnings: tuple[str, ...] = () if form else (f"양식 {app.form_key}이(가) 설치되어 있지 않습니다 / "
                                    f"form {app.form_key} is not installed",)
        answers, unreadable, why = self._ctx.sealer.open_answers(app_id, changelog.answers(db, app_id))
        answers = self._resolve_images(form, answers)
        if unreadable:
            warnings += (f"{why} — {', '.join(unreadable)}",)
        return AppView(app, answers, attachment_rows.of_app(db, app_id),
                       undo is not None, redo is not None, form,
                       form is not None and form.content_hash != app.form_hash, warnings, unreadable)

    def _values(self, app_id: int, form: FormDefinition) -> dict[str, Any]:
        """The answers as `open(...).values` gives them, without the history and attachment
        rows a view needs (a batch check of 50,000 reads only these)."""
        answers, _unreadable, _why = self._ctx.sealer.open_answers(
            app_id, changelog.answers(self._ctx.db, app_id))
        return AppView.values_of(self._resolve_images(form, answers))

    @guarded
    def form_of(self, app_id: int) -> FormDefinition:
        """The definition the application is pinned to; a clear error when it is not installed."""
        return self._ctx.require_form(rows.get(self._ctx.db, app_id))

    @guarded
    def get(self, app_id: int) -> Application:
        return rows.get(self._ctx.db, app_id)

    @guarded
    def save(self, app_id: int, path: str, value: Any, provenance: str = "typed", *,
             amend: int | None = None) -> Changed:
        """Save one answer (None clears it) as one revision; an unchanged value writes nothing.

        `amend`: the revision the previous save of this field returned, while the user is still
        in the same field edit: folded into it when nothing else was saved since (one undo step
        per field edit, not one per autosave pause)."""
        db = self._ctx.db
        app = rows.get(db, app_id)
        self._editable(app_id, app.status)
        self._ctx.refuse_if_reviewer()
        value = self._keep_images(self._ctx.form_for(app), {path: value})[path]
        value = self._ctx.sealer.seal_value(app_id, path, value, self._ctx.marking(app_id, app))
        entry = None if value is None else (value, provenance)
        if changelog.is_unchanged(db, app_id, path, entry):
            return Changed(app_id=app_id)
        written = changelog.amend(db, app_id, amend, path, entry) if amend is not None else None
        written = written or changelog.write(db, app_id, "edit", {path: entry})
        return Changed(app_id=app_id, rev=written.rev if written else None,
                       paths=written.paths if written else ())

    @guarded
    def stored_image(self, app_id: int, field_id: str) -> str | None:
        """The file an image answer names now (a picked seal is kept beside the database, so
        the stored answer differs from the path the user picked)."""
        value = changelog.answers(self._ctx.db, app_id).get(field_id)
        if value is None or not isinstance(value.value, str):
            return None
        return images.resolve(self._ctx.store.location.root, value.value)

    @guarded
    def save_many(self, app_id: int, values: Mapping[str, Any], provenance: str = "typed",
                  *, kind: str = "edit", label: str = "") -> Changed:
        """Several answers as one revision (an imported file, a pasted table): one undo step."""
        db = self._ctx.db
        self._editable(app_id, rows.status_of(db, app_id))
        self._ctx.refuse_if_reviewer()
        puts = {p: None if v is None else (v, provenance) for p, v in values.items()}
        marking = self._ctx.marking(app_id)
        if self._ctx.sealer.needs_key(values, marking):
            self._ctx.sealer.ensure()
        puts = self._ctx.sealer.seal_puts(app_id, puts, marking)
        written = changelog.write(db, app_id, kind, puts, label=label)
        return Changed(app_id=app_id, rev=written.rev if written else None,
                       paths=written.paths if written else ())

    @guarded
    def set_position(self, app_id: int, section: str | None, scroll: int = 0) -> Changed:
        """Remember where the user was; reopened there next time."""
        rows.set_position(self._ctx.db, app_id, section, scroll)
        return Changed(app_id=app_id)

    @guarded
    def profile_changes(self, app_id: int) -> list[ProfileChange]:
        """What saving this application's company answers into its client's profile would change:
        each profile-bound answer that differs from the profile (all of them without a client)."""
        db = self._ctx.db
        app = rows.get(db, app_id)
        form = self._ctx.require_form(app)
        current: dict[str, Any] = {}
        if app.client_id is not None:
            client = self._ctx.sealer.open_client(client_rows.get(db, app.client_id), strict=False)
            current = dict(client.profile)
        values = self.open(app_id).values
        out = []
        for f in form.fields.values():
            if not f.profile or f.id not in values or values[f.id] in (None, ""):
                continue
            new, old = values[f.id], current.get(f.profile)
            if str(new) != str(old if old is not None else ""):
                out.append(ProfileChange(f.profile, f.id, f.label.ko, f.label.en, old, new))
        return out

    @guarded
    def save_to_profile(self, app_id: int, keys: Collection[str]) -> Changed:
        """Write the chosen profile keys' answers into the client's profile; an application
        without a client gets one (named by its company answer), so the next one starts filled."""
        chosen = {c.key: c.new for c in self.profile_changes(app_id) if c.key in keys}
        db = self._ctx.db
        app = rows.get(db, app_id)
        if not chosen:
            return Changed(app_id=app_id, client_id=app.client_id)
        if app.client_id is not None:
            if any(k in profile.SENSITIVE_KEYS for k in chosen):
                self._ctx.sealer.ensure()
            sealed = self._ctx.sealer.seal_profile(app.client_id, chosen)
            changed = client_rows.update(db, app.client_id, sealed)
            return Changed(app_id=app_id, client_id=app.client_id, clients=bool(changed), paths=tuple(changed))
        if not chosen.get(client_rows.NAME_KEY):
            raise Rejected("회사 정보를 만들려면 기업명이 필요합니다", "a company name is needed to keep a profile")
        secret = {k: v for k, v in chosen.items() if k in profile.SENSITIVE_KEYS}
        if secret:
            self._ctx.sealer.ensure()
        with transaction(db):  # sealing binds to the client id: insert, then the sealed keys
            client_id = client_rows.insert(db, {k: v for k, v in chosen.items() if k not in secret})
            if secret:
                client_rows.update(db, client_id, self._ctx.sealer.seal_profile(client_id, secret))
            rows.set_client(db, app_id, client_id)
        return Changed(app_id=app_id, client_id=client_id, clients=True, applications=True,
                       paths=tuple(chosen))

    @guarded
    def rename(self, app_id: int, title: str) -> Changed:
        if not title.strip():
            raise Rejected("제목은 비워 둘 수 없습니다", "the title cannot be empty")
        rows.set_title(self._ctx.db, app_id, title.strip())
        return Changed(app_id=app_id, applications=True)

    @guarded
    def set_status(self, app_id: int, status: str, *, today: dt.date | None = None) -> Changed:
        """Move along draft → ready → exported → submitted (or archive); ready and beyond need
        an application without errors. Export and submit end with a checkpoint."""
        app = rows.get(self._ctx.db, app_id)
        if status == app.status:
            return Changed(app_id=app_id)
        if status not in TRANSITIONS.get(app.status, frozenset()):
            raise Rejected(f"'{app.status}'에서 '{status}'(으)로 바꿀 수 없습니다",
                           f"cannot change status from {app.status} to {status}")
        if status in CHECKED:
            result = self.check(app_id, today=today)
            if result.blocking:
                raise Blocked(status, result.errors)
        rows.set_status(self._ctx.db, app_id, status)
        if status in DURABLE:
            self._ctx.store.checkpoint()
        return Changed(app_id=app_id, applications=True, status=status)

    @guarded
    def check(self, app_id: int, *, answers: Mapping[str, Any] | None = None,
              today: dt.date | None = None) -> ValidationResult:
        """The one judgement of an application, used by the editor, home, the status gate and
        both PDF exports: its answers (the stored ones, or the editor's `answers` not yet saved),
        its attachments as they are on disk (and the client's own documents for items it has no
        file for: service.documents), and its seal and signature image files."""
        app = rows.get(self._ctx.db, app_id)
        form = self._ctx.require_form(app)
        values = self._values(app_id, form) if answers is None else answers
        root = self._ctx.store.location.root
        documents = {item: file for item, (_, file) in offered(self._ctx.store, form, app.client_id).items()}
        return validate(form, values, attachments=self._attachment_files(app_id), today=today,
                        file_exists=lambda p: Path(images.resolve(root, p)).is_file(),
                        client_documents=documents)

    @guarded
    def attachment_files(self, app_id: int) -> dict[str, list[AttachmentFile]]:
        """What validation knows of the attached files (name, size, whether the file is there)."""
        return self._attachment_files(app_id)

    @guarded
    def copy(self, app_id: int, form: FormDefinition, *, title: str | None = None,
             client_id: int | None = None, sections: Collection[str] | None = None) -> Changed:
        """A new draft of `form` (another edition or programme) with the answers carried
        forward (provenance carried); answers that do not fit are parked, not dropped."""
        db = self._ctx.db
        sealer = self._ctx.sealer
        source = rows.get(db, app_id)
        client_id = source.client_id if client_id is None else client_id
        client = client_rows.get(db, client_id) if client_id is not None else None
        client = sealer.open_client(client, strict=True) if client else None
        entries = sealer.open_entries(app_id, changelog.entries(db, app_id))
        source_form = self._ctx.form_for(source)
        moved = carry.plan({p: v for p, (v, _) in entries.items() if not p.startswith(META_PREFIX)},
                           source_form, form, sections)
        puts: dict[str, Entry | None] = dict(profile.prefill(form, client.profile) if client else {})
        # a value that came from the profile is taken fresh from it; typed ones are carried
        puts.update({p: (v, "carried") for p, v in moved.carried.items()
                     if not (p in puts and entries.get(p, (None, ""))[1] == "profile")})
        puts.update({PARKED_PREFIX + p: (v, "carried") for p, v in moved.parked.items()})
        marking = Marking.of(source_form, form)  # a value sensitive in either stays sealed
        if sealer.needs_key(puts, marking):
            sealer.ensure()
        with transaction(db):
            new_id = rows.insert(db, client_id=client_id, form_id=form.id,
                                 form_edition=form.edition, form_hash=form.content_hash,
                                 title=title or _default_title(form, client.name if client else ""))
            puts = sealer.seal_puts(new_id, puts, marking)
            written = changelog.write(db, new_id, "carry", puts, label=f"from #{app_id}") \
                if puts else None
            carried = self._carry_attachments(app_id, new_id, form)
        return Changed(app_id=new_id, client_id=client_id, applications=True,
                       rev=written.rev if written else None, attachments=bool(carried),
                       paths=written.paths if written else (), parked=tuple(moved.parked),
                       parked_why=tuple(moved.reasons.get(p, "") for p in moved.parked))

    def _carry_attachments(self, source_id: int, target_id: int, form: FormDefinition) -> int:
        """The source's attached files that the target asks for under the same item: the same
        stored file (by content), a new row. Items the target does not have stay behind (the
        check then names what is still missing). Returns how many were carried."""
        wanted = {a.id for a in form.attachments}
        carried = 0
        for row in attachment_rows.of_app(self._ctx.db, source_id):
            if row.requirement_id in wanted:
                attachment_rows.add(self._ctx.db, target_id, row.requirement_id, row.sha256,
                                    row.original_name, row.media_type, row.size)
                carried += 1
        return carried

    @guarded
    def search(self, query: str = "", *, client_id: int | None = None, status: str | None = None,
               include_archived: bool = False, limit: int = 100, offset: int = 0,
               form: str | None = None, order: str = "updated", descending: bool = True,
               ranks: Mapping[str, int] | None = None, expected: int | None = None
               ) -> list[Application]:
        """By title, or the client's name, 사업자등록번호 or representative; Korean-aware.
        One page (`limit`, `offset`) in `order` (storage.search.ORDERS, or "rank" by `ranks`)."""
        return search.applications(self._ctx.db, query, client_id=client_id, status=status,
                                   include_archived=include_archived, limit=limit,
                                   offset=offset, form=form, order=order,
                                   descending=descending, ranks=ranks, expected=expected)

    @guarded
    def count(self, query: str = "", *, client_id: int | None = None, status: str | None = None,
              include_archived: bool = False, form: str | None = None) -> int:
        """How many `search` finds without a limit: a cut-off list says "N of this many"."""
        return search.count_applications(self._ctx.db, query, client_id=client_id, status=status,
                                         include_archived=include_archived, form=form)

    @guarded
    def record_export(self, app_id: int, file: Path, kind: str = "pdf", *,
                      data: bytes | None = None, checkpoint: bool = True
                      ) -> tuple[ExportRow, Changed]:
        """Note what was produced (name, hash, revision). `data` is the file's content when it
        is not in place yet (the file moves in only once this is recorded)."""
        data = file.read_bytes() if data is None else data
        row = attachment_rows.record_export(self._ctx.db, app_id, kind, file.name,
                                            hashlib.sha256(data).hexdigest(), len(data))
        if checkpoint:
            self._ctx.store.checkpoint()
        return row, Changed(app_id=app_id)

    def _attachment_files(self, app_id: int) -> dict[str, list[AttachmentFile]]:
        root = self._ctx.store.location.attachments
        out: dict[str, list[AttachmentFile]] = {}
        for a in attachment_rows.of_app(self._ctx.db, app_id):
            exists = blobs.path_of(root, a.sha256).is_file()
            out.setdefault(a.requirement_id, []).append(
                AttachmentFile(a.original_name, a.size if exists else None, exists))
        return out

    def _resolve_images(self, form: FormDefinition | None, answers: dict[str, Answer]) -> dict[str, Answer]:
        root = self._ctx.store.location.root
        out = dict(answers)
        for field_id, answer in answers.items():
            field = form.fields.get(field_id) if form else None
            if field is not None and field.kind.holds_file and isinstance(answer.value, str):
                out[field_id] = dataclasses.replace(answer, value=images.resolve(root, answer.value))
        return out

    def _keep_images(self, form: FormDefinition | None, values: Mapping[str, Any]) -> dict[str, Any]:
        """A seal or signature given as a file path is kept beside the database (service.images)."""
        out = dict(values)
        for field_id, value in values.items():
            field = form.fields.get(field_id) if form else None
            if field is not None and field.kind.holds_file and isinstance(value, str) and value:
                out[field_id] = images.keep(self._ctx.store.location.root, value)
        return out

    @staticmethod
    def _editable(app_id: int, status: str) -> None:
        if status in READ_ONLY:
            raise Rejected(f"'{status}' 상태의 신청서 {app_id}은(는) 고칠 수 없습니다. 복사해서 고치세요",
                           f"application {app_id} is {status}, read-only; copy it to change it")


def _profile_won(form: FormDefinition, client: str, ids: list[str]) -> tuple[str, ...]:
    ko = ", ".join(form.fields[i].label.ko for i in ids)
    en = ", ".join(form.fields[i].label.en for i in ids)
    return (f"답변 파일의 값 대신 고객사 「{client}」의 정보를 썼습니다: {ko} "
            f"(the client {client}'s profile was used instead of the answers file's values for: {en})",)
