"""기관 서식(HWPX)으로 내보내기: fill the agency's 서식 off the GUI thread, with progress; then
record the export, put what the fill found (overflowing cells, the page limit) into the check
panel as issues that jump to their fields, and say which submission limits the file breaks.

The worker gets the immutable PdfJob snapshot taken on the GUI thread, never the Desk (ui/ops.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from ui import ops
from ui.file_dialogs import save_path
from ui.i18n import language, t
from ui.pdf_export import default_name

if TYPE_CHECKING:
    from desktop_app.service import Desk, HwpxInfo
    from ui.editor import EditorPage


class HwpxExport:
    """One HWPX export at a time for a window; `start` returns False when nothing was started."""

    def __init__(self, window: QWidget, desk: Desk) -> None:
        self.window, self.desk = window, desk
        self.task = ops.Task(window, text=t("기관 서식(HWPX)을 채우는 중…", "Filling the agency's form (HWPX)…"))
        self.task.done.connect(self._done)
        self.target: tuple[int, Path, bool, EditorPage] | None = None
        self.last: HwpxInfo | None = None
        self.report: QMessageBox | None = None

    def running(self) -> bool:
        return self.task.running()

    def start(self, editor: EditorPage, path: Path | None = None, final: bool | None = None) -> bool:
        if self.running() or not editor.flush():
            return False
        app_id = editor.app_id
        if not editor.form.templates:
            ops.attempt(self.window, lambda: _no_template(editor.form.key))
            return False
        prepared = ops.attempt(self.window, lambda: self.desk.exports.prepare(app_id, final=final))
        if prepared is None:
            return False
        job = prepared.value
        final = not job.result.blocking if final is None else final
        if path is None:
            name = str(Path(default_name(editor.form, job.applicant, final)).with_suffix(".hwpx"))
            path = save_path(self.window, t("기관 서식(HWPX)으로 내보내기", "Export the agency's form (HWPX)"),
                             name, "HWPX (*.hwpx)", "export")
            if path is None:
                return False
        self.target = (app_id, path, final, editor)
        lang, out, is_final = language(), path, final
        self.task.start(lambda: job.render_hwpx(out, lang=lang, final=is_final))
        return True

    def _done(self, info: HwpxInfo) -> None:
        assert self.target is not None
        app_id, path, final, editor = self.target
        self.target = None
        self.last = info
        if ops.attempt(self.window, lambda: self.desk.exports.record(app_id, info, final=final, kind="hwpx")) is None:
            return  # not recorded: the staged file was dropped, nothing is shown as saved
        editor.refresh_header()
        produced = info.produced
        issues = produced.issues(produced.form)
        editor.checks.set_layout_issues(issues)
        kind = t("최종본", "final") if final else t("초안(DRAFT)", "DRAFT")
        limit = f"/{produced.page_limit}" if produced.page_limit else ""
        status = getattr(self.window, "statusBar", None)
        if status is not None:
            status().showMessage(t(f"{path.name} 저장됨 — 약 {info.pages}쪽(계획서 {produced.plan_pages}{limit}쪽), {kind}",
                                   f"Saved {path.name} — about {info.pages} pages (plan {produced.plan_pages}{limit}), {kind}"),
                                 10000)
        lines = [i.message(language()) for i in issues] + [b.message(language()) for b in info.breaches]
        if lines:  # never silently: a non-modal report the user can read and close
            self.report = QMessageBox(QMessageBox.Icon.Warning, t("기관 서식 점검", "Agency form check"),
                                      t(f"{path.name}을(를) 저장했습니다. 확인할 점:", f"Saved {path.name}. Please check:")
                                      + "\n\n" + "\n".join(f"• {line}" for line in lines), parent=self.window)
            self.report.setModal(False)
            self.report.show()
            editor.tabs.setCurrentWidget(editor.checks)


def _no_template(key: str) -> Any:
    from desktop_app.service import TemplateRefused

    raise TemplateRefused("no_template", f"{key}: 이 양식에는 기관 서식(HWPX)이 없습니다",
                          f"{key}: this form has no agency template (HWPX)")
