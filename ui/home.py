"""Home: every application with programme, client, status, completion, blocking issues and the
deadline with days left (red under a week) — search, sort, open, new, copy to a newer edition.

The list is a view on `ui.home_model.ApplicationsModel`: it pages in from the database as it
scrolls and says how many match ("500 / 50,005 표시"), so nothing is cut off without a word.
Typing searches after a short pause (debounce), not on every key.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Application, Desk, FormDefinition, deadlines
from desktop_app.service.batch import Selection
from desktop_app.service.deadlines import Due
from ui.file_dialogs import save_path
from ui.home_model import COLUMNS, STATUS, URGENT_DAYS, ApplicationsModel, Health, status_text
from ui.i18n import count, language, t

__all__ = ["STATUS", "URGENT_DAYS", "Health", "HomePage", "status_text"]
SEARCH_PAUSE_MS = 150
CLIENT_COLUMN = 2  # typing faster than this searches once, at the end


class HomePage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    copy_requested = Signal(int)
    batch_requested = Signal(str)  # "pdf" or "check", on the selection (selected_selection)

    COLUMNS = COLUMNS

    def __init__(self, desk: Desk, forms: list[FormDefinition], parent: QWidget | None = None, *,
                 solo: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.solo = solo
        self.forms = {f.key: f for f in forms}
        self.model = ApplicationsModel(desk, self.forms, self.health)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.activated.connect(lambda _i: self._open_current())
        self.count_label = QLabel()
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_current)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._copy_current)
        self.batch_pdf_button = QPushButton()
        self.batch_pdf_button.clicked.connect(lambda: self.batch_requested.emit("pdf"))
        self.batch_check_button = QPushButton()
        self.batch_check_button.clicked.connect(lambda: self.batch_requested.emit("check"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        for b in (self.new_button, self.open_button, self.copy_button, self.batch_pdf_button,
                  self.batch_check_button):
            bar.addWidget(b)
        self.cockpit = QLabel()
        self.cockpit.setObjectName("cockpit")
        self.cockpit.setWordWrap(True)
        self.cockpit.setTextFormat(Qt.TextFormat.RichText)
        self.ics_button = QPushButton()
        self.ics_button.clicked.connect(lambda: self.export_ics())
        self.due: list[Due] = []
        self.hint = QLabel()
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.hide()
        self._hint_state: tuple[bool, bool] | None = None
        self.table.setColumnHidden(CLIENT_COLUMN, solo)  # one's own company: no client column
        for b in (self.batch_pdf_button, self.batch_check_button):  # a consultant's tools
            b.setVisible(not solo)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        cockpit = QHBoxLayout()
        cockpit.addWidget(self.cockpit, 1)
        cockpit.addWidget(self.ics_button)
        layout.addLayout(cockpit)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self._health = self.model.health
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self.model.today

    @today.setter
    def today(self, value: dt.date) -> None:
        self.model.today = value

    @property
    def apps(self) -> list[Application]:
        """The rows loaded so far (the model pages more in as the view scrolls)."""
        return self.model.rows

    def retranslate(self) -> None:
        self.search.setPlaceholderText(t("검색: 제목, 고객사, 사업자등록번호, 대표자", "Search: title, client, BRN, representative"))
        self.search.setAccessibleName(t("신청서 검색", "Search applications"))
        self.table.setAccessibleName(t("신청서 목록", "Applications"))
        self.new_button.setText(t("새 신청서", "New application"))
        self.ics_button.setText(t("마감 일정(.ics)…", "Deadlines (.ics)…"))
        self.open_button.setText(t("열기", "Open"))
        self.copy_button.setText(t("이어 쓰기(새 공고로 복사)…", "Carry forward…"))
        self.batch_pdf_button.setText(t("일괄 PDF…", "Batch PDF…"))
        self.batch_check_button.setText(t("일괄 점검…", "Batch check…"))
        tip = t("고른 신청서들에, 고르지 않았으면 검색 결과 전체에", "On the selected rows, or on every match when none is selected")
        self.batch_pdf_button.setToolTip(tip)
        self.batch_check_button.setToolTip(tip)
        self.refresh()

    def health(self, app: Application) -> Health | None:
        """Completion and errors, cached per revision by the model (validation is the costly part)."""
        if app.form_key not in self.forms:
            return None
        result = self.desk.apps.check(app.id)
        return Health(result.percent, len(result.errors))

    def refresh(self) -> None:
        self._search_timer.stop()
        self.model.reload(self.search.text().strip())
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(6)

    def refresh_cockpit(self, today: dt.date | None = None) -> None:
        """Due within 7/14/30 days across clients, how many are still blocked, the soonest
        with its submit-by date. Checked when the home page is shown, not on every key."""
        self.due = deadlines.due(self.desk, today=today or self.today, lang=language())
        if not self.due:
            self.cockpit.setText(t("30일 안에 마감되는 신청서가 없습니다.", "No application is due within 30 days."))
            self.ics_button.setEnabled(False)
            return
        counts = [sum(1 for d in self.due if d.window == w) for w in deadlines.WINDOWS]
        blocked = [d for d in self.due if d.blocked]
        first = self.due[0]
        why = []
        if first.error_count:
            why.append(t(f"오류 {first.error_count}건", count(first.error_count, "error")))
        if first.missing_attachments:
            why.append(t(f"첨부 누락 {len(first.missing_attachments)}건", f"{len(first.missing_attachments)} attachment(s) missing"))
        if first.unsigned:
            why.append(t("서명·직인 없음", "not signed"))
        soonest = html.escape(f"{first.title} — {first.client}" if first.client else first.title)
        self.cockpit.setText(t(
            f"<b>마감 임박</b> 7일 내 {counts[0]}건 · 14일 내 {counts[1]}건 · 30일 내 {counts[2]}건 "
            f"(<span style='color:#b00020'>막힘 {len(blocked)}건</span>) — 가장 먼저: {soonest} "
            f"D-{first.days_left}, 목표 제출일 {first.target:%m-%d}" + (f" ({', '.join(why)})" if why else ""),
            f"<b>Due soon</b> {counts[0]} within 7 days · {counts[1]} within 14 · {counts[2]} within 30 "
            f"(<span style='color:#b00020'>{len(blocked)} blocked</span>) — first: {soonest} "
            f"in {count(first.days_left, 'day')}, submit by {first.target:%m-%d}" + (f" ({', '.join(why)})" if why else "")))
        self.ics_button.setEnabled(True)

    def export_ics(self, path: Path | None = None) -> Path | None:
        """The cockpit's deadlines as a calendar file (.ics) for the consultant's diary."""
        if path is None:
            path = save_path(self, t("마감 일정 내보내기", "Export deadlines"), "deadlines.ics",
                             "iCalendar (*.ics)", "ics")
            if path is None:
                return None
        deadlines.write_ics(self.due, path)
        return path

    def _show_hint(self) -> None:
        """An empty home says what to do first; an empty search says it found nothing."""
        empty = self.model.total == 0
        searching = bool(self.search.text().strip())
        # every void Qt call costs None a reference under PySide6 6.12.0 (ui.singletons): only
        # touch the widgets when the state changes, not on every page the list loads
        state = (empty, searching)
        if state == self._hint_state:
            return
        self._hint_state = state
        if empty and searching:
            self.hint.setText(t("찾는 신청서가 없습니다. 검색어를 줄이거나 지워 보세요.",
                                "No application matches. Try a shorter search or clear it."))
        elif empty:
            first = (t("<li>먼저 <b>회사 정보</b>(Ctrl+K)에 회사를 적어 두면 신청서마다 다시 적지 않아도 됩니다.</li>",
                       "<li>Fill in <b>Company</b> (Ctrl+K) first: every application starts from it.</li>")
                     if self.solo else
                     t("<li>먼저 <b>고객사</b>(Ctrl+K)에 고객사를 등록해 두면 신청서마다 다시 적지 않아도 됩니다.</li>",
                       "<li>Add your clients under <b>Clients</b> (Ctrl+K): every application starts from them.</li>"))
            self.hint.setText(t("<h2>아직 신청서가 없습니다</h2><ol>", "<h2>No applications yet</h2><ol>") + first + t(
                "<li><b>새 신청서</b>(Ctrl+N)를 눌러 사업을 고르고 자격을 미리 확인한 뒤 시작하세요. "
                "질문에 하나씩 답하는 <b>인터뷰</b>로 쓸 수 있습니다.</li>"
                "<li>받은 답변 파일이나 패키지가 있으면 <b>가져오기</b>(Ctrl+I)로 여세요.</li></ol>"
                "<p>입력한 내용은 바로 저장됩니다.</p>",
                "<li>Press <b>New application</b> (Ctrl+N), pick a programme and check eligibility; the "
                "<b>interview</b> asks one question at a time.</li>"
                "<li>Got an answers file or a package? Open it with <b>Import</b> (Ctrl+I).</li></ol>"
                "<p>Everything you type is saved at once.</p>"))
        self.hint.setVisible(empty)
        self.table.setVisible(not empty or searching)

    def _show_count(self) -> None:
        self._show_hint()
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(t(f"{total:,}건", f"{total:,}") if shown == total
                                 else t(f"{shown:,} / {total:,}건 표시 (내리면 더 불러옵니다)",
                                        f"{shown:,} of {total:,} shown (scroll for more)"))

    def text(self, row: int, column: int) -> str:
        """What the cell shows (tests and accessibility)."""
        return self.model.text(row, column)

    def selected_app(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.app_at(index.row()).id if index.isValid() else None

    def selected_selection(self) -> Selection:
        """What a batch runs on: the selected rows, or every application the search matches."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if rows:
            return Selection(ids=tuple(self.model.app_at(r).id for r in rows))
        query = self.model.query
        return Selection(query=query) if query else Selection(everything=True)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _open_current(self) -> None:
        app_id = self.selected_app()
        if app_id is not None:
            self.open_requested.emit(app_id)

    def _copy_current(self) -> None:
        app_id = self.selected_app()
        if app_id is not None:
            self.copy_requested.emit(app_id)
