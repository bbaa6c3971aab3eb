"""The guided interview (the TurboTax way): one question, or a few short ones, per screen.

It is another face of the same application as the form view, not a second copy: it reads the
answers and the latest check from the FormView and hands every change back to it
(`FormView.answer_from_elsewhere`), so the one autosave path of the editor writes it. Screens
follow the form's order and its `show_if`; progress counts only answers the user really gave
(an untouched yes/no question is unanswered, not "no"); the last screen reviews what the check
still finds, each issue with a "고치기" link back to its question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import FieldDef, FormDefinition, Section, ValidationResult, call_state, is_blank
from ui import confirm_marks
from ui.fields import BoolEditor, FieldEditor, LineEditor, make_editor
from ui.form_view import SEVERITY_COLOUR, FormView, MessageLine
from ui.i18n import count, language, t
from ui.table_editor import TableEditor

# Short one-line answers share a screen (up to GROUP of them); anything longer, a choice or a
# yes/no question is asked on its own.
GROUP = 3
_SOURCE_MARK = re.compile(r"\s*\((?:PROGRAMS\s*)?\[[A-Z]\]\)|\[[A-Z]\]\s*")


def plain_help(text: str) -> str:
    """Help without the authors' source marks ("[F]", "[I]", "(PROGRAMS [F])")."""
    return _SOURCE_MARK.sub("", text).strip()


@dataclass(frozen=True)
class Screen:
    section: Section
    fields: tuple[FieldDef, ...]


def build_screens(form: FormDefinition) -> list[Screen]:
    """The form's questions in its order, short ones grouped; computed fields are not asked."""
    screens: list[Screen] = []
    for section in form.sections:
        group: list[FieldDef] = []
        for f in section.fields:
            if f.compute:
                continue
            if f.kind.one_line and len(group) < GROUP and (not group or group[-1].kind.one_line):
                group.append(f)
                continue
            if group:
                screens.append(Screen(section, tuple(group)))
                group = []
            if f.kind.one_line:
                group.append(f)
            else:
                screens.append(Screen(section, (f,)))
        if group:
            screens.append(Screen(section, tuple(group)))
    return screens


class YesNoEditor(BoolEditor):
    """The same yes/no editor as the form view's (neither picked is unanswered, never "no"), as
    two big buttons: the interview asks one question at a time and the answer is the click."""

    def _button(self, text: str) -> QAbstractButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setObjectName("answerButton")
        button.setMinimumWidth(120)
        return button


class Question(QFrame):
    """One question on a screen: its label, an editor for it and its inline messages."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName("questionCard")
        self.label = QLabel()
        self.label.setObjectName("questionLabel")
        self.label.setWordWrap(True)
        self.editor: FieldEditor = YesNoEditor(field) if field.kind.family == "boolean" else make_editor(field)
        self.label.setBuddy(self.editor.focus_target())
        self.message = MessageLine()  # one reserved line: no jump as errors come and go
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.set_label(False)

    def set_label(self, required: bool) -> None:
        mark = t(" <span style='color:#b00020'>(필수)</span>", " <span style='color:#b00020'>(required)</span>")
        self.label.setText(f"{self.field.label.get(language())}{mark if required else ''}")

    def show_messages(self, issues: list[tuple[str, str]]) -> None:
        self.message.show_issues(issues)

    def add_confirm_hint(self, hint: QLabel) -> None:
        """'공고문 확인 필요' with the assumed values, between the editor and its messages."""
        self.confirm_hint = hint
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, hint)


class ReviewPage(QWidget):
    """The last screen: what the check still finds, each with a link to fix it."""

    fix_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<h2>{t('검토', 'Review')}</h2>")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.list = QWidget()
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.fix_buttons: list[tuple[str, QPushButton]] = []

    def show_result(self, result: ValidationResult, closed_notice: str = "") -> None:
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.fix_buttons = []
        issues = [i for i in result.issues if i.severity in ("error", "warning")]
        errors = len(result.errors)
        if not issues:
            self.summary.setText(t("점검에서 찾은 문제가 없습니다. PDF를 내보낼 수 있습니다.",
                                   "The check found nothing to fix. You can export the PDF."))
        else:
            self.summary.setText(t(f"고칠 것: 오류 {errors}건, 경고 {len(issues) - errors}건. '고치기'를 누르면 그 질문으로 갑니다.",
                                   f"To fix: {count(errors, 'error')}, {count(len(issues) - errors, 'warning')}. "
                                   "'Fix' takes you to the question."))
        if closed_notice:  # a past call: never "ready to submit"
            self.summary.setText(f"{self.summary.text()}<p style='color:#8a5a00'>{closed_notice}</p>")
        for issue in issues:
            row = QFrame()
            row.setObjectName("reviewRow")
            line = QHBoxLayout(row)
            text = QLabel(f"<span style='color:{SEVERITY_COLOUR[issue.severity]}'>●</span> {issue.message(language())}")
            text.setWordWrap(True)
            fix = QPushButton(t("고치기", "Fix"))
            fix.setAccessibleName(t(f"고치기: {issue.message('ko')}", f"Fix: {issue.message('en')}"))
            fix.clicked.connect(lambda _c=False, p=issue.path: self.fix_requested.emit(p))
            line.addWidget(text, 1)
            line.addWidget(fix)
            self.list_layout.addWidget(row)
            self.fix_buttons.append((issue.path, fix))
        self.list_layout.addStretch(1)


class InterviewView(QWidget):
    """Question by question over the FormView's answers; see the module docstring."""

    fix_elsewhere = Signal(str)  # an issue that is not a question (an attachment): the editor shows it

    def __init__(self, form: FormDefinition, view: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.view = view
        self.screens = build_screens(form)
        self.index = 0
        self.questions: list[Question] = []
        self.where = QLabel()
        self.where.setObjectName("interviewWhere")
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName(t("진행 상황", "Progress"))
        # where and how far on one line, the bar under it: the question keeps the height (150 %)
        header = QVBoxLayout()
        header.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.where, 1)
        line.addWidget(self.progress_label)
        header.addLayout(line)
        header.addWidget(self.progress_bar)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.screen_area = QScrollArea()
        self.screen_area.setWidgetResizable(True)
        self.screen_area.setFrameShape(QFrame.Shape.NoFrame)
        self.screen_area.setWidget(self.body)
        self.review = ReviewPage()
        self.review.fix_requested.connect(self.fix)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.screen_area)
        self.pages.addWidget(self.review)
        self.help = QTextBrowser()
        self.help.setObjectName("helpPane")
        self.help.setAccessibleName(t("도움말", "Help"))
        split = QSplitter()
        split.addWidget(self.pages)
        split.addWidget(self.help)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        self.back_button = QPushButton(t("◀ 이전", "◀ Back"))
        self.back_button.setShortcut("Alt+Left")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(t("다음 ▶", "Next ▶"))
        self.next_button.setObjectName("primaryButton")
        self.next_button.setShortcut("Alt+Right")
        self.next_button.clicked.connect(self.next)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        layout.addLayout(nav)
        view.validated.connect(self._validated)
        self._show_screen(self._first_visible(0, 1))

    def _closed_notice(self) -> str:
        state = call_state(self.form)
        return state.notice(language()) if state.closed else ""

    # --- which screens are asked
    def _result(self) -> ValidationResult:
        return self.view.result or self.view.revalidate()

    def _visible(self, screen: Screen, result: ValidationResult) -> bool:
        return screen.section.id not in result.hidden_sections and any(
            f.id not in result.hidden_fields for f in screen.fields)

    def _first_visible(self, start: int, step: int) -> int:
        """The nearest asked screen from `start` in direction `step`; len(screens) is the review."""
        result = self._result()
        i = start
        while 0 <= i < len(self.screens):
            if self._visible(self.screens[i], result):
                return i
            i += step
        return len(self.screens) if step > 0 else self.index

    def on_review(self) -> bool:
        return self.index >= len(self.screens)

    # --- navigation
    def next(self) -> None:
        if self.on_review():
            return
        self._leave()
        self._show_screen(self._first_visible(self.index + 1, 1))

    def back(self) -> None:
        self._leave()
        start = len(self.screens) - 1 if self.on_review() else self.index - 1
        target = self._first_visible(start, -1)
        if start >= 0 and target != self.index:
            self._show_screen(target)
        elif start >= 0 and self._visible(self.screens[start], self._result()):
            self._show_screen(start)

    def _leave(self) -> None:
        """Leaving a screen commits its editors, so their messages show when one comes back."""
        for q in self.questions:
            self._committed(q.field.id)

    def go_to_field(self, field_id: str) -> bool:
        """Open the screen asking `field_id` and put the cursor in it (from the form view or a 고치기)."""
        for i, screen in enumerate(self.screens):
            if any(f.id == field_id for f in screen.fields):
                self._show_screen(i)
                for q in self.questions:
                    if q.field.id == field_id:
                        q.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
                        self.screen_area.ensureWidgetVisible(q)
                        self._show_help(q.field)
                return True
        return False

    def fix(self, path: str) -> None:
        field_id = path.split("[")[0].split(".")[0]
        if field_id in self.form.fields and not self.go_to_field(field_id):
            return
        if field_id not in self.form.fields:
            self.fix_elsewhere.emit(path)

    def current_field(self) -> str | None:
        """The question the cursor is in (else the screen's first): where the form view should go."""
        for q in self.questions:
            if q.editor.isAncestorOf(self.focusWidget()) if self.focusWidget() else False:
                return q.field.id
        return self.questions[0].field.id if self.questions else None

    # --- one screen
    def _show_screen(self, index: int) -> None:
        self.index = index
        for q in self.questions:
            q.setParent(None)
            q.deleteLater()
        self.questions = []
        while self.body_layout.count():
            self.body_layout.takeAt(0)
        result = self._result()
        if self.on_review():
            self.review.show_result(result, self._closed_notice())
            self.pages.setCurrentWidget(self.review)
            self.where.setText(f"<b>{t('검토', 'Review')}</b>")
            self.help.setHtml(t("<h3>검토</h3><p>점검에서 찾은 문제를 하나씩 고치세요. 모두 고치면 최종본 PDF를 낼 수 있습니다. "
                                "'양식 보기'에서 전체를 한눈에 볼 수도 있습니다.</p>",
                                "<h3>Review</h3><p>Fix what the check still finds, one by one. With no errors left "
                                "the final PDF can be exported. 'Form view' shows everything at once.</p>"))
        else:
            screen = self.screens[index]
            for f in screen.fields:
                q = Question(f)
                hint = confirm_marks.hint_label(self.form, f.id)
                if hint is not None:
                    q.add_confirm_hint(hint)
                q.editor.set_value(self.view.answers.get(f.id))
                q.editor.changed.connect(lambda value, fid=f.id: self._changed(fid, value))
                q.editor.committed.connect(lambda _v, fid=f.id: self._committed(fid))
                q.editor.focus_target().installEventFilter(self)
                if isinstance(q.editor, LineEditor):  # Enter in the last short answer goes on
                    q.editor.edit.returnPressed.connect(lambda fid=f.id: self._enter(fid))
                self.body_layout.addWidget(q)
                self.questions.append(q)
            self.body_layout.addStretch(1)
            self.pages.setCurrentWidget(self.screen_area)
            self._show_help(screen.fields[0])
            if self.questions:
                self.questions[0].editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        self._validated(result)

    def _enter(self, field_id: str) -> None:
        """Enter moves to the next question on the screen, and from the last one to the next screen."""
        shown = [q for q in self.questions if q.isVisibleTo(self)]
        ids = [q.field.id for q in shown]
        if field_id not in ids:
            return
        i = ids.index(field_id)
        if i + 1 < len(shown):
            shown[i + 1].editor.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.next()

    def _changed(self, field_id: str, value: Any) -> None:
        if shiboken6.isValid(self.view):  # focus leaves the last editor while the page is torn down
            self.view.answer_from_elsewhere(field_id, value)

    def _committed(self, field_id: str) -> None:
        if shiboken6.isValid(self.view):
            self.view.commit_from_elsewhere(field_id)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusIn:
            for q in self.questions:
                if q.editor.focus_target() is watched:
                    self._show_help(q.field)
        return super().eventFilter(watched, event)

    def _show_help(self, f: FieldDef) -> None:
        text = plain_help(f.help.get(language())) if f.help else ""
        section = self.form.section_of[f.id]
        intro = plain_help(section.help.get(language())) if section.help else ""
        body = text.replace("\n", "<br>") if text else t("이 질문에 대한 도움말이 없습니다.", "No help for this question.")
        more = f"<hr><p style='color:#555'>{intro}</p>" if intro else ""
        marks = confirm_marks.help_html(self.form, f.id)
        self.help.setHtml(f"<h3>{f.label.get(language())}</h3><p>{body}</p>{marks}{more}")

    def refresh_values(self) -> None:
        """The answers changed under the interview (undo, a restored version): show them."""
        for q in self.questions:
            q.editor.set_value(self.view.answers.get(q.field.id))

    # --- follows every check of the form view
    def _validated(self, result: ValidationResult) -> None:
        by_field: dict[str, list[tuple[str, str]]] = {}
        for issue in result.issues:
            if issue.severity == "info":
                continue
            by_field.setdefault(issue.path.split("[")[0].split(".")[0], []).append(
                (issue.severity, issue.message(language())))
        for q in self.questions:
            fid = q.field.id
            stored = self.view.answers.get(fid)
            if not self._editing(q) and _without_blank_rows(q.editor.value()) != stored:
                q.editor.set_value(stored)  # changed from outside (a profile update, a picked seal)
            q.setVisible(fid not in result.hidden_fields)
            touched = self.view.rows[fid].touched or fid in self.view.answers
            q.show_messages(by_field.get(fid, []) if touched else [])
            q.set_label(self.view._required(q.field, result))
            if isinstance(q.editor, TableEditor):
                rows = result.values.get(fid)
                if isinstance(rows, list):
                    q.editor.show_computed(rows)
        if self.on_review() and self.isVisible():
            self.review.show_result(result, self._closed_notice())
        self._show_progress(result)

    @staticmethod
    def _editing(q: Any) -> bool:
        """The cursor is in this question (its box, or a table cell's own editor)."""
        from PySide6.QtWidgets import QApplication

        focused = QApplication.focusWidget()
        return q.editor.focus_target().hasFocus() or (focused is not None and q.editor.isAncestorOf(focused))

    def asked(self, result: ValidationResult) -> list[FieldDef]:
        """Every question the form asks now (hidden ones and computed ones are not)."""
        return [f for s in self.screens if s.section.id not in result.hidden_sections
                for f in s.fields if f.id not in result.hidden_fields]

    def answered(self, result: ValidationResult) -> list[FieldDef]:
        """Only what the user gave: defaults, computed values and untouched yes/no do not count."""
        return [f for f in self.asked(result) if f.id in self.view.answers and not is_blank(self.view.answers[f.id])]

    def _show_progress(self, result: ValidationResult) -> None:
        asked, answered = len(self.asked(result)), len(self.answered(result))
        self.progress_bar.setRange(0, max(asked, 1))
        self.progress_bar.setValue(answered)
        visible = [i for i, s in enumerate(self.screens) if self._visible(s, result)]
        if self.on_review():
            step = t("검토", "Review")
        else:
            screen = self.screens[self.index]
            number = visible.index(self.index) + 1 if self.index in visible else 0
            step = t(f"{screen.section.title.ko} · {number} / {len(visible)} 화면",
                     f"{screen.section.title.en} · screen {number} of {len(visible)}")
            self.where.setText(f"<b>{step}</b>")
        self.progress_label.setText(t(f"답한 질문 {answered} / {asked}", f"{answered} of {asked} questions answered"))
        self.back_button.setEnabled(bool(visible) and (self.on_review() or self.index > visible[0]))
        self.next_button.setText(t("검토하기 ▶", "Review ▶") if visible and not self.on_review()
                                 and self.index == visible[-1] else t("다음 ▶", "Next ▶"))
        self.next_button.setEnabled(not self.on_review())


def _without_blank_rows(value: Any) -> Any:
    """A table's rows as they are stored: a row just added and not filled yet is no answer, so
    it does not make the editor look "changed from outside" (행 추가 in the interview was undone
    by the check that followed its save: a founder's every table screen)."""
    if isinstance(value, list) and all(isinstance(r, dict) for r in value):
        return [r for r in value if r] or None
    return value
