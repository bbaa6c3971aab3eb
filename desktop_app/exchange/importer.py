"""Import a checked package into the database in one transaction: the client (with a choice
when one with the same 사업자등록번호 exists: keep / replace / both), a new draft with the
answers (sensitive ones sealed), the attachments and the seal images.

Everything is checked by `package.read` before this module writes; files (attachment blobs,
images) are content-addressed and written first, so a failure leaves at most unreferenced
files that garbage collection removes, never a half-imported application.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop_app.exchange import limits, package, zipcheck
from desktop_app.exchange.content import Attached
from desktop_app.exchange.errors import ConflictUnresolved
from desktop_app.exchange.manifest import digest
from desktop_app.service import images
from desktop_app.storage import attachments as attachment_rows
from desktop_app.storage import blobs
from desktop_app.storage.connection import transaction
from desktop_app.storage.opening import typed_errors
from desktop_app.storage.records import Client

if TYPE_CHECKING:
    from desktop_app.service import Desk

Choice = Literal["keep", "replace", "both"]
CHOICES: tuple[Choice, ...] = ("keep", "replace", "both")
Resolver = Callable[[Client, dict[str, Any]], Choice | None]
"""Asked (existing client, the package's profile) when the 사업자등록번호 matches; None cancels."""


@dataclass(frozen=True)
class Imported:
    app_id: int
    client_id: int | None
    client_action: str        # new, keep, replace, both, none
    encrypted: bool
    warnings: tuple[str, ...]


def brn_digits(profile: dict[str, Any]) -> str:
    return re.sub(r"\D", "", str(profile.get("company.brn") or ""))


def existing_client(desk: Desk, profile: dict[str, Any]) -> Client | None:
    digits = brn_digits(profile)
    if not digits:
        return None
    same = [c for c in desk.clients.search(digits, include_archived=True, limit=10_000) if c.brn == digits]
    return min(same, key=lambda c: c.id) if same else None


def _choose(existing: Client, profile: dict[str, Any], conflict: Choice | Resolver | None) -> Choice:
    choice = conflict(existing, profile) if callable(conflict) else conflict
    if choice not in CHOICES:
        raise ConflictUnresolved(str(profile.get("company.brn")), existing.id, existing.name)
    return choice


def read_package_file(path: Path, forms: Callable[[str], Any],
                      passphrase: package.AskPassphrase) -> package.Package:
    return package.read(zipcheck.read_file(path), forms, passphrase)


def import_package(desk: Desk, pkg: package.Package, *,
                   conflict: Choice | Resolver | None = None) -> Imported:
    contents = pkg.contents
    profile = contents.profile
    existing = existing_client(desk, profile) if profile else None
    choice = _choose(existing, profile, conflict) if existing and profile else None
    if _needs_key(desk, pkg):
        desk.sealer.ensure()  # before the transaction (security.vault)
    answers = dict(contents.answers)
    new_files: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="voucher-desk-import-") as tmp:
        try:
            files = _spool(contents.attachments, Path(tmp))
            for field_id, (name, data) in contents.images.items():
                answers[field_id] = str(_store_image(desk, name, data, new_files))
            with typed_errors(desk.location), transaction(desk.store.db):
                client_id, action = _client(desk, profile, existing, choice)
                created = desk.apps.new(pkg.form, client_id=client_id, answers=answers, prefill=False,
                                        title=pkg.manifest.title or None)
                assert created.app_id is not None
                for requirement, path in files:
                    desk.attachments.add(created.app_id, requirement, path)
        except BaseException:  # nothing of a failed import stays: its images and stored blobs go
            _forget(desk, new_files, [digest(a.data) for a in contents.attachments])
            raise
    return Imported(created.app_id, client_id, action, pkg.encrypted, tuple(contents.warnings))


def _forget(desk: Desk, images: list[Path], hashes: list[str]) -> None:
    """Remove what this import stored, and only that: another program may be adding its own
    attachment right now, so no general garbage collection here."""
    for path in images:
        path.unlink(missing_ok=True)
    db, root = desk.store.db, desk.location.attachments
    for sha in hashes:
        if not attachment_rows.is_referenced(db, sha):
            blobs.path_of(root, sha).unlink(missing_ok=True)


def _spool(attachments: list[Attached], tmp: Path) -> list[tuple[str, Path]]:
    """Attachments as files under their (tidied) original names, for service.attachments."""
    files = []
    for i, a in enumerate(attachments):
        path = tmp / str(i) / package.safe_name(a.name)
        path.parent.mkdir()
        path.write_bytes(a.data)
        files.append((a.requirement, path))
    return files


def _needs_key(desk: Desk, pkg: package.Package) -> bool:
    from desktop_app.service.profile import SENSITIVE_KEYS
    from desktop_app.service.sealing import Marking

    profile = pkg.contents.profile or {}
    return desk.sealer.needs_key(pkg.contents.answers, Marking.of(pkg.form)) or \
        any(k in SENSITIVE_KEYS for k in profile)


def _client(desk: Desk, profile: dict[str, Any] | None, existing: Client | None,
            choice: Choice | None) -> tuple[int | None, str]:
    if profile is None:
        return None, "none"
    if existing is None or choice == "both":
        created = desk.clients.create(profile).client_id
        return created, "new" if existing is None else "both"
    if choice == "replace":
        gone = {k: None for k in desk.clients.get(existing.id).profile if k not in profile}
        desk.clients.edit(existing.id, {**gone, **profile})
        if existing.archived:
            desk.clients.archive(existing.id, False)
    return existing.id, str(choice)


def _store_image(desk: Desk, name: str, data: bytes, new_files: list[Path]) -> Path:
    """Seal and signature images live beside the database (service.images), by content."""
    dest, written = images.store_bytes(desk.location.root, name, data)
    if written:
        new_files.append(dest)
    return dest


def is_package(path: Path) -> bool:
    """A zip (what a package is) rather than an answers file; decided by content, not name."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06") or path.suffix == limits.SUFFIX
    except OSError:
        return path.suffix == limits.SUFFIX
