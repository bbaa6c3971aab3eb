"""Attachments: type and size checks from the form, content sniffing, dedup, replace, remove."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.service import Desk
from desktop_app.storage import NotFound, Rejected

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


def make(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def stored(desk: Desk) -> list[Path]:
    return sorted(p for p in desk.location.attachments.glob("*/*") if p.is_file())


def test_add_stores_by_hash_once(desk: Desk, app_id: int, tmp_path: Path) -> None:
    first = desk.attachments.add(app_id, "biz_cert", make(tmp_path, "사업자등록증.pdf", PDF))
    again = desk.attachments.add(app_id, "biz_cert", make(tmp_path, "copy.PDF", PDF))
    assert first.attachments and first.attachment_id != again.attachment_id
    rows = desk.attachments.of(app_id)
    assert [(r.original_name, r.media_type, r.size) for r in rows] == [
        ("사업자등록증.pdf", "application/pdf", len(PDF)), ("copy.PDF", "application/pdf", len(PDF))]
    assert len(stored(desk)) == 1 and rows[0].sha256 == rows[1].sha256
    assert desk.attachments.path(rows[0].id).read_bytes() == PDF
    assert desk.apps.open(app_id).attachments == rows


@pytest.mark.parametrize("name, data, reason", [
    ("cert.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 10, "not accepted"),
    ("cert.pdf", b"<html>not a pdf</html>", "content is not"),
    ("big.pdf", b"%PDF-" + b"0" * (1024 * 1024), "too large"),
])
def test_wrong_type_content_or_size_is_refused(desk: Desk, app_id: int, tmp_path: Path,
                                               name: str, data: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as err:
        desk.attachments.add(app_id, "biz_cert", make(tmp_path, name, data))
    assert reason in str(err.value)
    assert stored(desk) == [] and desk.attachments.of(app_id) == []


def test_unknown_requirement_and_missing_file(desk: Desk, app_id: int, tmp_path: Path) -> None:
    with pytest.raises(Rejected):
        desk.attachments.add(app_id, "no_such_thing", make(tmp_path, "a.pdf", PDF))
    with pytest.raises(NotFound):
        desk.attachments.add(app_id, "biz_cert", tmp_path / "missing.pdf")


def test_jpeg_and_jpg_are_the_same_type(desk: Desk, app_id: int, tmp_path: Path) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"0" * 32
    assert desk.attachments.add(app_id, "biz_cert", make(tmp_path, "a.jpeg", jpeg)).attachments


def test_replace_and_remove_clean_up_files(desk: Desk, app_id: int, tmp_path: Path) -> None:
    added = desk.attachments.add(app_id, "biz_cert", make(tmp_path, "a.pdf", PDF))
    att = added.attachment_id or 0
    desk.attachments.replace(att, make(tmp_path, "b.png", PNG))
    [row] = desk.attachments.of(app_id)
    assert (row.original_name, row.media_type) == ("b.png", "image/png")
    assert [p.read_bytes() for p in stored(desk)] == [PNG]
    desk.attachments.remove(att)
    assert desk.attachments.of(app_id) == [] and stored(desk) == []


def test_garbage_left_by_a_crash_is_collected(desk: Desk, app_id: int, tmp_path: Path) -> None:
    from desktop_app.storage import blobs

    blobs.store(desk.location.attachments, make(tmp_path, "orphan.pdf", b"%PDF-orphan"))
    desk.attachments.add(app_id, "biz_cert", make(tmp_path, "kept.pdf", PDF))
    assert len(stored(desk)) == 2
    assert desk.attachments.collect_garbage() == 0, "a fresh file may belong to a row not yet committed"
    for path in stored(desk):
        os.utime(path, (path.stat().st_atime - 7200, path.stat().st_mtime - 7200))
    assert desk.attachments.collect_garbage() == 1
    assert [p.read_bytes() for p in stored(desk)] == [PDF]


def test_a_removed_file_outlives_the_backups_that_name_it(desk: Desk, app_id: int, tmp_path: Path) -> None:
    added = desk.attachments.add(app_id, "biz_cert", make(tmp_path, "cert.pdf", PDF))
    backup = desk.backup()  # names the file
    desk.attachments.remove(added.attachment_id or 0)
    assert [p.read_bytes() for p in stored(desk)] == [PDF], "restoring the backup still finds its file"
    for path in stored(desk):
        os.utime(path, (path.stat().st_atime - 7200, path.stat().st_mtime - 7200))
    assert desk.attachments.collect_garbage() == 0
    backup.unlink()  # the backup rolled off
    assert desk.attachments.collect_garbage() == 1 and stored(desk) == []
