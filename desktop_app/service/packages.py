"""`.vdpkg` packages in and out of the database (the codec itself is desktop_app.exchange).

Export: `prepare` (the database's thread) takes an immutable snapshot — answers with sensitive
ones opened (the package is the hand-off, and can be encrypted), attachments, seal images, the
client's profile — refusing, rather than leaving out, a sensitive answer it cannot open;
`write` (any thread: scrypt is slow) builds, encrypts and writes the file atomically; `record`
(the database's thread) notes it. `export` does the three in a row.

Import: `read` (any thread: decryption) checks everything and writes nothing; `import_` (the
database's thread) writes the client (keep / replace / both when the 사업자등록번호 is known),
the draft, its attachments and images in one transaction. Files are content-addressed and
written first; a failed import removes only the files it stored.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop_app import limits
from desktop_app.atomic import Staged, stage
from desktop_app.exchange import package, zipcheck
from desktop_app.exchange.content import Attached
from desktop_app.exchange.errors import ConflictUnresolved
from desktop_app.exchange.manifest import digest, dump_json
from desktop_app.exchange.package import Package
from desktop_app.forms import FormDefinition
from desktop_app.security.passphrase import check_strength
from desktop_app.service import images
from desktop_app.service.context import FormLookup
from desktop_app.service.profile import SENSITIVE_KEYS
from desktop_app.service.results import PARKED_PREFIX, AppView, Changed
from desktop_app.service.sealing import Marking
from desktop_app.storage import attachments as attachment_rows
from desktop_app.storage import blobs, package_imports
from desktop_app.storage import clients as client_rows
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.opening import typed_errors
from desktop_app.storage.package_imports import PackageImport
from desktop_app.storage.records import Client

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk

Choice = Literal["keep", "replace", "both"]
CHOICES: tuple[Choice, ...] = ("keep", "replace", "both")
Resolver = Callable[[Client, dict[str, Any]], Choice | None]
"""Asked (existing client, the package's profile) when the 사업자등록번호 matches; None cancels."""
AskPassphrase = Callable[[], str | None]


@dataclass(frozen=True)
class Exported:
    path: Path
    sha256: str
    size: int
    encrypted: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Imported:
    app_id: int
    client_id: int | None
    client_action: str        # new, keep, replace, both, none
    encrypted: bool
    warnings: tuple[str, ...]


class AlreadyImported(Rejected):
    """The same package (the same contents, encrypted or not) made an application already."""

    def __init__(self, earlier: list[PackageImport]) -> None:
        self.earlier = earlier
        first = earlier[0]
        more = f" 외 {len(earlier) - 1}건" if len(earlier) > 1 else ""
        more_en = f" and {len(earlier) - 1} more" if len(earlier) > 1 else ""
        super().__init__(
            f"같은 패키지를 이미 가져왔습니다: 신청서 #{first.app_id} 「{first.title}」{more} "
            f"({first.imported_at[:10]}). 새 신청서를 만들지 않았습니다",
            f"the same package was imported already: application #{first.app_id} '{first.title}'"
            f"{more_en} ({first.imported_at[:10]}); no new application was made")


def fingerprint(pkg: Package) -> str:
    """What makes two packages the same: the form and every member's content (not the file's
    bytes, which encryption salts, nor when it was written)."""
    members = sorted((name, sha) for name, (sha, _) in pkg.manifest.members.items())
    return digest(dump_json({"form": pkg.manifest.form_key, "members": members}))


@dataclass(frozen=True)
class Collected:
    """An application as a package or an answers file carries it (no database inside)."""

    view: AppView
    form: FormDefinition
    answers: dict[str, Any]                    # parked ones under `parked:`
    attachments: tuple[Attached, ...]
    images: dict[str, tuple[str, bytes]]       # field id → (original name, bytes)
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PackageJob:
    """Everything `write` needs, taken on the database's thread; safe to hand to a worker."""

    app_id: int
    collected: Collected
    profile: dict[str, Any] | None


def write(job: PackageJob, dest: Path, *, passphrase: str | None = None) -> Exported:
    """Build (and encrypt) the package and write it atomically: any thread, no database.
    (`Packages.export` stages it instead, so it appears only once recorded.)"""
    exported, staged = stage_package(job, dest, passphrase=passphrase)
    staged.commit()
    return exported


def stage_package(job: PackageJob, dest: Path, *, passphrase: str | None = None
                  ) -> tuple[Exported, Staged]:
    """The package complete and synced beside `dest`, not yet in place."""
    if passphrase is not None:
        check_strength(passphrase)
    c = job.collected
    data = package.build(c.form, c.view.app.title, c.answers, list(c.attachments), c.images, job.profile)
    if passphrase is not None:
        data = package.encrypt(data, passphrase)
    return (Exported(dest, digest(data), len(data), passphrase is not None, c.warnings),
            stage(dest, data))


def read(path: Path, forms: FormLookup, passphrase: AskPassphrase) -> Package:
    """A fully checked package (decrypted when it is encrypted), or PackageRefused: any thread,
    no database; `forms` is `desk.forms`."""
    return package.read(zipcheck.read_file(path), forms, passphrase)


def is_package(path: Path) -> bool:
    """A zip (what a package is) rather than an answers file; decided by content, not name."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06") or path.suffix == limits.SUFFIX
    except OSError:
        return path.suffix == limits.SUFFIX


def is_encrypted(path: Path) -> bool:
    """Whether opening the package will need a passphrase (read the manifest only)."""
    return package.is_encrypted(zipcheck.read_file(path))


def brn_digits(profile: dict[str, Any]) -> str:
    return re.sub(r"\D", "", str(profile.get("company.brn") or ""))


class Packages:
    """`desk.packages`: export and import `.vdpkg` files."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    # ---- export ------------------------------------------------------------------------------
    def prepare(self, app_id: int) -> PackageJob:
        c = collect(self._desk, app_id)
        return PackageJob(app_id, c, self._profile(c.view.app.client_id))

    def record(self, app_id: int, dest: Path) -> Changed:
        return self._desk.apps.record_export(app_id, dest, kind="vdpkg")[1]

    def export(self, app_id: int, dest: Path, *, passphrase: str | None = None) -> Exported:
        if passphrase is not None:
            check_strength(passphrase)
        exported, staged = stage_package(self.prepare(app_id), dest, passphrase=passphrase)
        desk = self._desk
        try:  # in place only once recorded: a busy or read-only database leaves no file
            with typed_errors(desk.location), transaction(desk.store.db):
                desk.apps.record_export(app_id, dest, kind="vdpkg", data=staged.read_bytes(),
                                        checkpoint=False)
                staged.commit()
        finally:
            staged.discard()
        desk.store.checkpoint()
        return exported

    # ---- import ------------------------------------------------------------------------------
    def read(self, path: Path, passphrase: AskPassphrase) -> Package:
        return read(path, self._desk.forms, passphrase)

    def existing_client(self, profile: dict[str, Any]) -> Client | None:
        digits = brn_digits(profile)
        if not digits:
            return None
        same = [c for c in self._desk.clients.search(digits, include_archived=True, limit=10_000)
                if c.brn == digits]
        return min(same, key=lambda c: c.id) if same else None

    def earlier_imports(self, pkg: Package) -> list[PackageImport]:
        """The applications this very package made before (still in the book)."""
        return package_imports.find(self._desk.store.db, fingerprint(pkg))

    def import_(self, pkg: Package, *, conflict: Choice | Resolver | None = None,
                again: bool = False, file_name: str = "") -> Imported:
        """One new draft from the package. The same package imported before is refused with
        AlreadyImported naming that application, unless `again` (another copy is wanted)."""
        desk = self._desk
        earlier = self.earlier_imports(pkg)
        if earlier and not again:
            raise AlreadyImported(earlier)
        contents = pkg.contents
        profile = contents.profile
        existing = self.existing_client(profile) if profile else None
        choice = _choose(existing, profile, conflict) if existing and profile else None
        if desk.sealer.needs_key(contents.answers, Marking.of(pkg.form)) or \
                any(k in SENSITIVE_KEYS for k in profile or {}):
            desk.sealer.ensure()  # before the transaction (security.vault)
        answers = dict(contents.answers)
        new_files: list[Path] = []
        with tempfile.TemporaryDirectory(prefix="voucher-desk-import-") as tmp:
            try:
                files = _spool(contents.attachments, Path(tmp))
                for field_id, (name, data) in contents.images.items():
                    dest, written = images.store_bytes(desk.location.root, name, data)
                    if written:
                        new_files.append(dest)
                    answers[field_id] = str(dest)
                with typed_errors(desk.location), transaction(desk.store.db):
                    client_id, action = self._client(profile, existing, choice)
                    created = desk.apps.new(pkg.form, client_id=client_id, answers=answers, prefill=False,
                                            title=pkg.manifest.title or None)
                    assert created.app_id is not None
                    for requirement, path in files:
                        desk.attachments.add(created.app_id, requirement, path)
                    package_imports.record(desk.store.db, fingerprint(pkg), created.app_id, file_name)
            except BaseException:  # nothing of a failed import stays: its images and stored blobs go
                self._forget(new_files, [digest(a.data) for a in contents.attachments])
                raise
        return Imported(created.app_id, client_id, action, pkg.encrypted, tuple(contents.warnings))

    def _profile(self, client_id: int | None) -> dict[str, Any] | None:
        if client_id is None:
            return None
        raw = client_rows.get(self._desk.store.db, client_id)
        return dict(self._desk.sealer.open_client(raw, strict=True).profile)

    def _forget(self, stored_images: list[Path], hashes: list[str]) -> None:
        """Remove what this import stored, and only that: another program may be adding its own
        attachment right now, so no general garbage collection here."""
        for path in stored_images:
            path.unlink(missing_ok=True)
        db, root = self._desk.store.db, self._desk.location.attachments
        for sha in hashes:
            if not attachment_rows.is_referenced(db, sha):
                blobs.path_of(root, sha).unlink(missing_ok=True)

    def _client(self, profile: dict[str, Any] | None, existing: Client | None,
                choice: Choice | None) -> tuple[int | None, str]:
        clients = self._desk.clients
        if profile is None:
            return None, "none"
        if existing is None or choice == "both":
            # the package's own keep/replace/both choice decides about a firm already here
            created = clients.create(profile, allow_invalid_brn=True, allow_duplicate=True).client_id
            return created, "new" if existing is None else "both"
        if choice == "replace":
            gone = {k: None for k in clients.get(existing.id).profile if k not in profile}
            clients.edit(existing.id, {**gone, **profile})
            if existing.archived:
                clients.archive(existing.id, False)
        return existing.id, str(choice)


def _choose(existing: Client, profile: dict[str, Any], conflict: Choice | Resolver | None) -> Choice:
    choice = conflict(existing, profile) if callable(conflict) else conflict
    if choice not in CHOICES:
        raise ConflictUnresolved(str(profile.get("company.brn")), existing.id, existing.name)
    return choice


def _spool(attachments: list[Attached], tmp: Path) -> list[tuple[str, Path]]:
    """Attachments as files under their (tidied) original names, for service.attachments."""
    files = []
    for i, a in enumerate(attachments):
        path = tmp / str(i) / package.safe_name(a.name)
        path.parent.mkdir()
        path.write_bytes(a.data)
        files.append((a.requirement, path))
    return files


def readable_view(desk: Desk, app_id: int) -> AppView:
    """The application with every answer opened; the key's own error when one cannot be."""
    view = desk.apps.open(app_id)
    if view.unreadable:
        desk.sealer.ensure()  # raises why (locked, lost key, wrong passphrase …)
        view = desk.apps.open(app_id)
        if view.unreadable:
            raise Rejected(f"열 수 없는 암호화 답변이 있어 내보낼 수 없습니다: {', '.join(view.unreadable)}",
                           f"cannot export: encrypted answers do not open: {', '.join(view.unreadable)}")
    return view


def collect(desk: Desk, app_id: int) -> Collected:
    """The application's answers (parked ones included), attachments and images."""
    view = readable_view(desk, app_id)
    if view.form is None:
        raise Rejected(f"양식 {view.app.form_key}이(가) 설치되어 있지 않아 내보낼 수 없습니다",
                       f"the form {view.app.form_key} is not installed, cannot export")
    answers = {**view.values, **{PARKED_PREFIX + p: v for p, v in view.parked.items()}}
    warnings: list[str] = []
    found: dict[str, tuple[str, bytes]] = {}
    for f in view.form.fields.values():
        value = answers.get(f.id)
        if f.kind.holds_file and isinstance(value, str):
            path = Path(value)
            if path.is_file():
                found[f.id] = (path.name, path.read_bytes())
            else:
                warnings.append(f"{f.id}: 이미지 파일이 없습니다 / image file not found: {value}")
    attachments = tuple(Attached(row.requirement_id, row.original_name,
                                 desk.attachments.path(row.id).read_bytes()) for row in view.attachments)
    return Collected(view, view.form, answers, attachments, found, tuple(warnings))
