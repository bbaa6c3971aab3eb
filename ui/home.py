"""Home: every application with programme, client, status, completion, blocking issues and the
deadline with days left (red under a week) — search, sort, open, new, copy to a newer edition.

The list is a view on `ui.home_model.ApplicationsModel`: it pages in from the database as it
scrolls and says how many match ("500 / 50,005 표시"), so nothing is cut off without a word.
Typing searches after a short pause (debounce), not on every key.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
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

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk
from desktop_app.storage.records import Application
from ui.home_model import COLUMNS, STATUS, URGENT_DAYS, ApplicationsModel, Health, status_text
from ui.i18n import t

__all__ = ["STATUS", "URGENT_DAYS", "Health", "HomePage", "status_text"]
SEARCH_PAUSE_MS = 150  # typing faster than this searches once, at the end


class HomePage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    copy_requested = Signal(int)

    COLUMNS = COLUMNS

    def __init__(self, desk: Desk, forms: list[FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicatorShown(True)
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
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        for b in (self.new_button, self.open_button, self.copy_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
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
        self.open_button.setText(t("열기", "Open"))
        self.copy_button.setText(t("이어 쓰기(새 공고로 복사)…", "Carry forward…"))
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

    def _show_count(self) -> None:
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
