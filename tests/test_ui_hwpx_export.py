"""기관 서식(HWPX)으로 내보내기 from the window: off the GUI thread with progress, recorded like a
PDF, and what the fill found (an overflowing answer) in the check panel, jumping to the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from desktop_app.storage.attachments import exports_of
from ui import i18n, settings
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
SHOTS = Path("/work/notes/shots")


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    win = MainWindow(Desk.open(auto_backup=False), load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    win.desk.close()


def test_hwpx_export_from_the_window(window: MainWindow, qtbot: QtBot, tmp_path: Path, ui_errors: list[str]) -> None:
    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None
    editor = window.editor
    assert editor is not None
    long_title = "제조 현장 불량 이미지 라벨링을 통한 " * 4 + "검사 모델 고도화"   # within max_length, 3 lines
    editor.view.set_value("project_title", long_title)
    editor._queue("project_title", long_title)
    assert window.hwpx_action.text().startswith("기관 서식(HWPX)으로 내보내기")
    out = tmp_path / "신청서.hwpx"
    with qtbot.waitSignal(window.hwpx.task.done, timeout=120_000):
        assert window.export_hwpx(path=out)
        assert window.hwpx.running()                       # the fill runs on a worker
    assert out.is_file() and out.read_bytes().startswith(b"PK")
    rows = exports_of(window.desk.store.db, app_id)
    assert [r.kind for r in rows][-1] == "hwpx"
    panel = editor.checks
    items = [panel.order[k] for k in range(len(panel.order))]
    over = [i for i in items if "줄인데 답변은" in i.text(0) and i.text(0).startswith("과제명: ")
            and "project_title" in i.toolTip(0)]  # the question named first, in its words
    assert over, [i.text(0) for i in items]
    assert "hwpx.overflow" in over[0].toolTip(0)
    jumped: list[str] = []
    panel.activated.connect(jumped.append)
    panel._activate(over[0])
    assert jumped == ["project_title"]
    report = window.hwpx.report
    assert report is not None and report.isVisible() and "줄인데 답변은" in report.text()
    if SHOTS.is_dir():
        from PySide6.QtWidgets import QApplication

        from ui.fonts import register_fonts

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        register_fonts(app)
        editor.tabs.setCurrentWidget(panel)
        window.grab().save(str(SHOTS / "hwpx-export-check-panel.png"))
        report.grab().save(str(SHOTS / "hwpx-export-report.png"))
    report.close()
    assert not ui_errors
    editor.checks.show_result(editor.view.revalidate())   # revalidation keeps the fill's findings
    assert any("hwpx.overflow" in panel.order[k].toolTip(0) for k in range(len(panel.order)))

