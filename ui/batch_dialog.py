"""일괄 PDF / 일괄 점검: the batch commands on a selection of the home list, on a worker thread,
with progress, a cancel button, the summary per application and a report to save.

The worker opens a Desk of its own on the same file (a connection never crosses threads,
ui/ops.py) and runs `service.batch` exactly as `apps pdf --…` / `apps validate --…` do; the
window's Desk is not touched until the result is back (then the home list is refreshed).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk, batch
from ui.i18n import language, t
from ui.ops import Task

VERDICT = {"ok": ("통과", "ok"), "draft": ("초안(DRAFT)", "DRAFT"), "errors": ("오류", "errors"),
           "failed": ("실패", "failed")}


class _Progress(QObject):
    step = Signal(int, int)  # emitted on the worker, delivered queued on the GUI thread


class BatchDialog(QDialog):
    def __init__(self, desk: Desk, selection: batch.Selection, kind: str, *,
                 out_dir: Path | None = None, final: bool = False, parent: QWidget | None = None) -> None:
        """`kind` is "pdf" (into `out_dir`; `final`: only those without errors) or "check"."""
        super().__init__(parent)
        self.desk, self.selection, self.kind, self.out_dir = desk, selection, kind, out_dir
        self.final = final
        self.summary: batch.Summary | None = None
        self._stop = threading.Event()
        self.setWindowTitle(t("일괄 PDF", "Batch PDF") if kind == "pdf" else t("일괄 점검", "Batch check"))
        self.resize(720, 480)
        self.ids = batch.select(desk, selection)
        self.label = QLabel(t(f"신청서 {len(self.ids):,}건", f"{len(self.ids):,} application(s)")
                            + (f" → {out_dir}" if out_dir else ""))
        self.bar = QProgressBar()
        self.bar.setRange(0, max(len(self.ids), 1))
        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        self.results.setAccessibleName(t("결과", "Results"))
        self.cancel_button = QPushButton(t("취소", "Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.report_button = QPushButton(t("보고서 저장…", "Save report…"))
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(lambda: self.save_report())
        buttons = QDialogButtonBox()
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for w in (self.label, self.bar, self.results):
            layout.addWidget(w)
        layout.addWidget(buttons)
        self.progress = _Progress()
        self.progress.step.connect(lambda done, total: self.bar.setValue(done))
        self.task = Task(self)
        self.task.done.connect(self._finished)
        self.task.failed.connect(lambda _exc: self._ended())

    def _key_for_worker(self) -> tuple[bool, tuple[str, Any] | None]:
        """Where the data key is behind a passphrase, the sealed answers of the selection need
        it: ask now, on the GUI thread, through the window's own vault (its passphrase dialog;
        nothing is asked when it is open already), and hand the opened key to the worker's Desk.
        (False, None) when the user gave none: the batch does not start."""
        from desktop_app.service import KeyUnavailable
        from ui.errors import show_error

        status = self.desk.vault.status()
        if status.mode != "passphrase":
            return True, None  # no key yet, or the OS keyring: the worker's Desk finds it itself
        try:
            key = self.desk.vault.key()
        except KeyUnavailable as exc:
            show_error(self, exc)
            self.label.setText(t("암호가 없어 시작하지 않았습니다: 민감한 답변을 열려면 데이터 암호가 필요합니다",
                                 "Not started: the data passphrase is needed to open sensitive answers"))
            self._ended()
            return False, None
        return True, (self.desk.vault.status().key_id, key)

    def start(self) -> bool:
        """Run the batch on a worker; False when it could not start (no passphrase given)."""
        where, ids, kind, out_dir, lang = self.desk.location.db, self.ids, self.kind, self.out_dir, language()
        final = self.final
        stop, step = self._stop, self.progress.step
        ready, handoff = self._key_for_worker()
        if not ready:
            return False

        def work() -> batch.Summary:
            with Desk.open(where, auto_backup=False) as desk:  # this thread's own connection
                if handoff is not None:
                    desk.vault.opened(handoff)
                if kind == "pdf":
                    assert out_dir is not None
                    return batch.pdf_many(desk, ids, out_dir, lang=lang, final=final, workers=1,
                                          progress=step.emit, cancelled=stop.is_set)
                return batch.validate_many(desk, ids, lang=lang, workers=1,
                                           progress=step.emit, cancelled=stop.is_set)

        self.task.start(work)
        return True

    def running(self) -> bool:
        return self.task.running()

    def cancel(self) -> None:
        """While running: stop after the application in hand; afterwards: close."""
        if self.task.running():
            self._stop.set()
            self.cancel_button.setEnabled(False)
            self.label.setText(t("취소하는 중…", "Cancelling…"))
        else:
            self.reject()

    def _finished(self, summary: Any) -> None:
        assert isinstance(summary, batch.Summary)
        self.summary = summary
        lines = []
        for o in sorted(summary.outcomes, key=lambda o: (o.verdict == "ok", o.app_id)):
            ko, en = VERDICT[o.verdict]
            detail = o.first_error or (Path(o.file).name if o.file else "")
            lines.append(f"#{o.app_id}  {t(ko, en)}  {o.percent}%  {t('오류', 'errors')} {o.errors}"
                         f"  {o.title}  {detail}")
        counts = t(f"통과 {summary.count('ok')} · 초안 {summary.count('draft')} · 오류 {summary.count('errors')}"
                   f" · 실패 {summary.count('failed')}",
                   f"ok {summary.count('ok')} · draft {summary.count('draft')} · errors "
                   f"{summary.count('errors')} · failed {summary.count('failed')}")
        stopped = t(" — 취소됨", " — cancelled") if summary.cancelled else ""
        self.label.setText(t(f"{len(summary.outcomes):,} / {len(self.ids):,}건 끝: ",
                             f"{len(summary.outcomes):,} of {len(self.ids):,} done: ") + counts + stopped)
        self.results.setPlainText("\n".join(lines))
        self._ended()

    def _ended(self) -> None:
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(t("닫기", "Close"))
        self.report_button.setEnabled(self.summary is not None)

    def save_report(self, path: Path | None = None) -> Path | None:
        if self.summary is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, t("보고서 저장", "Save report"),
                                                    "report.csv", "CSV (*.csv);;JSON (*.json)")
            if not chosen:
                return None
            path = Path(chosen)
        batch.write_report(self.summary, path)
        return path
