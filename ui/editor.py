"""One application open for editing: the guided form, autosave, undo/redo, the check panel,
attachments, history and the PDF export.

Autosave: every change is queued per field and written 0.4 s after typing pauses — and at most
2 s after the first unsaved keystroke however long typing goes on (a second timer that typing
does not restart), so a crash or a kill loses at most the last 2 s. One small transaction per
field (docs/architecture.md); immediately on leaving a section, on undo, on export and on close. The label
says what is on disk: "저장됨 HH:MM:SS" only after the database confirmed it; while typing, the
time everything before was saved.
The window's database syncs its WAL on a background thread after each batch
(storage.durability): "저장됨" shows only once that sync is done ("저장 중…" until then).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import AppView, Changed, Desk, FormDefinition, ValidationResult
from ui import ops, settings
from ui.attachments_panel import AttachmentsPanel
from ui.check_panel import CheckPanel
from ui.form_view import FormView
from ui.history_panel import HistoryPanel
from ui.home import status_text
from ui.i18n import language, t
from ui.interview import InterviewView
from ui.team_panel import CheckoutButton, ConflictPanel, lease_note
from ui.upgrade_dialogs import ParkedPanel

AUTOSAVE_MS = 400  # after a pause
AUTOSAVE_MAX_MS = 2000  # after the first unsaved change, even while typing goes on


class EditorPage(QWidget):
    closed = Signal(int)
    changed = Signal(int)
    export_requested = Signal(int, bool)
    upgrade_requested = Signal(int)
    synced = Signal()            # from the WAL syncer's thread: what was saved is durable
    form_switched = Signal(int)  # undo/restore crossed an edition upgrade: rebuild the editor

    def __init__(self, desk: Desk, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.app_id = app_id
        self.pending: dict[str, Any] = {}
        # field → the revision of the edit the user is still making in it: later autosaves of the
        # same edit fold into it, so one undo takes back one field edit (issue 13 #6)
        self.editing: dict[str, int] = {}
        self.last_saved: dt.datetime | None = None
        self.unsynced = 0  # batches saved but not yet known to be on the disk
        self.synced.connect(self._on_synced)
        view = desk.apps.open(app_id)
        if view.form is None:
            raise LookupError(view.warnings[0] if view.warnings else f"form {view.app.form_key} missing")
        self.form: FormDefinition = view.form
        self.lease_note = lease_note(desk, app_id)  # checked out by a colleague: read-only here
        self.read_only = view.app.status in ("submitted", "archived") or bool(self.lease_note)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)  # a long programme name wraps instead of widening the window (150 %)
        self.title.setMinimumWidth(120)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(t("저장 상태", "Save state"))
        self.undo_button = QPushButton(t("되돌리기", "Undo"))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton(t("다시 실행", "Redo"))
        self.redo_button.clicked.connect(self.redo)
        self.next_button = QPushButton(t("다음 문제 (F8)", "Next issue (F8)"))
        self.next_button.clicked.connect(self.next_issue)
        self.export_button = QPushButton(t("PDF 내보내기…", "Export PDF…"))
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.app_id, False))
        self.upgrade_button = QPushButton(t("새 공고 양식으로 올리기…", "Upgrade to the new edition…"))
        self.upgrade_button.clicked.connect(lambda: self.upgrade_requested.emit(self.app_id))
        self.upgrade_button.hide()
        self.checkout_button = CheckoutButton(desk, app_id)
        # checked out or taken over: the editor is opened again (read-only state, fresh values)
        self.checkout_button.changed.connect(lambda: self.form_switched.emit(self.app_id))
        self.profile_button = QPushButton(t("회사 정보에 저장…", "Save to company profile…"))
        self.profile_button.setToolTip(t("회사 답변을 회사 정보에 저장해 다음 신청서를 미리 채웁니다",
                                         "Keep the company answers in the profile so the next application starts filled"))
        self.profile_button.clicked.connect(lambda: self.offer_profile_save())
        self.profile_button.setEnabled(not self.read_only)
        self.close_button = QPushButton(t("닫기", "Close"))
        self.close_button.clicked.connect(self.close_editor)
        self.mode_button = QPushButton()
        self.mode_button.setObjectName("modeToggle")
        self.mode_button.setShortcut("Ctrl+Shift+I")
        self.mode_button.clicked.connect(self.toggle_mode)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.saved_label)
        for b in (self.mode_button, self.upgrade_button, self.profile_button, self.undo_button, self.redo_button, self.next_button, self.export_button,
                  self.checkout_button, self.close_button):
            top.addWidget(b)
        self.view = FormView(self.form, view.values, provenance={p: a.provenance for p, a in view.answers.items()},
                             check=lambda answers: desk.apps.check(app_id, answers=answers))
        self.view.setEnabled(not self.read_only)
        self.checks = CheckPanel(self.form)
        self.checks.activated.connect(self.focus_field)
        self.attachments = AttachmentsPanel(desk, app_id, self.form, read_only=self.read_only)
        self.attachments.changed.connect(self._attachments_changed)
        self.history = HistoryPanel(desk, app_id, self.form)
        self.history.restored.connect(self._reload)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.checks, t("점검", "Check"))
        self.tabs.addTab(self.attachments, t("첨부 서류", "Attachments"))
        self.tabs.addTab(self.history, t("기록", "History"))
        self.parked = ParkedPanel()
        self.tabs.addTab(self.parked, "")
        self.conflicts = ConflictPanel(desk, app_id)
        self.conflicts.resolved.connect(lambda _path: self._reload())
        self.tabs.addTab(self.conflicts, "")
        self.interview = InterviewView(self.form, self.view)
        self.interview.setEnabled(not self.read_only)
        self.interview.fix_elsewhere.connect(self._fix_elsewhere)
        self.faces = QStackedWidget()
        self.faces.addWidget(self.view)
        self.faces.addWidget(self.interview)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.faces)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 200])
        self.split = split
        self._sized = False
        self._split_moved = False  # the user dragged the divider: their sizes stay
        split.splitterMoved.connect(self._on_split_moved)
        self.tabs.currentChanged.connect(lambda _i: self.fit_split() if self._sized else None)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.recovered_note = QLabel()
        self.recovered_note.setObjectName("recoveredNote")
        self.recovered_note.setWordWrap(True)
        self.recovered_note.setAccessibleName(t("복구 안내", "Recovery notice"))
        self.recovered_note.hide()
        layout.addWidget(self.recovered_note)
        layout.addWidget(split)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.max_timer = QTimer(self)
        self.max_timer.setSingleShot(True)
        self.max_timer.setInterval(AUTOSAVE_MAX_MS)
        self.max_timer.timeout.connect(self.flush)
        self.view.answer_changed.connect(self._queue)
        self.view.answer_confirmed.connect(self._confirm)
        self.view.field_committed.connect(self._end_edit)
        self.view.validated.connect(self.checks.show_result)
        self.view.validated.connect(
            lambda r: self.attachments.set_required(r.required_attachments, r.from_client))
        self.view.section_changed.connect(self._section_changed)
        self._show_header(view)
        first = self.view.result or self.view.revalidate()
        self.checks.show_result(first)
        # the view may have judged before these were connected: the attachment list needs it too
        self.attachments.set_required(first.required_attachments, first.from_client)
        self._restore_position(view)
        self.set_mode(settings.editor_mode())

    def show_recovered(self, text: str) -> None:
        """After a crash: this application's own line saying what it holds and from when."""
        self.recovered_note.setText(f"⚠ {text}")
        self.recovered_note.show()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time it shows, the questions get three quarters of the height, however small
        the screen or large the scaling (the check panel's own minimum took half at 150 %)."""
        super().showEvent(event)
        if not self._sized and self.split.height() > 0:
            self._sized = True
            # an explicit minimum: QSplitter would otherwise keep the tab pages' own minimum
            # (the attachments panel's), which took half of a 768-px screen at 150 %
            self.tabs.setMinimumHeight(1)
            self.checks.tree.setMinimumHeight(40)
            self.fit_split()

    def _on_split_moved(self, _pos: int, _index: int) -> None:
        self._split_moved = True

    def fit_split(self) -> None:
        """The questions get most of the height: three quarters in the form view, four fifths in
        the interview (its review lists the issues itself), the panels below at least a tab bar
        and two lines. A divider the user moved stays where they put it."""
        total = self.split.height()
        if total <= 0 or self._split_moved:
            return
        bar = self.tabs.tabBar().sizeHint().height()
        page = self.tabs.currentWidget()
        needs = bar + (page.minimumSizeHint().height() if page is not None else 0) + 8  # its buttons stay whole
        below = max(total // (5 if self.in_interview() else 4), bar * 3, needs)
        below = min(below, total // 2)
        self.split.setSizes([total - below, below])

    # --- interview or form view: two faces of the same answers, one save path
    def in_interview(self) -> bool:
        return self.faces.currentWidget() is self.interview

    def set_mode(self, mode: str) -> None:
        """Switch between the interview and the form view, keeping the place (the same field)."""
        interview = mode == settings.INTERVIEW
        if interview == self.in_interview() and self.mode_button.text():
            return
        if interview:
            field = self.view.current_field
            section = self.view.current_section()
            if field is None or self.form.section_of[field].id != section:  # moved by the section list
                field = next((f.id for f in self.form.sections[self.view.pages.currentIndex()].fields
                              if f.id not in (self.result().hidden_fields)), field)
            self.faces.setCurrentWidget(self.interview)
            if field is not None:
                self.interview.go_to_field(field)
        else:
            field = self.interview.current_field() if self.mode_button.text() else None
            self.faces.setCurrentWidget(self.view)
            if field is not None:
                self.view.focus_field(field)
        self.mode_button.setText(t("양식 보기로", "Form view") if interview else t("인터뷰로", "Interview"))
        self.mode_button.setToolTip(t("한 번에 한 질문씩 묻는 인터뷰와 전체 양식 보기를 오갑니다 (Ctrl+Shift+I)",
                                      "Switch between the question-by-question interview and the whole form "
                                      "(Ctrl+Shift+I)"))
        settings.set_editor_mode(mode)
        if self._sized:
            self.fit_split()

    def focus_field(self, path: str) -> None:
        """Go to an answer in whichever face is showing."""
        if self.in_interview():
            self.interview.fix(path)
        else:
            self.view.focus_field(path)

    def toggle_mode(self) -> None:
        self.set_mode(settings.FORM if self.in_interview() else settings.INTERVIEW)

    def _fix_elsewhere(self, path: str) -> None:
        """An issue that is no question (a missing attachment): show it in the panels below."""
        if path.startswith("attachments."):
            self.tabs.setCurrentWidget(self.attachments)
        else:
            self.tabs.setCurrentWidget(self.checks)

    # --- header
    def refresh_header(self) -> None:
        """After an export moved the status on (PDF 완료): the header said 작성 중 until the next
        reopen (a founder's, after her final PDF)."""
        done = ops.attempt(self, lambda: self.desk.apps.open(self.app_id))
        if done is not None:
            self._show_header(done.value)

    def _show_header(self, view: AppView) -> None:
        app = view.app
        client = f" · {app.client_name}" if app.client_name else ""
        warn = ""
        self.form_changed = view.form_changed
        if view.form_changed:
            warn = t(" <span style='color:#8a5a00'>(이 공고의 양식 정의가 작성 시작 후 바뀌었습니다. 점검 결과를 확인하고 "
                     "'바뀐 양식 적용'을 누르세요. 없어진 항목의 답변은 '확인 필요'로 보관됩니다)</span>",
                     " <span style='color:#8a5a00'>(this edition's form definition changed after the draft was started: "
                     "review the check and press 'Apply the changed form'; answers to removed items are kept under "
                     "'needs attention')</span>")
            self.upgrade_button.setText(t("바뀐 양식 적용…", "Apply the changed form…"))
            self.upgrade_button.setVisible(not self.read_only)
        self.title.setText(f"<b>{app.title}</b>{client} — {status_text(app.status)}{warn}")
        self.undo_button.setEnabled(view.can_undo and not self.read_only)
        self.redo_button.setEnabled(view.can_redo and not self.read_only)
        self._show_saved()
        self.parked.show_parked(view.parked, self._labels_of_all_editions())
        index = self.tabs.indexOf(self.parked)
        self.tabs.setTabText(index, t(f"확인 필요 ({len(view.parked)})", f"Needs attention ({len(view.parked)})"))
        self.tabs.setTabVisible(index, bool(view.parked))
        self.conflicts.refresh()
        index = self.tabs.indexOf(self.conflicts)
        n = self.conflicts.count()
        self.tabs.setTabText(index, t(f"확인 필요: 두 곳에서 고침 ({n})", f"Needs attention: changed on two desks ({n})"))
        self.tabs.setTabVisible(index, bool(n))
        if self.lease_note:
            self.title.setText(f"{self.title.text()} <span style='color:#b00020'>({self.lease_note})</span>")

    def _labels_of_all_editions(self) -> dict[str, str]:
        """Parked answers keep their old ids: name them as the edition they came from did."""
        from desktop_app.service import FormDefinitionError, load_shipped

        try:
            forms = [f for f in load_shipped() if f.id == self.form.id]
        except FormDefinitionError:
            forms = []
        labels: dict[str, str] = {}
        for form in [*forms, self.form]:
            labels.update({f.id: f.label.get(language()) for f in form.fields.values()})
        return labels

    def offer_upgrade(self, newer: bool) -> None:
        if newer:
            self.upgrade_button.setText(t("새 공고 양식으로 올리기…", "Upgrade to the new edition…"))
        self.upgrade_button.setVisible((newer or self.form_changed) and not self.read_only)

    def _confirm(self, field_id: str, value: Any) -> None:
        """A carried answer checked by the user becomes their own (provenance typed)."""
        self.flush()
        if ops.attempt(self, lambda: self.desk.apps.save(self.app_id, field_id, value, "typed")) is None:
            return
        self._await_sync()
        self._show_saved()

    def _await_sync(self) -> None:
        self.unsynced += 1
        self.desk.store.after_sync(self.synced.emit)

    def _on_synced(self) -> None:
        self.unsynced = max(0, self.unsynced - 1)
        if not self.unsynced:
            self.last_saved = dt.datetime.now()
        self._show_saved()

    def _show_saved(self) -> None:
        if self.unsynced and not self.pending:
            self.saved_label.setText(t("저장 중…", "Saving…"))
        elif self.pending and self.last_saved:
            stamp = self.last_saved.strftime("%H:%M:%S")
            self.saved_label.setText(t(f"입력 중 — {stamp}까지 저장됨", f"Typing — saved up to {stamp}"))
        elif self.pending:
            self.saved_label.setText(t("입력 중 — 곧 저장됩니다", "Typing — saving shortly"))
        elif self.last_saved:
            stamp = self.last_saved.strftime("%H:%M:%S")
            self.saved_label.setText(t(f"저장됨 {stamp}", f"Saved {stamp}"))
        else:
            self.saved_label.setText(t("저장됨", "Saved"))

    # --- the company profile
    def offer_profile_save(self, dialog: Any = None) -> bool:
        """Show what differs from the profile and save the chosen answers; True when saved."""
        from ui.profile_save import ProfileSaveDialog

        if not self.flush():
            return False
        changes = self.desk.apps.profile_changes(self.app_id)
        if not changes:
            self.saved_label.setText(t("회사 정보와 같습니다", "Same as the company profile"))
            return False
        has_client = self.desk.apps.get(self.app_id).client_id is not None
        dialog = dialog or ProfileSaveDialog(changes, has_client, self)
        if not dialog.exec():
            return False
        saved = ops.attempt(self, lambda: self.desk.apps.save_to_profile(self.app_id, dialog.chosen()))
        if saved is None:
            return False
        self.saved_label.setText(t(f"회사 정보에 {len(saved.value.paths)}개 저장됨",
                                   f"{len(saved.value.paths)} saved to the company profile"))
        self.changed.emit(self.app_id)
        return True

    # --- saving
    def _queue(self, field_id: str, value: Any) -> None:
        self.pending[field_id] = value
        self._show_saved()
        self.timer.start()  # restarted by every change: the pause
        if not self.max_timer.isActive():  # not restarted: the longest wait while typing goes on
            self.max_timer.start()

    def flush(self) -> bool:
        """Write every queued change; True when all of them reached the database."""
        self.timer.stop()
        self.max_timer.stop()
        written: list[Changed] = []
        while self.pending:
            field_id, value = next(iter(self.pending.items()))
            amend = self.editing.get(field_id)
            saved = ops.attempt(self, functools.partial(self.desk.apps.save, self.app_id, field_id, value,
                                                        amend=amend))
            if saved is None:  # shown once; the change stays queued, nothing is lost
                self._show_saved()
                return False
            if saved.value.rev is not None:  # later autosaves in this field amend that revision
                self.editing[field_id] = saved.value.rev
            written.append(saved.value)
            del self.pending[field_id]
        if written:
            self._await_sync()
        self._show_saved()
        self._refresh(written)
        return True

    def _refresh(self, written: list[Changed]) -> None:
        """What the saves changed, and only that (no reopening of the whole application)."""
        paths = {p for c in written for p in c.paths}
        for field_id in paths:  # a picked seal is kept beside the database: show where it is
            f = self.form.fields.get(field_id)
            if f is not None and f.kind.holds_file:
                stored = self.desk.apps.stored_image(self.app_id, field_id)
                if stored and stored != self.view.answers.get(field_id):
                    self.view.answers[field_id] = stored
                    self.view.rows[field_id].editor.set_value(stored)
        if any(c.rev for c in written):
            can_undo, can_redo = self.desk.history.stacks(self.app_id)
            self.undo_button.setEnabled(can_undo and not self.read_only)
            self.redo_button.setEnabled(can_redo and not self.read_only)
            self.history.mark_stale()
            self.changed.emit(self.app_id)

    def _end_edit(self, field_id: str) -> None:
        """The user left the field: its edit is complete (saved now) and the next one is a new step."""
        if field_id in self.pending:
            self.flush()
        self.editing.pop(field_id, None)

    def save_now(self) -> None:
        """Ctrl+S: nothing is ever unsaved for long, but the user may want to see it happen."""
        self.flush()
        done = ops.attempt(self, self.desk.store.checkpoint)  # syncs first, then checkpoints
        if done is not None and not done.value:  # every change is on the disk; the WAL stays longer
            self.saved_label.setToolTip(t("다른 프로그램이 데이터베이스를 읽고 있어 정리(체크포인트)를 미뤘습니다. 저장 내용은 안전합니다.",
                                          "Another program is reading the database: the checkpoint was postponed. "
                                          "Your changes are safely on disk."))

    # --- undo / redo / history
    def undo(self) -> None:
        self.flush()
        self.editing.clear()
        self._apply(self.desk.history.undo(self.app_id))

    def redo(self) -> None:
        self.flush()
        self.editing.clear()
        self._apply(self.desk.history.redo(self.app_id))

    def _apply(self, changed: Any) -> None:
        if changed.note:
            self.saved_label.setText(changed.note)
        self._reload()
        if changed.paths:
            self.focus_field(changed.paths[0])

    def _reload(self) -> None:
        self.editing.clear()
        view = self.desk.apps.open(self.app_id)
        if view.app.form_key != self.form.key:
            self.form_switched.emit(self.app_id)
            return
        self.view.load(view.values, {p: a.provenance for p, a in view.answers.items()})
        self.interview.refresh_values()
        self._await_sync()
        self._show_header(view)
        self.history.refresh()
        self.changed.emit(self.app_id)

    # --- position
    def _section_changed(self, section_id: str) -> None:
        if self.pending:
            self.flush()
        if not self.read_only:
            self.desk.apps.set_position(self.app_id, section_id, self._scroll())

    def _scroll(self) -> int:
        page = self.view.section_pages[self.view.pages.currentIndex()]
        return int(page.verticalScrollBar().value())

    def _restore_position(self, view: AppView) -> None:
        if view.app.current_section:
            self.view.go_to_section(view.app.current_section)
            page = self.view.section_pages[self.view.pages.currentIndex()]
            QTimer.singleShot(0, lambda: page.verticalScrollBar().setValue(view.app.scroll_pos))

    def remember_position(self) -> None:
        if not self.read_only:
            self.desk.apps.set_position(self.app_id, self.view.current_section(), self._scroll())

    # --- checks and attachments
    def result(self) -> ValidationResult:
        return self.view.result or self.view.revalidate()

    def next_issue(self) -> None:
        self.tabs.setCurrentWidget(self.checks)
        self.checks.next_issue()

    def _attachments_changed(self) -> None:
        self.view.revalidate()
        self.history.refresh()
        self.changed.emit(self.app_id)

    # --- closing
    def close_editor(self) -> bool:
        if not self.flush():
            return False
        self.remember_position()
        self.closed.emit(self.app_id)
        return True
