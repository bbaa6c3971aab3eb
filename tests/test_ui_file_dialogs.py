"""File dialogs, the preview's size and the history's clock (issue 13 #11), through the widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from ui import file_dialogs, i18n
from ui.history_panel import local_time


def drive(qtbot: QtBot, typed: list[str], seen: list[str]):  # type: ignore[no-untyped-def]
    """Stand in for exec(): type each entry into the dialog's name box and press Enter, as a user does."""

    def run(dialog: QFileDialog) -> bool:
        qtbot.add_widget(dialog)
        dialog.show()
        seen.append(dialog.directory().absolutePath())
        name_box = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name_box is not None
        for text in typed:
            name_box.setFocus()
            name_box.setText(text)
            qtbot.keyClick(name_box, Qt.Key.Key_Return)
            QApplication.processEvents()
            seen.append(name_box.text())
        return dialog.result() == QFileDialog.DialogCode.Accepted

    return run


def test_save_dialog_starts_in_documents_keeps_the_name_and_remembers(
        qtbot: QtBot, base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("ko")
    docs = tmp_path / "문서"
    docs.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: docs)
    target = tmp_path / "제출"
    target.mkdir()
    seen: list[str] = []
    # the user types a folder (the name box keeps the name), then presses Enter on the name
    monkeypatch.setattr(file_dialogs, "run", drive(qtbot, [str(target), "신청서.pdf"], seen))
    chosen = file_dialogs.save_path(None, "PDF 내보내기", "신청서.pdf", "PDF (*.pdf)", "export")
    assert seen[0] == docs.as_posix()
    assert seen[1] == "신청서.pdf"  # after going into the typed folder, the name is still there
    assert chosen == target / "신청서.pdf"
    seen.clear()
    monkeypatch.setattr(file_dialogs, "run", drive(qtbot, ["두번째.pdf"], seen))
    again = file_dialogs.save_path(None, "PDF 내보내기", "두번째.pdf", "PDF (*.pdf)", "export")
    assert seen[0] == target.as_posix()  # the last folder, remembered
    assert again == target / "두번째.pdf"


def test_a_folder_given_as_the_answer_gets_the_suggested_name(
        qtbot: QtBot, base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def pick_folder(dialog: QFileDialog) -> bool:
        dialog.selectedFiles = lambda: [str(tmp_path)]  # type: ignore[method-assign]
        return True

    monkeypatch.setattr(file_dialogs, "run", pick_folder)
    assert file_dialogs.save_path(None, "x", "이름.vdpkg", "*.vdpkg", "export") == tmp_path / "이름.vdpkg"


def test_preview_fits_the_screen(qtbot: QtBot, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from ui.pdf_export import PdfPreview

    pdf = tmp_path / "x.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(100, 700, "page")
    c.save()
    preview = PdfPreview(pdf)
    qtbot.add_widget(preview)
    preview.show()
    room = preview.screen().availableGeometry()
    assert preview.frameGeometry().height() <= room.height()
    bottom = preview.close_button.mapTo(preview, preview.close_button.rect().bottomLeft()).y()
    assert preview.close_button.isVisible() and bottom <= preview.height()


def test_history_shows_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        assert local_time("2026-12-01T15:30:00Z") == "2026-12-02 00:30:00"
        assert local_time("2026-12-01T15:30:00.123456+00:00") == "2026-12-02 00:30:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert local_time("not a time") == "not a time"
    assert dt.datetime.now().astimezone().tzinfo is not None


def test_qt_file_dialog_labels_are_korean(qtbot: QtBot, base_dir: Path) -> None:
    """The tester saw "Look in:" and "Files of type:" in English beside Korean ones (qtbase_ko lacks them)."""
    from PySide6.QtWidgets import QLabel

    from ui.qt_translations import apply_language

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.set_language("ko")
    apply_language(app, "ko")
    try:
        dialog = file_dialogs._dialog(None, "첨부 파일 선택", "attachments", "문서 (*.pdf)")
        qtbot.add_widget(dialog)
        labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
        assert labels["lookInLabel"] == "찾는 위치(&L):"
        assert labels["fileTypeLabel"] == "파일 형식(&T):"
        assert labels["fileNameLabel"] == "파일 이름(&N):"
    finally:
        apply_language(app, "en")
