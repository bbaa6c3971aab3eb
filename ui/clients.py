"""The client workspace (consultant) and the company profile (solo).

The profile editor uses the same field types and validators as the forms that bind to each
profile key, so a number accepted here is accepted in every application. Saving a profile
offers to update the bound answers of the client's open drafts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import korean_ids
from desktop_app.service import Desk, DuplicateClient, FieldDef, FormDefinition, profile_checks
from ui.errors import show_error
from ui.fields import FieldEditor, make_editor
from ui.home import status_text
from ui.i18n import count, language, t

OPEN_STATUSES = ("draft", "ready")


def profile_fields(forms: list[FormDefinition]) -> dict[str, FieldDef]:
    return profile_checks.profile_fields(forms)


def profile_problems(fields: dict[str, FieldDef], values: dict[str, Any]) -> dict[str, str]:
    """The core's profile check (service.profile_checks), in the window's language."""
    return profile_checks.profile_problems(fields, values, language())


class ProfileEditor(QScrollArea):
    saved = Signal(int)

    def __init__(self, desk: Desk, forms: list[FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.forms = forms
        self.client_id: int | None = None
        self.fields = profile_fields(forms)
        self.setWidgetResizable(True)
        body = QWidget()
        self.form_layout = QFormLayout(body)
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, QLabel] = {}
        for key, f in self.fields.items():
            editor = make_editor(f)
            message = QLabel()
            message.setStyleSheet("color: #b00020;")
            message.hide()
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(editor)
            if f.help is not None:  # e.g. "대표자 본인은 세지 않습니다" at 상시근로자 수 (founder's test)
                hint = QLabel(f.help.get(language()))
                hint.setObjectName("profileHelp")
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #555555;")
                bl.addWidget(hint)
            bl.addWidget(message)
            self.form_layout.addRow(f.label.get(language()), box)
            editor.committed.connect(lambda _v: self.check())
            self.editors[key] = editor
            self.messages[key] = message
        self.save_button = QPushButton(t("회사 정보 저장", "Save company profile"))
        self.save_button.clicked.connect(self.save)
        self.save_status = QLabel()  # beside the button: a refusal is said where it was clicked
        self.save_status.setWordWrap(True)
        self.form_layout.addRow(self.save_button, self.save_status)
        self.setWidget(body)
        # Replaced in tests; asks whether to update the open drafts' bound answers.
        self.confirm: Callable[[str], bool] = self._ask

    def values(self) -> dict[str, Any]:
        return {k: e.value() for k, e in self.editors.items()}

    def load(self, client_id: int | None) -> None:
        self.client_id = client_id
        profile = self.desk.clients.get(client_id).profile if client_id is not None else {}
        for key, editor in self.editors.items():
            editor.set_value(profile.get(key))
        self.check()

    def check(self) -> dict[str, str]:
        values = self.values()
        problems = profile_problems(self.fields, values)
        if not problems:  # then what the applications' own rules would refuse (BRN vs 기업 형태)
            given = {k: v for k, v in values.items() if v not in (None, "")}
            for key, (ko, en) in profile_checks.rule_problems(self.forms, given).items():
                problems[key] = en if language() == "en" else ko
        for key, label in self.messages.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        return problems

    def save(self) -> int | None:
        """Create or update the client; returns its id (None when refused). A refusal says so
        beside the button and takes the cursor to the first field to fix (a founder clicked 저장
        at the bottom and saw nothing: the message sat at the top, out of sight)."""
        problems = self.check()
        if problems:
            first = next(k for k in self.editors if k in problems)
            labels = [self.fields[k].label.get(language()) for k in self.editors if k in problems]
            self.save_status.setStyleSheet("color: #b00020;")
            self.save_status.setText(t(f"저장하지 않았습니다. 고칠 곳 {len(labels)}곳: {', '.join(labels)}",
                                       f"Not saved. {count(len(labels), 'field')} to fix: {', '.join(labels)}"))
            self.ensureWidgetVisible(self.editors[first])
            self.editors[first].focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        self.save_status.setText("")
        values = self.values()
        if self.client_id is None:
            try:
                changed = self.desk.clients.create({k: v for k, v in values.items() if v is not None})
            except DuplicateClient as exc:  # the firm is in the book already: say which one
                show_error(self, exc)
                self.duplicate_of: int | None = exc.existing.id
                return None
            self.client_id = changed.client_id
        else:
            before = self.desk.clients.get(self.client_id).profile
            changes = {k: v for k, v in values.items() if before.get(k) != v}
            if changes:
                self.desk.clients.edit(self.client_id, changes)
                self.offer_draft_update(before, changes)
        assert self.client_id is not None
        self.save_status.setStyleSheet("color: #1b5e20;")
        self.save_status.setText(t("회사 정보 저장됨", "Company profile saved"))
        self.saved.emit(self.client_id)
        return self.client_id

    def draft_updates(self, before: dict[str, Any], changes: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """Open drafts' answers bound to a changed key that still hold the old profile value."""
        assert self.client_id is not None
        return self.desk.clients.draft_updates(self.client_id, before, changes)

    def offer_draft_update(self, before: dict[str, Any], changes: dict[str, Any]) -> int:
        plan = self.draft_updates(before, changes)
        if not plan:
            return 0
        count = sum(len(v) for v in plan.values())
        question = t(f"작성 중인 신청서 {len(plan)}건의 {count}개 항목이 회사 정보와 연결되어 있습니다. 새 정보로 바꿀까요?",
                     f"{count} answer(s) in {len(plan)} open application(s) come from the profile. Update them?")
        if not self.confirm(question):
            return 0
        for app_id, values in plan.items():
            self.desk.apps.save_many(app_id, values, "profile", label="profile update")
        return count

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, t("회사 정보 변경", "Profile changed"), question)
        return answer == QMessageBox.StandardButton.Yes


PAGE = 1000  # clients listed at first, and added by "더 보기"; the search reaches them all


class ClientsPage(QWidget):
    open_requested = Signal(int)
    new_application_requested = Signal(int)

    def __init__(self, desk: Desk, forms: list[FormDefinition], *, solo: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.solo = solo
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(t("검색: 기업명, 사업자등록번호, 대표자", "Search: name, BRN, representative"))
        self.search.setAccessibleName(t("고객사 검색", "Search clients"))
        self.search.textChanged.connect(self.refresh)
        self.show_archived = QCheckBox(t("보관된 고객사 포함", "Include archived"))
        self.show_archived.toggled.connect(self.refresh)
        self.list = QListWidget()
        self.list.setAccessibleName(t("고객사 목록", "Clients"))
        self.list.currentRowChanged.connect(self._select)
        self.count_label = QLabel()
        self.more_button = QPushButton(t("더 보기", "Show more"))
        self.more_button.clicked.connect(self.show_more)
        self.shown = PAGE
        self.read_only = False  # a team reviewer: reads the book, changes nothing (set_read_only)
        self.new_client_button = new_button = QPushButton(t("새 고객사", "New client"))
        new_button.clicked.connect(self.new_client)
        self.archive_button = QPushButton(t("보관", "Archive"))
        self.archive_button.clicked.connect(self.archive)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.search)
        ll.addWidget(self.show_archived)
        ll.addWidget(self.list)
        more = QHBoxLayout()
        more.addWidget(self.count_label, 1)
        more.addWidget(self.more_button)
        ll.addLayout(more)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.archive_button)
        self.import_button = QPushButton(t("가져오기(CSV/XLSX)…", "Import (CSV/XLSX)…"))
        self.import_button.clicked.connect(lambda: self.import_clients())
        row.addWidget(self.import_button)
        ll.addLayout(row)
        self.profile = ProfileEditor(desk, forms)
        self.profile.saved.connect(self._saved)
        from ui.client_documents import ClientDocumentsPanel

        self.documents = ClientDocumentsPanel(desk, solo=solo)
        self.apps = QListWidget()
        self.apps.setAccessibleName(t("이 고객사의 신청서", "This client's applications"))
        self.apps.itemActivated.connect(
            lambda item: self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole))))
        self.new_app_button = QPushButton(t("이 회사로 새 신청서", "New application for this company"))
        self.new_app_button.clicked.connect(self._new_app)
        # the profile on top, the kept documents and the applications in tabs below, in a
        # splitter the user can drag: stacked as three panes, 회사 정보 got ~200 px at 768 px
        # and its fields were cut off (a tester)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 6, 0, 0)
        tl.addWidget(QLabel(t("<h3>회사 정보</h3>", "<h3>Company profile</h3>")))
        tl.addWidget(self.profile, 1)
        apps_page = QWidget()
        al = QVBoxLayout(apps_page)
        al.addWidget(self.apps, 1)
        al.addWidget(self.new_app_button)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(self.documents, t("보관 서류", "Kept documents"))
        self.lower_tabs.addTab(apps_page, t("신청서", "Applications"))
        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.setChildrenCollapsible(False)
        self.right_split.addWidget(top)
        self.right_split.addWidget(self.lower_tabs)
        self.right_split.setStretchFactor(0, 3)
        self.right_split.setStretchFactor(1, 2)
        right = self.right_split
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([300, 700])
        left.setVisible(not solo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.clients: list[Any] = []
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """A team reviewer's window: nothing here may change the book."""
        self.read_only = read_only
        for b in (self.new_client_button, self.archive_button, self.import_button, self.profile.save_button):
            b.setEnabled(not read_only)
        if read_only:
            self.new_app_button.setEnabled(False)

    def refresh(self) -> None:
        query, archived = self.search.text().strip(), self.show_archived.isChecked()
        self.clients = self.desk.clients.search(query, include_archived=archived, limit=self.shown)
        total = len(self.clients) if len(self.clients) < self.shown \
            else self.desk.clients.count(query, include_archived=archived)
        self.total = total
        self.count_label.setText(t(f"{total:,}곳", count(total, "client")) if total == len(self.clients)
                                 else t(f"{len(self.clients):,} / {total:,}곳 표시",
                                        f"{len(self.clients):,} of {total:,} shown"))
        self.more_button.setVisible(total > len(self.clients))
        current = self.profile.client_id
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.clients:
            mark = t(" (보관)", " (archived)") if c.archived else ""
            brn = korean_ids.format_brn(c.brn) if c.brn else "—"
            item = QListWidgetItem(f"{c.name}{mark}\n{brn} · {c.representative or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.solo:
            self.profile.load(self.clients[0].id if self.clients else None)
        elif current is not None:
            ids = [c.id for c in self.clients]
            if current in ids:
                self.list.setCurrentRow(ids.index(current))
        self._show_apps()

    def import_clients(self, path: Path | None = None) -> list[int]:
        """Clients from a spreadsheet through the preview dialog; the ids added (none when the
        preview found problems or the user cancelled)."""
        from ui.client_import_dialog import ClientImportDialog
        from ui.file_dialogs import open_path
        from ui.ops import attempt

        if path is None:
            path = open_path(self, t("고객사 가져오기", "Import clients"),
                             t("표 (*.csv *.xlsx)", "Spreadsheets (*.csv *.xlsx)"), "clients-import")
            if path is None:
                return []
        opened = attempt(self, lambda: ClientImportDialog(self.desk, path, self))
        if opened is None:
            return []
        self.last_import = opened.value
        if self.last_import.exec() == ClientImportDialog.DialogCode.Accepted:
            self.refresh()
        return self.last_import.imported

    def show_more(self) -> None:
        self.shown += PAGE
        self.refresh()

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.clients):
            self.profile.load(self.clients[row].id)
            self._show_apps()

    def select_client(self, client_id: int) -> None:
        ids = [c.id for c in self.clients]
        if client_id in ids:
            self.list.setCurrentRow(ids.index(client_id))
        else:
            self.profile.load(client_id)
            self._show_apps()

    def new_client(self) -> None:
        self.list.clearSelection()
        self.profile.load(None)
        self.profile.editors["company.name"].focus_target().setFocus()
        self._show_apps()

    def archive(self) -> None:
        if self.profile.client_id is not None:
            client = self.desk.clients.get(self.profile.client_id)
            self.desk.clients.archive(client.id, not client.archived)
            self.refresh()

    def _saved(self, client_id: int) -> None:
        self.refresh()
        self.select_client(client_id)

    def _show_apps(self) -> None:
        self.apps.clear()
        cid = self.profile.client_id
        if cid != self.documents.client_id:
            self.documents.load(cid)
        self.new_app_button.setEnabled(cid is not None and not self.read_only)
        if cid is None:
            return
        for app in self.desk.clients.applications(cid):
            item = QListWidgetItem(f"{app.title} — {status_text(app.status)}")
            item.setData(Qt.ItemDataRole.UserRole, app.id)
            self.apps.addItem(item)
        self.lower_tabs.setTabText(1, t(f"신청서 ({self.apps.count()})", f"Applications ({self.apps.count()})"))

    def _new_app(self) -> None:
        if self.profile.client_id is not None:
            self.new_application_requested.emit(self.profile.client_id)
