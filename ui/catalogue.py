"""The programme catalogue for a new application: what each programme is, its deadline and
cap, who may apply, and a short eligibility pre-check before the form opens.

The pre-check asks the yes/no and choice questions that the form's own error rules test
(tax arrears, a second task, closed business …), and evaluates those rules on the answers —
so it can never disagree with the full check later. The answers go into the new draft.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.forms import confirm
from desktop_app.service import Clients, FormDefinition, call_state, catalogue_order, eligibility
from ui import confirm_marks
from ui.client_picker import ClientPicker
from ui.fields import FieldEditor, make_editor
from ui.i18n import language, t


def precheck_problems(form: FormDefinition, answers: dict[str, Any]) -> list[str]:
    """The core's pre-check (service.eligibility), in the window's language."""
    return eligibility.precheck_problems(form, answers, language())


class NewApplicationDialog(QDialog):
    def __init__(self, forms: list[FormDefinition], clients: Clients | None,
                 parent: QWidget | None = None, *, client_id: int | None = None,
                 now: dt.datetime | None = None) -> None:
        """`clients` (the book's, searched whole) gives a client picker; None: no client (solo)."""
        super().__init__(parent)
        self.setWindowTitle(t("새 신청서 — 사업 선택", "New application — choose a programme"))
        self.resize(980, 640)
        self.now = now
        self.forms = catalogue_order(forms, now)
        self.list = QListWidget()
        self.list.setAccessibleName(t("사업 목록", "Programmes"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        for form in self.forms:
            state = call_state(form, now)
            # the state right under the title: a long agency name may be cut, the state never
            item = QListWidgetItem(f"{form.title.get(language())} ({form.edition})\n{state.label(language())}"
                                   f"\n{form.agency.get(language())}")
            item.setToolTip(state.notice(language()))
            if state.closed:
                item.setForeground(QBrush(QColor("#5b6270")))
            self.list.addItem(item)
        self.details = QTextBrowser()
        self.details.setAccessibleName(t("사업 안내", "Programme details"))
        self.picker = ClientPicker(clients, client_id=client_id) if clients is not None else None
        self.questions = QWidget()
        self.question_layout = QFormLayout(self.questions)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.editors: dict[str, FieldEditor] = {}
        self.touched: set[str] = set()
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.details, 2)
        if self.picker is not None:
            form_row = QFormLayout()
            form_row.addRow(t("고객사", "Client"), self.picker)
            rl.addLayout(form_row)
            self.picker.chosen_changed.connect(self._enable_ok)
        rl.addWidget(QLabel(t("<b>신청 자격 미리 확인</b>", "<b>Eligibility pre-check</b>")))
        # the pre-check scrolls rather than squeezing its rows (they were cut off, issue 13 #9)
        self.question_area = QScrollArea()
        self.question_area.setWidgetResizable(True)
        self.question_area.setFrameShape(QFrame.Shape.NoFrame)
        self.question_area.setWidget(self.questions)
        self.question_area.setMinimumHeight(180)
        rl.addWidget(self.question_area, 3)
        rl.addWidget(self.verdict)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([370, 610])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(t("신청서 작성 시작", "Start the application"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("취소", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if self.forms:
            self.list.setCurrentRow(0)
        self._enable_ok()

    def _enable_ok(self) -> None:
        """A programme, and in the consultant's book a client the user picked: no default."""
        self.ok_button.setEnabled(bool(self.forms) and (self.picker is None
                                                         or self.picker.client_id() is not None))

    def form(self) -> FormDefinition | None:
        row = self.list.currentRow()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def client_id(self) -> int | None:
        return self.picker.client_id() if self.picker is not None else None

    def answers(self) -> dict[str, Any]:
        """Only what the user answered: an untouched yes/no box is no answer."""
        return {fid: e.value() for fid, e in self.editors.items()
                if fid in self.touched and e.value() is not None}

    def _show(self, _row: int) -> None:
        form = self.form()
        if form is None:
            return
        lang = language()
        esc = html.escape
        state = call_state(form, self.now)
        colour = "#8a5a00" if state.closed else "#2f7d32"
        rows = [(t("운영기관", "Agency"), esc(form.agency.get(lang))),
                (t("마감", "Deadline"), esc(state.deadline.strftime("%Y-%m-%d %H:%M (KST)"))),
                (t("상태", "Status"), f"<span style='color:{colour}'>{esc(state.notice(lang))}</span>")]
        self.ok_button.setText(t("연습용으로 작성 시작", "Start (for practice)") if state.closed
                               else t("신청서 작성 시작", "Start the application"))
        cap = form.settings.get("cap")
        unsure = confirm.MARK[lang]
        if cap is not None and isinstance(cap.value, int):
            mark = f" <span style='color:#8a5a00'>⚠ {esc(unsure)}</span>" if cap.confirm else ""
            rows.append((esc(cap.label.get(lang)), f"{cap.value:,}" + t("원", " won") + mark))
        assumed = confirm.unconfirmed(form)
        if assumed:  # every number the sources do not state for this edition, with its value
            listed = "<br>".join(esc(confirm.describe(form, n, lang)) for n in assumed)
            intro = t(f"올해 수치가 확인되지 않은 값 {len(assumed)}개(가정값):",
                      f"{len(assumed)} value(s) not stated for this year (assumed):")
            rows.append((f"<span style='color:#8a5a00'>⚠ {esc(unsure)}</span>",
                         f"<span style='color:#8a5a00'>{esc(intro)}</span><br>{listed}"))
        if form.eligibility:
            rows.append((t("신청 자격", "Who may apply"), esc(form.eligibility.get(lang))))
        table = "".join(f"<tr><th align=left valign=top>{k}</th><td>{v}</td></tr>" for k, v in rows)
        summary = f"<p>{esc(form.summary.get(lang))}</p>" if form.summary else ""
        self.details.setHtml(f"<h2>{esc(form.title.get(lang))}</h2>{summary}<table cellpadding=4>{table}</table>")
        self._build_questions(form)

    def _build_questions(self, form: FormDefinition) -> None:
        while self.question_layout.rowCount():
            self.question_layout.removeRow(0)
        self.editors = {}
        self.hints: dict[str, QWidget] = {}
        self.touched = set()
        _, fields = eligibility.precheck_rules(form)
        for f in fields:
            editor = make_editor(f)
            editor.changed.connect(lambda _v, fid=f.id: self._answered(fid))
            label = QLabel(f.label.get(language()))
            label.setWordWrap(True)
            self.question_layout.addRow(label, editor)
            hint = confirm_marks.hint_label(form, f.id)
            if hint is not None:
                self.question_layout.addRow("", hint)
                self.hints[f.id] = hint
            self.editors[f.id] = editor
        if not fields:
            self.question_layout.addRow(QLabel(t("미리 확인할 질문이 없습니다.", "No pre-check questions.")))
        self._check()
        QTimer.singleShot(0, self.fit_questions)

    def fit_questions(self) -> None:
        """Wrapped question labels keep all their lines: the pre-check scrolls instead of squeezing
        a question into one cut-off line (issue 13 #9)."""
        for row in range(self.question_layout.rowCount()):
            item = self.question_layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_questions)

    def _answered(self, field_id: str) -> None:
        self.touched.add(field_id)
        self._check()

    def _check(self) -> None:
        form = self.form()
        if form is None:
            return
        answers = self.answers()
        hidden = eligibility.precheck_hidden(form, answers)
        for fid, editor in self.editors.items():  # a question the answers make moot is not asked
            self.question_layout.setRowVisible(editor, fid not in hidden)
            if fid in self.hints:
                self.question_layout.setRowVisible(self.hints[fid], fid not in hidden)
        problems = precheck_problems(form, answers)
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.verdict.setText(t("<span style='color:#b00020'><b>지원 대상이 아닐 수 있습니다:</b></span>",
                                   "<span style='color:#b00020'><b>You may not be eligible:</b></span>")
                                 + f"<ul>{items}</ul>")
        else:
            self.verdict.setText(t("지금까지의 답으로는 신청할 수 있습니다.", "So far nothing rules you out."))
        state = call_state(form, self.now)
        if state.closed:
            self.verdict.setText(self.verdict.text() + f"<p style='color:#8a5a00'>{html.escape(state.notice(language()))}</p>")
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
