"""The exported PDF previewed inside the app (QtPdf, painted on white), with a button to open
its folder, and the suggested file name. The export itself runs on a worker (ui.ops.Task) from
an immutable snapshot (desk.exports.prepare), never the database connection (PITFALLS.md).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.service import FormDefinition
from ui.i18n import count, language, t


class PdfPreview(QDialog):
    """The exported pages as the agency will see them."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(t(f"미리 보기 — {path.name}", f"Preview — {path.name}"))
        self.resize(fitted_size(parent))
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setAccessibleName(t("PDF 미리 보기", "PDF preview"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setStyleSheet("background: #808080;")
        info = QLabel(t(f"{self.document.pageCount()}쪽 · {path}", f"{count(self.document.pageCount(), 'page')} · {path}"))
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(t("닫기", "Close"))
        folder = buttons.addButton(t("폴더 열기", "Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
        folder.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def open_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


PREVIEW_SIZE = (820, 900)


def fitted_size(parent: QWidget | None) -> QSize:
    """The preview's size on this screen: at most `wanted`, leaving room for the title bar and the
    task bar (a 900-px-high screen hid the 닫기 button, issue 13 #11)."""
    wanted = QSize(*PREVIEW_SIZE)
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry()
    return QSize(min(wanted.width(), room.width() - 40), min(wanted.height(), room.height() - 60))


def default_name(form: FormDefinition, applicant: str | None, final: bool) -> str:
    who = f"_{applicant}" if applicant else ""
    kind = "" if final else t("_초안", "_draft")
    name = f"{form.title.get(language())}{who}{kind}.pdf"
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)
