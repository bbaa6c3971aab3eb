"""The window's own workers write through connections of their own; the view reloads, but the
status bar must not say another program changed the data (a tester saw it after start and after
the window's own batch), while a real outside change still says so."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import settings
from ui.main_window import MainWindow


def test_own_worker_reloads_quietly_and_outside_changes_are_said(qtbot: QtBot, base_dir: Path) -> None:
    with Desk.open(auto_backup=False) as desk:
        window = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.addWidget(window)
        window.watch.stop()  # driven by hand here
        with Desk.open(auto_backup=False) as worker:  # as the batch dialog's worker does
            worker.clients.create({"company.name": "워커상사"})
        window.statusBar().clearMessage()
        window.own_work_done()
        assert window.statusBar().currentMessage() == ""
        assert not window.notice_outside_changes()  # already taken in
        with Desk.open(auto_backup=False) as other:  # the CLI, another window
            other.clients.create({"company.name": "바깥상사"})
        assert window.notice_outside_changes()
        assert "다른 프로그램" in window.statusBar().currentMessage() or "Another program" in \
            window.statusBar().currentMessage()
        window.close()


def test_the_windows_own_batch_pdf_is_not_another_program(qtbot: QtBot, base_dir: Path, tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
    with Desk.open(auto_backup=False) as desk:
        desk.answers.import_file(sample)
        window = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.addWidget(window)
        window.watch.stop()
        window.desk.store.changed_elsewhere()  # the baseline, as at start
        dialog = window.run_batch("pdf", out_dir=tmp_path / "pdfs")
        assert dialog is not None
        qtbot.waitUntil(lambda: not dialog.running(), timeout=60_000)
        assert list((tmp_path / "pdfs").glob("*.pdf"))  # the worker wrote and recorded it
        assert not window.notice_outside_changes()  # …and that is no other program's change
        dialog.close()
        window.close()
