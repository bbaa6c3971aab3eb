"""Export an application as a `.vdpkg` package: answers (sensitive ones opened — the package
is the hand-off, and can be encrypted with a passphrase), attachments, seal images and the
client's profile. Refuses, rather than leaves out, a sensitive answer it cannot open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.atomic import write_atomic
from desktop_app.exchange import package
from desktop_app.exchange.content import Attached
from desktop_app.exchange.manifest import digest
from desktop_app.security.passphrase import check_strength
from desktop_app.service import PARKED_PREFIX
from desktop_app.storage import clients as client_rows
from desktop_app.storage.errors import Rejected

if TYPE_CHECKING:
    from desktop_app.service import AppView, Desk


@dataclass(frozen=True)
class Exported:
    path: Path
    sha256: str
    size: int
    encrypted: bool
    warnings: tuple[str, ...]


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


def collect(desk: Desk, app_id: int) -> tuple[AppView, dict[str, Any], list[Attached],
                                              dict[str, tuple[str, bytes]], list[str]]:
    """(view, answers incl. parked, attachments, images, warnings) as the package carries them."""
    view = readable_view(desk, app_id)
    if view.form is None:
        raise Rejected(f"양식 {view.app.form_key}이(가) 설치되어 있지 않아 내보낼 수 없습니다",
                       f"the form {view.app.form_key} is not installed, cannot export")
    answers = {**view.values, **{PARKED_PREFIX + p: v for p, v in view.parked.items()}}
    warnings: list[str] = []
    images: dict[str, tuple[str, bytes]] = {}
    for f in view.form.fields.values():
        value = answers.get(f.id)
        if f.type == "image" and isinstance(value, str):
            path = Path(value)
            if path.is_file():
                images[f.id] = (path.name, path.read_bytes())
            else:
                warnings.append(f"{f.id}: 이미지 파일이 없습니다 / image file not found: {value}")
    attachments = [Attached(row.requirement_id, row.original_name,
                            desk.attachments.path(row.id).read_bytes()) for row in view.attachments]
    return view, answers, attachments, images, warnings


def client_profile(desk: Desk, client_id: int | None) -> dict[str, Any] | None:
    if client_id is None:
        return None
    raw = client_rows.get(desk.store.db, client_id)
    return dict(desk.sealer.open_client(raw, strict=True).profile)


def export_package(desk: Desk, app_id: int, dest: Path, *, passphrase: str | None = None) -> Exported:
    if passphrase is not None:
        check_strength(passphrase)
    view, answers, attachments, images, warnings = collect(desk, app_id)
    assert view.form is not None
    data = package.build(view.form, view.app.title, answers, attachments, images,
                         client_profile(desk, view.app.client_id))
    if passphrase is not None:
        data = package.encrypt(data, passphrase)
    write_atomic(dest, data)
    desk.apps.record_export(app_id, dest, kind="vdpkg")
    return Exported(dest, digest(data), len(data), passphrase is not None, tuple(warnings))
