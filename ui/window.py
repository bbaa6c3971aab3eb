"""The first window: the programme catalogue and a checker for answers files.

A founder sees every programme with its agency, deadline (days left), cap and who may apply;
opening an answers file lists what blocks the application, and exports the submission PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import paths
from desktop_app.answers import AnswersFile, AnswersFileError, read_answers
from desktop_app.forms import FormDefinition, FormDefinitionError, load_shipped
from desktop_app.validation import ValidationResult, validate
from ui.fonts import register_fonts
from ui.i18n import language, set_language, t

SEVERITY_TEXT = {"error": ("오류", "Errors"), "warning": ("경고", "Warnings"), "info": ("안내", "Notes")}


def ui_settings() -> QSettings:
    """UI preferences live with the rest of the data, so --base-dir moves them too."""
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def show_error(parent: QWidget | None, summary: str, details: str) -> None:
    """The one place errors reach the user: plain words first, details to copy."""
    box = QMessageBox(QMessageBox.Icon.Warning, t("문제가 생겼습니다", "Something went wrong"),
                      summary, QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    box.exec()


class MainWindow(QMainWindow):
    def __init__(self, forms: list[FormDefinition], load_problem: str | None = None) -> None:
        super().__init__()
        self.forms = sorted(forms, key=lambda f: (f.deadline, f.id))
        self.answers: AnswersFile | None = None
        self.result: ValidationResult | None = None
        self.resize(1100, 720)
        self.catalogue = QListWidget()
        self.catalogue.setAccessibleName("programmes")
        self.details = QTextBrowser()
        self.details.setAccessibleName("programme details")
        self.issues = QTreeWidget()
        self.issues.setAccessibleName("issues")
        self.issues.setHeaderHidden(True)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details, 3)
        layout.addWidget(self.issues, 2)
        split = QSplitter()
        split.addWidget(self.catalogue)
        split.addWidget(right)
        split.setSizes([340, 760])
        self.setCentralWidget(split)
        self._actions()
        self.catalogue.currentRowChanged.connect(self._show_form)
        self.retranslate()
        if load_problem:
            self.statusBar().showMessage(load_problem)

    # --- set-up
    def _actions(self) -> None:
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_answers)
        self.pdf_action = QAction(self)
        self.pdf_action.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_action.triggered.connect(self.export_pdf)
        self.lang_action = QAction(self)
        self.lang_action.setCheckable(True)
        self.lang_action.setChecked(language() == "en")
        self.lang_action.toggled.connect(self._toggle_language)
        bar = self.addToolBar("main")
        bar.setObjectName("main-toolbar")
        for action in (self.open_action, self.pdf_action, self.lang_action):
            bar.addAction(action)

    def retranslate(self) -> None:
        self.setWindowTitle(t("바우처 데스크", "Voucher Desk"))
        self.open_action.setText(t("답변 파일 열기…", "Open answers…"))
        self.pdf_action.setText(t("PDF 내보내기…", "Export PDF…"))
        self.lang_action.setText("English" if language() == "ko" else "한국어")
        row = max(self.catalogue.currentRow(), 0)
        self.catalogue.clear()
        today = dt.date.today()
        for form in self.forms:
            days = (form.deadline.date() - today).days
            when = t(f"마감 D-{days}", f"{days} days left") if days >= 0 else t("마감됨", "closed")
            item = QListWidgetItem(f"{form.title.get(language())} ({form.edition})\n{when}")
            item.setData(Qt.ItemDataRole.UserRole, form.key)
            self.catalogue.addItem(item)
        if self.forms:
            self.catalogue.setCurrentRow(min(row, len(self.forms) - 1))
        self._show_issues()

    def _toggle_language(self, english: bool) -> None:
        set_language("en" if english else "ko")
        ui_settings().setValue("language", language())
        self.retranslate()

    # --- catalogue
    def current_form(self) -> FormDefinition | None:
        row = self.catalogue.currentRow()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def _show_form(self, _row: int) -> None:
        form = self.current_form()
        if form is None:
            self.details.setHtml(t("<p>설치된 양식이 없습니다.</p>", "<p>No forms installed.</p>"))
            return
        lang = language()
        esc = html.escape
        cap = form.settings.get("cap")
        rows = [
            (t("운영기관", "Agency"), esc(form.agency.get(lang))),
            (t("마감", "Deadline"), esc(form.deadline.strftime("%Y-%m-%d %H:%M (KST)"))),
        ]
        if cap is not None and isinstance(cap.value, int):
            rows.append((esc(cap.label.get(lang)), f"{cap.value:,}" + t("원", " won")))
        if form.eligibility:
            rows.append((t("신청 자격", "Who may apply"), esc(form.eligibility.get(lang))))
        table = "".join(f"<tr><th align=left>{k}</th><td>{v}</td></tr>" for k, v in rows)
        sections = "".join(f"<li>{esc(s.title.get(lang))}</li>" for s in form.sections)
        attachments = "".join(f"<li>{esc(a.label.get(lang))}</li>" for a in form.attachments)
        summary = f"<p>{esc(form.summary.get(lang))}</p>" if form.summary else ""
        self.details.setHtml(
            f"<h2>{esc(form.title.get(lang))} <small>{esc(form.edition)}</small></h2>{summary}"
            f"<table cellpadding=4>{table}</table>"
            f"<h3>{t('작성 항목', 'Sections')}</h3><ol>{sections}</ol>"
            f"<h3>{t('첨부 서류', 'Attachments')}</h3><ul>{attachments}</ul>"
        )

    # --- answers files
    def open_answers(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, t("답변 파일 열기", "Open answers"), "",
                                                  "JSON (*.json)")
            if not path:
                return
        try:
            answers = read_answers(path)
        except AnswersFileError as exc:
            show_error(self, t("답변 파일을 읽을 수 없습니다.", "The answers file cannot be read."), str(exc))
            return
        form_id, _, edition = answers.form.partition("@")
        matches = [f for f in self.forms if f.id == form_id and (not edition or f.edition == edition)]
        if not matches:
            show_error(self, t("이 답변에 맞는 양식이 없습니다.", "No form matches these answers."),
                       f"{path}: form: {answers.form}")
            return
        form = matches[-1]
        self.catalogue.setCurrentRow(self.forms.index(form))
        self.answers = answers
        self.result = validate(form, answers.answers, attachments=answers.attachment_files(),
                               file_exists=answers.file_exists)
        self._show_issues()

    def _show_issues(self) -> None:
        self.issues.clear()
        if self.result is None:
            self.issues.addTopLevelItem(QTreeWidgetItem(
                [t("답변 파일을 열면 여기에서 점검 결과를 봅니다.", "Open an answers file to check it here.")]))
            return
        lang = language()
        for severity, (ko, en) in SEVERITY_TEXT.items():
            found = [i for i in self.result.issues if i.severity == severity]
            if not found:
                continue
            group = QTreeWidgetItem([f"{t(ko, en)} ({len(found)})"])
            for issue in found:
                group.addChild(QTreeWidgetItem([issue.message(lang)]))
            self.issues.addTopLevelItem(group)
            group.setExpanded(True)
        if not self.result.issues:
            self.issues.addTopLevelItem(QTreeWidgetItem([t("문제가 없습니다. 제출 준비 완료!",
                                                           "No problems found: ready to submit.")]))
        verdict = t("오류가 남아 있어 초안(DRAFT)으로만 내보낼 수 있습니다.",
                    "Errors remain: only a DRAFT can be exported.") if self.result.blocking else \
            t("최종본으로 내보낼 수 있습니다.", "Ready for the final export.")
        self.statusBar().showMessage(f"{self.result.percent}% · {verdict}")

    def export_pdf(self) -> None:
        form, answers, result = self.current_form(), self.answers, self.result
        if form is None or answers is None or result is None:
            self.statusBar().showMessage(t("먼저 답변 파일을 여세요.", "Open an answers file first."))
            return
        out, _ = QFileDialog.getSaveFileName(self, t("PDF 내보내기", "Export PDF"),
                                             str(Path.home() / f"{form.id}-{form.edition}.pdf"),
                                             "PDF (*.pdf)")
        if out:
            self.write_pdf(Path(out))

    def write_pdf(self, out: Path) -> bool:
        from desktop_app.pdf import PdfError, render_pdf

        form, answers, result = self.current_form(), self.answers, self.result
        assert form is not None and answers is not None and result is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            info = render_pdf(form, result, out, lang=language(),
                              attachments=answers.attachments, base_dir=answers.base_dir)
        except (PdfError, OSError) as exc:
            show_error(self, t("PDF를 만들지 못했습니다.", "The PDF was not written."), str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            t(f"{out} 저장됨 ({info.pages}쪽)", f"Saved {out} ({info.pages} pages)"))
        return True


def build_window() -> MainWindow:
    problem: str | None = None
    try:
        forms = load_shipped()
    except FormDefinitionError as exc:
        forms, problem = [], str(exc.problems[0]) if exc.problems else str(exc)
    return MainWindow(forms, problem)


def run_window(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("voucher-desk")
    app.setApplicationName("Voucher Desk")
    register_fonts(app)
    set_language(str(ui_settings().value("language", "ko")))
    window = build_window()
    window.show()
    return app.exec()
