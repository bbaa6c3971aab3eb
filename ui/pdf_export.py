"""Export PDF off the GUI thread, with a progress indicator, then preview the pages inside
the app (QtPdf, painted on white) and offer to open the folder.

The worker gets an immutable snapshot (form, validation result, attachment paths) — never
the database connection, which belongs to the GUI thread (PITFALLS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressDialog, QVBoxLayout, QWidget

from desktop_app.service import FormDefinition, PdfJob
from ui.i18n import language, t


@dataclass(frozen=True)
class ExportJob:
    job: PdfJob
    out: Path
    lang: str
    final: bool


class ExportWorker(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        job = self.job
        try:
            info = job.job.render(job.out, lang=job.lang, final=job.final)
        except BaseException as exc:  # handed to the GUI thread's one error dialog
            self.failed.emit(exc)
            return
        self.finished.emit(info)


class Exporter(QObject):
    """Runs one ExportJob on a QThread; `done(info)` or `error(exc)` on the GUI thread."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.thread: QThread | None = None
        self.worker: ExportWorker | None = None
        self.progress: QProgressDialog | None = None

    def start(self, job: ExportJob) -> None:
        self.progress = QProgressDialog(t("PDF를 만드는 중…", "Creating the PDF…"), "", 0, 0, self.parent_widget)
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(300)
        self.thread = QThread(self)
        self.worker = ExportWorker(job)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.thread.start()

    def _stop(self) -> None:
        if self.progress:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        if self.thread:
            self.thread.quit()
            self.thread.wait()
            self.thread.deleteLater()
            self.thread = None
        if self.worker:
            self.worker.deleteLater()
            self.worker = None

    def _finished(self, info: object) -> None:
        self._stop()
        self.done.emit(info)

    def _failed(self, exc: object) -> None:
        self._stop()
        self.error.emit(exc)

    def running(self) -> bool:
        return self.thread is not None


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
        info = QLabel(t(f"{self.document.pageCount()}쪽 · {path}", f"{self.document.pageCount()} pages · {path}"))
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
