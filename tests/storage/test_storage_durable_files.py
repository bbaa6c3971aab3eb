"""The one writer (desktop_app.atomic): whole files or none, nothing left behind, nothing in
place when the command then fails, stale temp files cleaned at start, a private data folder."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app import atomic
from desktop_app.cli import main
from desktop_app.forms import FormDefinition
from desktop_app.service import Desk
from desktop_app.storage.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
SEAL = ROOT / "tests" / "fixtures" / "answers" / "attachments" / "ai-data-voucher-2020"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_failed_write_leaves_nothing_and_the_target_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "report.pdf"
    atomic.write_atomic(dest, b"old")

    def boom(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        atomic.stage_with(dest, boom)
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["report.pdf"]
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600


def test_staged_file_appears_only_on_commit(tmp_path: Path) -> None:
    dest = tmp_path / "a.vdpkg"
    staged = atomic.stage(dest, b"data")
    assert not dest.exists() and staged.tmp.exists() and staged.read_bytes() == b"data"
    staged.discard()
    assert list(tmp_path.iterdir()) == []
    atomic.stage(dest, b"data").commit()
    assert dest.read_bytes() == b"data"


def test_stale_temp_files_are_removed_at_start(tmp_path: Path) -> None:
    """A killed writer's temp files: in the data folder by name, in the user's folder by the
    in-flight note; a live writer's are left alone."""
    home = tmp_path / "home" / "data"
    db = home / "voucher-desk.sqlite3"
    open_database(db).close()
    dead, alive = _dead_pid(), os.getpid()
    stale_backup = home / "backups" / f".voucher-desk-x.sqlite3.{dead}-0badc0de.part"
    stale_backup.parent.mkdir(exist_ok=True)
    stale_backup.write_bytes(b"half a backup")
    live = home / f".other.{alive}-12345678.part"
    live.write_bytes(b"being written")
    user_folder = tmp_path / "Documents"
    user_folder.mkdir()
    stale_pdf = user_folder / f".신청서.pdf.{dead}-deadbeef.part"
    stale_pdf.write_bytes(b"%PDF-half")
    note = home / "in-flight" / f"{stale_pdf.name}.path"
    note.parent.mkdir(exist_ok=True)
    note.write_text(str(stale_pdf), encoding="utf-8")
    open_database(db).close()
    assert not stale_backup.exists() and not stale_pdf.exists() and not note.exists()
    assert live.exists()


def _busy(db: Path) -> sqlite3.Connection:
    """Another program holding the write lock."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_apps_pdf_and_export_on_a_busy_database_leave_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--base-dir", str(tmp_path / "home")]
    assert main([*base, "apps", "new", "ai-data-voucher"]) == 0
    app_id = capsys.readouterr().out.strip()
    db = tmp_path / "home" / "data" / "voucher-desk.sqlite3"
    out_pdf, out_pkg = tmp_path / "out" / "draft.pdf", tmp_path / "out" / "draft.vdpkg"
    out_pdf.parent.mkdir()
    other = _busy(db)
    try:
        assert main([*base, "apps", "pdf", app_id, "-o", str(out_pdf)]) == 2
        err = capsys.readouterr().err
        assert "busy" in err.lower() or "사용 중" in err, err
        assert main([*base, "export", app_id, "-o", str(out_pkg)]) == 2
        capsys.readouterr()
        import time

        start = time.monotonic()
        assert main([*base, "apps", "set", app_id, "project_title", "x"]) == 2
        took = time.monotonic() - start
        assert took < 3.0, f"a busy database is reported in {took:.1f} s"  # 2 s busy timeout
        capsys.readouterr()
    finally:
        other.rollback()
        other.close()
    assert list(out_pdf.parent.iterdir()) == []  # neither the file nor a temp file
    assert main([*base, "apps", "pdf", app_id, "-o", str(out_pdf)]) == 0
    assert out_pdf.read_bytes().startswith(b"%PDF")


def test_apps_pdf_on_a_read_only_database_leaves_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["--base-dir", str(tmp_path / "home")]
    assert main([*base, "apps", "new", "ai-data-voucher"]) == 0
    app_id = capsys.readouterr().out.strip()
    out = tmp_path / "out.pdf"
    import desktop_app.storage.connection as connection

    original = connection.configure

    def read_only(db: object, **kw: object) -> None:  # as on a read-only medium (even as root)
        original(db, **kw)  # type: ignore[arg-type]
        db.execute("PRAGMA query_only=ON")  # type: ignore[attr-defined]

    monkeypatch.setattr(connection, "configure", read_only)
    assert main([*base, "apps", "pdf", app_id, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "read" in err.lower() or "읽기 전용" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


def _modes(root: Path) -> dict[str, str]:
    out = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for p in sorted(root.rglob("*")):
        out[str(p.relative_to(root))] = oct(stat.S_IMODE(p.lstat().st_mode))
    return out


def test_a_new_data_folder_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      forms: Callable[[str], FormDefinition],
                                      form_2026: FormDefinition) -> None:
    """0700 folders, 0600 files: database, -wal, -shm, backups, attachments, images, config."""
    monkeypatch.setenv("VOUCHER_DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(os, "umask", os.umask)  # the process umask stays what the user has
    old = os.umask(0o022)
    try:
        from desktop_app import paths

        paths.config_dir()
        with Desk.open(forms=forms) as desk:  # takes the daily backup too
            app = desk.apps.new(form_2026).app_id or 0
            pdf = tmp_path / "att.pdf"
            pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
            desk.attachments.add(app, "biz_cert", pdf)
            from desktop_app.service import images

            images.keep(desk.location.root, SEAL / "seal.png")
            desk.backup()
            from desktop_app.service.batch import validate_many

            validate_many(desk, [app])  # writes the batch check's cache beside the database
            modes = _modes(tmp_path / "home")
    finally:
        os.umask(old)
    assert any(name.endswith("-wal") for name in modes) and any("backups/" in n for n in modes)
    assert any(n.startswith("data/attachments/") for n in modes)
    assert any(n.startswith("data/images/") for n in modes)
    assert "data/health-cache.sqlite3" in modes
    wrong = {n: m for n, m in modes.items()
             if m != ("0o700" if (tmp_path / "home" / n).is_dir() else "0o600")}
    assert not wrong, wrong
