"""일괄 PDF / 일괄 점검 from the home list: on the selected rows (or every match), on a worker,
cancellable, with the outcome per application (issue 18)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    for _ in range(2):
        desk.answers.import_file(SAMPLE)
    desk.apps.new(desk.find_form("ai-data-voucher@2020"), title="빈 신청서")
    win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == []


def test_batch_check_of_the_selected_rows_runs_off_the_gui_thread(window: MainWindow, qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    home = window.home
    home.refresh()
    assert home.model.rowCount() == 3
    rows = [r for r in range(3) if home.text(r, 0) != "빈 신청서"]
    for r in rows:
        home.table.selectionModel().select(home.model.index(r, 0),
                                           home.table.selectionModel().SelectionFlag.Select
                                           | home.table.selectionModel().SelectionFlag.Rows)
    home.batch_check_button.click()
    dialog = window.last_batch
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30_000)
    summary = dialog.summary
    assert summary is not None and summary.count("ok") == 2 and len(summary.outcomes) == 2
    assert "통과 2" in dialog.label.text()
    saved = dialog.save_report(tmp_path / "check.json")
    assert saved is not None and json.loads(saved.read_text(encoding="utf-8"))["ok"] == 2


def test_batch_pdf_of_every_match_and_cancel(window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = window.run_batch("pdf", out_dir=tmp_path / "pdfs")  # nothing selected: all three
    assert dialog is not None and len(dialog.ids) == 3
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60_000)
    summary = dialog.summary
    assert summary is not None
    assert (summary.count("ok"), summary.count("draft")) == (2, 1)
    assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == 3
    assert window.home.text(0, 3) in ("PDF 완료", "작성 중")  # the list was refreshed

    # cancel asked the instant it starts: it stops before the first (asked later, after the one
    # in hand). Set before the worker runs, so a fast machine cannot finish all three first.
    from ui.batch_dialog import BatchDialog

    start = BatchDialog.start

    def start_cancelled(dialog: BatchDialog) -> bool:
        dialog._stop.set()
        return start(dialog)

    monkeypatch.setattr(BatchDialog, "start", start_cancelled)
    again = window.run_batch("check")
    assert again is not None
    qtbot.waitUntil(lambda: again.summary is not None, timeout=30_000)
    assert again.summary is not None and again.summary.cancelled
    assert len(again.summary.outcomes) < 3 and "취소됨" in again.label.text()


def test_batch_pdf_says_what_it_exports_and_can_leave_drafts_out(window: MainWindow, qtbot: QtBot,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The button asks first: the whole list when nothing is selected (a tester got all 12
    without a word, drafts and finals mixed), and whether those with errors go as DRAFTs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().startswith("오류 없는 것만")).click()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "final"))
    QTimer.singleShot(100, answer)
    window.home.refresh()
    window.home.batch_pdf_button.click()
    dialog = window.last_batch
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60_000)
    assert seen and "선택한 것이 없어 목록의 신청서 3건 전체를 PDF로 내보냅니다" in seen[0]
    summary = dialog.summary
    assert summary is not None and (summary.count("ok"), summary.count("errors")) == (2, 1)
    written = sorted(p.name for p in (tmp_path / "final").glob("*.pdf"))
    assert len(written) == 2 and not any("초안" in name for name in written)

    QTimer.singleShot(100, lambda: next(
        b for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
        for b in w.buttons() if b.text() == "취소").click())
    assert window.run_batch("pdf") is None  # cancelled at the question: nothing runs
