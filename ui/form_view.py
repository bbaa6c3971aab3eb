"""The guided editor of one application: section navigator, field rows, help, live checks.

It knows the form and the answers, not the database: every change leaves as
`answer_changed(field_id, value)` and whoever owns the view (the editor window) saves it.
Validation runs shortly after typing stops, so show_if, computed values, badges and inline
messages follow the user without blocking the keyboard.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import (
    AttachmentFile,
    FieldDef,
    FormDefinition,
    Section,
    ValidationResult,
    field_of,
    kind_of,
    validate,
)
from ui import confirm_marks
from ui.fields import FieldEditor, make_editor
from ui.i18n import count, language, t
from ui.table_editor import TableEditor

PROVENANCE = {
    "typed": ("", ""),
    "profile": ("회사 정보에서 가져옴", "from the company profile"),
    "computed": ("자동 계산", "computed"),
    "carried": ("이전 신청서에서 가져옴 — 확인하세요", "carried forward — please confirm"),
    "imported": ("가져온 파일에서", "imported"),
}
Checker = Callable[[dict[str, Any]], ValidationResult]
"""The answers as shown → their validation result (desk.apps.check for a stored application)."""
SEVERITY_COLOUR = {"error": "#b00020", "warning": "#8a5a00", "info": "#1a5fb4"}


class MessageLine(QLabel):
    """A field's inline messages on one reserved line: an error arriving or leaving never moves
    the fields below (issue 13 #6, clicks landed on the wrong control). A message longer than the
    line wraps onto as many lines as it needs (it used to end in "…" and could not be read where
    it appeared); the whole text is also the tooltip and stays in text() (and the check panel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineMessage")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._one_line())

    def _one_line(self) -> int:
        return self.fontMetrics().lineSpacing() + 2

    def _needed(self) -> int:
        """One line when the text fits (the reserved line), else every wrapped line."""
        if not self.text() or self.width() <= 0:
            return self._one_line()
        box = self.fontMetrics().boundingRect(QRect(0, 0, self.width(), 100_000),
                                              int(Qt.TextFlag.TextWordWrap), self.text())
        return max(self._one_line(), box.height() + 2)

    def _fit(self) -> None:
        needed = self._needed()
        if needed != self.height():
            self.setFixedHeight(needed)

    def show_issues(self, issues: list[tuple[str, str]]) -> None:
        text = "  ".join(f"● {m}" for _s, m in issues)
        worst = issues[0][0] if issues else "info"
        colour = SEVERITY_COLOUR.get(worst, "#1a5fb4")
        if text != self.text():
            self.setText(text)
            self.setToolTip("\n".join(f"● {m}" for _s, m in issues))
            self.setStyleSheet(f"color: {colour};")
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(0, self._needed())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self.rect(), int(flags), self.text())


def _and_particle(word: str) -> str:
    """과 after a final consonant (대표자 성명과), 와 after a vowel (대표자와)."""
    last = word.rstrip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        return "과" if (ord(last) - 0xAC00) % 28 else "와"
    return "와(과)"


class FieldRow(QWidget):
    """Label, editor, inline message and provenance mark of one field."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.editor: FieldEditor = make_editor(field, self)
        self.message = MessageLine()
        self.mark = QLabel()
        self.mark.setObjectName("fieldMark")
        self.confirm = QPushButton(t("확인함", "Confirm"))
        self.confirm.setAccessibleName(t(f"{field.label.ko} 확인", f"Confirm {field.label.en}"))
        self.confirm.setToolTip(t("이전 신청서에서 가져온 값이 맞으면 누르세요", "Press when the carried value is right"))
        mark_row = QWidget()
        ml = QHBoxLayout(mark_row)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.mark)
        ml.addWidget(self.confirm)
        ml.addStretch(1)
        self.mark_row = mark_row
        mark_row.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.addWidget(self.editor)
        layout.addWidget(mark_row)
        layout.addWidget(self.message)
        self.touched = False

    def add_same_as(self, source: FieldDef) -> None:
        """A button under the editor that copies `source`'s answer here (the form's same_as)."""
        ko = f"{source.label.ko}{_and_particle(source.label.ko)} 같음"
        self.same_as_button = QPushButton(t(ko, f"Same as {source.label.en}"))
        self.same_as_button.setObjectName("sameAsButton")
        self.same_as_button.setAccessibleName(t(f"{self.field.label.ko}: {ko}",
                                                f"{self.field.label.en}: same as {source.label.en}"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.same_as_button)
        row.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)

    def add_confirm_hint(self, hint: QLabel) -> None:
        """'공고문 확인 필요' with the assumed values, under the editor (ui/confirm_marks.py)."""
        self.confirm_hint = hint
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, hint)

    def label_text(self, required: bool) -> str:
        star = " *" if required else ""
        return f"{self.field.label.get(language())}{star}"

    def show_messages(self, issues: list[tuple[str, str]]) -> None:
        self.message.show_issues(issues)

    def show_provenance(self, provenance: str | None) -> None:
        ko, en = PROVENANCE.get(provenance or "typed", ("", ""))
        self.mark.setText(f"※ {t(ko, en)}" if ko else "")
        self.confirm.setVisible(provenance == "carried")
        self.mark_row.setVisible(bool(ko))


class SectionPage(QScrollArea):
    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(12, 12, 12, 12)
        card = QFrame()
        card.setObjectName("sectionCard")
        outer.addWidget(card)
        outer.addStretch(1)
        self.form_layout = QFormLayout(card)
        self.form_layout.setContentsMargins(18, 12, 18, 12)
        self.form_layout.setVerticalSpacing(6)
        self.form_layout.setHorizontalSpacing(16)
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        title = QLabel(f"<h2>{section.title.get(language())}</h2>")
        self.form_layout.addRow(title)
        if section.help:
            hint = QLabel(section.help.get(language()))
            hint.setWordWrap(True)
            hint.setObjectName("sectionHint")
            self.form_layout.addRow(hint)
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        for f in section.fields:
            row = FieldRow(f)
            label = QLabel(f.label.get(language()))
            label.setWordWrap(True)
            label.setBuddy(row.editor.focus_target())
            label.setMinimumWidth(150)
            if f.kind.label_above:
                self.form_layout.addRow(label)
                self.form_layout.addRow(row)
            else:
                self.form_layout.addRow(label, row)
            self.rows[f.id] = row
            self.labels[f.id] = label
        self.computed_label = QLabel()
        self.computed_label.setWordWrap(True)
        self.form_layout.addRow(self.computed_label)
        self.setWidget(body)

    def set_field_visible(self, field_id: str, visible: bool) -> None:
        if self.rows[field_id].isHidden() != visible:
            return
        self.form_layout.setRowVisible(self.rows[field_id], visible)
        self.labels[field_id].setVisible(visible)


class FormView(QWidget):
    answer_changed = Signal(str, object)
    answer_confirmed = Signal(str, object)  # a carried answer the user checked: now typed
    field_committed = Signal(str)  # the user left a field (or picked a value): that edit is over
    section_changed = Signal(str)
    validated = Signal(object)

    def __init__(self, form: FormDefinition, answers: dict[str, Any] | None = None, *,
                 provenance: dict[str, str] | None = None, today: dt.date | None = None,
                 attachments: dict[str, list[AttachmentFile]] | None = None,
                 file_exists: Any = None, check: Checker | None = None,
                 parent: QWidget | None = None) -> None:
        """`check` judges the answers as the application's owner does (the editor passes
        `desk.apps.check`); without one, the form's rules alone (a view with no database)."""
        super().__init__(parent)
        self.form = form
        self.answers: dict[str, Any] = dict(answers or {})
        self.provenance = dict(provenance or {})
        self.today = today
        self.attachments = attachments or {}
        self.file_exists = file_exists
        self.check = check
        self.result: ValidationResult | None = None
        self.current_field: str | None = None  # the last field the cursor was in (the interview keeps the place)
        self.nav = QListWidget()
        self.nav.setAccessibleName(t("작성 항목", "Sections"))
        self.nav.setMaximumWidth(260)
        self.nav.setSpacing(3)
        self.pages = QStackedWidget()
        self.help = QTextBrowser()
        self.help.setAccessibleName(t("도움말", "Help"))
        self.help.setMaximumWidth(320)
        self.section_pages: list[SectionPage] = []
        self.rows: dict[str, FieldRow] = {}
        for s in form.sections:
            page = SectionPage(s)
            self.pages.addWidget(page)
            self.section_pages.append(page)
            item = QListWidgetItem(s.title.get(language()))
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.nav.addItem(item)
            for fid, row in page.rows.items():
                self.rows[fid] = row
                row.editor.changed.connect(lambda value, f=fid: self._on_changed(f, value))
                row.editor.committed.connect(lambda _value, f=fid: self._on_committed(f))
                row.confirm.clicked.connect(lambda _c=False, f=fid: self.confirm_answer(f))
                row.editor.focus_target().installEventFilter(self)
        split = QSplitter()
        split.addWidget(self.nav)
        split.addWidget(self.pages)
        split.addWidget(self.help)
        split.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.nav.currentRowChanged.connect(self._on_section)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.revalidate)
        for fid, row in self.rows.items():  # values this question rests on that the sources do not state
            hint = confirm_marks.hint_label(form, fid)
            if hint is not None:
                row.add_confirm_hint(hint)
        for fid, row in self.rows.items():  # "대표자와 같음": copy another answer with one click
            source = row.field.same_as
            if source and source in form.fields:
                row.add_same_as(form.fields[source])
                row.same_as_button.clicked.connect(lambda _c=False, f=fid, src=source: self.copy_answer(src, f))
        self.load(self.answers, self.provenance)
        self.nav.setCurrentRow(0)

    def copy_answer(self, source: str, target: str) -> None:
        """The form's `same_as`: the other field's answer, taken down the one save path."""
        value = self.answers.get(source)
        if value is None:
            return
        self.rows[target].editor.set_value(value)
        self._on_changed(target, value)
        self._on_committed(target)

    # --- loading and values
    def load(self, answers: dict[str, Any], provenance: dict[str, str] | None = None) -> None:
        self.answers = dict(answers)
        self.provenance = dict(provenance or self.provenance)
        for fid, row in self.rows.items():
            row.editor.set_value(self.answers.get(fid))
            row.show_provenance(self.provenance.get(fid))
        self.revalidate()

    def set_value(self, field_id: str, value: Any, provenance: str = "typed") -> None:
        """Change an answer from outside (undo, profile update) without a save echo."""
        if value is None:
            self.answers.pop(field_id, None)
        else:
            self.answers[field_id] = value
        self.provenance[field_id] = provenance
        row = self.rows.get(field_id)
        if row:
            row.editor.set_value(value)
            row.show_provenance(provenance)
        self.revalidate()

    def confirm_answer(self, field_id: str) -> None:
        self.provenance[field_id] = "typed"
        self.rows[field_id].show_provenance("typed")
        self.answer_confirmed.emit(field_id, self.answers.get(field_id))

    def _on_changed(self, field_id: str, value: Any) -> None:
        if value is None:
            self.answers.pop(field_id, None)
        else:
            self.answers[field_id] = value
        if self.provenance.get(field_id, "typed") != "typed":
            self.provenance[field_id] = "typed"
            self.rows[field_id].show_provenance("typed")
        self.answer_changed.emit(field_id, value)
        self.timer.start()

    def _on_committed(self, field_id: str) -> None:
        self.rows[field_id].touched = True
        self.revalidate()
        self.field_committed.emit(field_id)

    def answer_from_elsewhere(self, field_id: str, value: Any) -> None:
        """Another editor of the same answer (the interview) changed it: show it here and send it
        down the one save path, exactly as if it had been typed in this view."""
        self.rows[field_id].editor.set_value(value)
        self.current_field = field_id
        self._on_changed(field_id, value)

    def commit_from_elsewhere(self, field_id: str) -> None:
        self.current_field = field_id
        self._on_committed(field_id)

    # --- navigation and help
    def _on_section(self, index: int) -> None:
        if 0 <= index < len(self.section_pages):
            self.pages.setCurrentIndex(index)
            section = self.section_pages[index].section
            self._show_help(section.help.get(language()) if section.help else "", section.title.get(language()))
            self.section_changed.emit(section.id)

    def go_to_section(self, section_id: str) -> None:
        for i, page in enumerate(self.section_pages):
            if page.section.id == section_id:
                self.nav.setCurrentRow(i)
                return

    def current_section(self) -> str:
        return self.section_pages[self.pages.currentIndex()].section.id

    def focus_field(self, path: str) -> bool:
        """Jump to the field an issue names (`budget[2].qty` → the budget table)."""
        field_id = field_of(path)
        row = self.rows.get(field_id)
        if row is None:
            return False
        section = self.form.section_of[field_id]
        self.go_to_section(section.id)
        page = self.section_pages[self.pages.currentIndex()]
        page.ensureWidgetVisible(row)
        row.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self.current_field = field_id
        self._show_field_help(row.field)
        return True

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusIn:
            for row in self.rows.values():
                if row.editor.focus_target() is watched:
                    self.current_field = row.field.id
                    self._show_field_help(row.field)
                    break
        return super().eventFilter(watched, event)

    def _show_field_help(self, f: FieldDef) -> None:
        self._show_help(f.help.get(language()) if f.help else "", f.label.get(language()),
                        confirm_marks.help_html(self.form, f.id))

    def _show_help(self, text: str, title: str, extra: str = "") -> None:
        body = text.replace("\n", "<br>") if text else t("이 항목에 대한 도움말이 없습니다.", "No help for this item.")
        self.help.setHtml(f"<h3>{title}</h3><p>{body}</p>{extra}")

    # --- validation
    def revalidate(self) -> ValidationResult:
        self.timer.stop()
        if self.check is not None:
            result = self.check(self.answers)
        else:
            result = validate(self.form, self.answers, attachments=self.attachments, today=self.today,
                              file_exists=self.file_exists)
        self.result = result
        by_field: dict[str, list[tuple[str, str]]] = {}
        for issue in result.issues:
            for target in {field_of(issue.path), *(field_of(p) for p in issue.related)}:
                by_field.setdefault(target, []).append((issue.severity, issue.message(language())))
        for page in self.section_pages:
            for fid, row in page.rows.items():
                page.set_field_visible(fid, fid not in result.hidden_fields)
                shown = by_field.get(fid, []) if (row.touched or fid in self.answers) else []
                row.show_messages([m for m in shown if m[0] != "info" or row.touched])
                label = row.label_text(self._required(row.field, result))
                if page.labels[fid].text() != label:
                    page.labels[fid].setText(label)
                if isinstance(row.editor, TableEditor):
                    rows = result.values.get(fid)
                    if isinstance(rows, list):
                        row.editor.show_computed(rows)
            computed = self._computed_text(page.section, result)
            if page.computed_label.text() != computed:
                page.computed_label.setText(computed)
        for i, page in enumerate(self.section_pages):
            self._badge(i, page.section, result)
        self.validated.emit(result)
        return result

    def _required(self, f: FieldDef, result: ValidationResult) -> bool:
        """A star for required fields; a conditional one only while its condition holds."""
        if f.id in result.hidden_fields or f.required is False:
            return False
        if f.required is True:
            return True
        return any(i.path == f.id and i.code == "required" for i in result.issues) or f.id in self.answers

    def _computed_text(self, section: Section, result: ValidationResult) -> str:
        """Computed values with a label, shown in the section whose fields they read."""
        field_ids = {f.id for f in section.fields}
        lines = []
        for c in self.form.computed:
            if c.label is None or not (_names(c.expr) & field_ids):
                continue
            value = result.computed.get(c.id)
            if value is None:
                continue
            shown = kind_of(c.type).format_computed(value, language(), marks=False)
            lines.append(f"{c.label.get(language())}: <b>{shown}</b>{confirm_marks.computed_mark(self.form, c.id)}")
        return "<br>".join(lines)

    def _badge(self, index: int, section: Section, result: ValidationResult) -> None:
        item = self.nav.item(index)
        progress = result.progress.get(section.id)
        hidden = section.id in result.hidden_sections
        item.setHidden(hidden)
        if progress is None:
            return
        marks = f"{progress.percent}%"
        if progress.errors:
            marks += t(f" · 오류 {progress.errors}", " · " + count(progress.errors, "error"))
        if progress.warnings:
            marks += t(f" · 경고 {progress.warnings}", " · " + count(progress.warnings, "warning"))
        item.setText(f"{section.title.get(language())}\n{marks}")


@functools.cache
def _names(expr: str) -> frozenset[str]:
    from desktop_app.service import compile_expr

    return compile_expr(expr).names
