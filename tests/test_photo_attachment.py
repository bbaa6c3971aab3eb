"""A phone photo for a PDF-only attachment: a plain message and an offer to make it a PDF, which
the core does (desktop_app/pdf/photo.py); driven through the attachments panel's own dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.pdf.photo import photo_to_pdf
from desktop_app.service import Desk
from desktop_app.service.attachments import PhotoNeedsPdf
from ui import i18n, settings
from ui.editor import EditorPage
from ui.main_window import MainWindow


def phone_photo(path: Path, size: tuple[int, int] = (400, 300), orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, (200, 180, 120))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def test_photo_to_pdf_is_upright_and_fits(tmp_path: Path) -> None:
    wide = photo_to_pdf(phone_photo(tmp_path / "wide.jpg"), tmp_path / "wide.pdf")
    page = PdfReader(wide).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape photo, landscape page
    # taken with the phone held upright: EXIF says turn it, so the page is portrait
    turned = photo_to_pdf(phone_photo(tmp_path / "turned.jpg", orientation=6), tmp_path / "turned.pdf")
    page = PdfReader(turned).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)
    assert len(page.images) == 1


@pytest.fixture
def editor(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[EditorPage]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    forms = load_shipped()
    win = MainWindow(desk, forms, settings.SOLO)
    qtbot.add_widget(win)
    win.show()
    form = next(f for f in forms if f.key == "ai-data-voucher@2020")
    assert win.create_application(form, None) is not None and win.editor is not None
    yield win.editor
    win.close_editor()
    desk.close()


def answer_dialog(choice: str, seen: list[str]) -> None:
    """Press a button of the offer once it is up, as the user would."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == choice)
        button.click()

    QTimer.singleShot(0, press)


def test_a_photo_for_a_pdf_only_item_is_offered_as_a_pdf(editor: EditorPage, tmp_path: Path,
                                                         ui_errors: list[str]) -> None:
    photo = phone_photo(tmp_path / "등기부.jpg")
    with pytest.raises(PhotoNeedsPdf) as refused:
        editor.desk.attachments.add(editor.app_id, "corporate_register", photo)
    assert "PDF 파일만 낼 수 있습니다" in refused.value.message("ko")
    seen: list[str] = []
    answer_dialog("취소", seen)
    assert not editor.attachments.add(str(photo), "corporate_register")
    assert editor.desk.attachments.of(editor.app_id) == [] and ui_errors == []
    answer_dialog("PDF로 바꿔 첨부", seen)
    assert editor.attachments.add(str(photo), "corporate_register")
    assert "「법인등기사항증명서」에는 PDF 파일만 낼 수 있습니다" in seen[0] and "PDF로 바꿔 첨부할까요?" in seen[0]
    assert "문제가 생겼습니다" not in seen[0]
    [row] = editor.desk.attachments.of(editor.app_id)
    assert row.requirement_id == "corporate_register" and row.original_name == "등기부.pdf"
    stored = editor.desk.attachments.path(row.id)
    assert stored.read_bytes().startswith(b"%PDF-") and len(PdfReader(stored).pages) == 1
    assert ui_errors == []
    # an item that takes photos as they are still takes them unchanged
    editor.desk.attachments.add(editor.app_id, "brn_certificate", photo)
    names = sorted(r.original_name for r in editor.desk.attachments.of(editor.app_id))
    assert names == ["등기부.jpg", "등기부.pdf"]
