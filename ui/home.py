"""Home: every application with programme, client, status, completion, blocking issues and the
deadline with days left (red under a week) — search, sort, open, new, copy to a newer edition.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk
from desktop_app.storage.records import Application
from ui.i18n import language, t

STATUS = {
    "draft": ("작성 중", "Draft"), "ready": ("제출 준비", "Ready"), "exported": ("PDF 완료", "Exported"),
    "submitted": ("제출함", "Submitted"), "archived": ("보관", "Archived"),
}
URGENT_DAYS = 7
HEALTH_SLICE_S = 0.03  # validation time per event-loop turn while filling the list


@dataclass(frozen=True)
class Health:
    percent: int
    errors: int


def status_text(status: str) -> str:
    ko, en = STATUS.get(status, (status, status))
    return t(ko, en)


class SortItem(QTableWidgetItem):
    """Sorts by a hidden key (numbers, dates) rather than by the shown text."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, SortItem):
            try:
                return bool(self.key < other.key)  # type: ignore[operator]
            except TypeError:
                return str(self.key) < str(other.key)
        return super().__lt__(other)


class HomePage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    copy_requested = Signal(int)

    COLUMNS = (("제목", "Title"), ("사업", "Programme"), ("고객사", "Client"), ("상태", "Status"),
               ("완성도", "Complete"), ("오류", "Errors"), ("마감", "Deadline"))

    def __init__(self, desk: Desk, forms: list[FormDefinition], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.forms = {f.key: f for f in forms}
        self._health: dict[tuple[int, int], Health] = {}
        self.today = dt.date.today()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.table.activated.connect(lambda _i: self._open_current())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_current)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._copy_current)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for b in (self.new_button, self.open_button, self.copy_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.apps: list[Application] = []
        self._by_id: dict[int, Application] = {}
        self._health_timer = QTimer(self)
        self._health_timer.setSingleShot(True)
        self._health_timer.setInterval(0)
        self._health_timer.timeout.connect(self._fill_health)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(t("검색: 제목, 고객사, 사업자등록번호, 대표자", "Search: title, client, BRN, representative"))
        self.search.setAccessibleName(t("신청서 검색", "Search applications"))
        self.table.setAccessibleName(t("신청서 목록", "Applications"))
        self.new_button.setText(t("새 신청서", "New application"))
        self.open_button.setText(t("열기", "Open"))
        self.copy_button.setText(t("이어 쓰기(새 공고로 복사)…", "Carry forward…"))
        self.table.setHorizontalHeaderLabels([t(ko, en) for ko, en in self.COLUMNS])
        self.refresh()

    def health(self, app: Application, *, compute: bool = True) -> Health | None:
        """Completion and errors, cached per revision (validation is the costly part)."""
        key = (app.id, app.head_rev)
        if key not in self._health:
            if app.form_key not in self.forms or not compute:
                return None
            result = self.desk.apps.validate(app.id)
            self._health[key] = Health(result.percent, len(result.errors))
        return self._health[key]

    def _fill_health(self) -> None:
        """Validate a few rows per event-loop turn, so a list of thousands stays responsive."""
        deadline = time.perf_counter() + HEALTH_SLICE_S
        for row in range(self.table.rowCount()):
            item, cell = self.table.item(row, 0), self.table.item(row, 4)
            if item is None or cell is None or cell.text() != "…":
                continue
            app = self._by_id.get(int(item.data(Qt.ItemDataRole.UserRole)))
            if app is None:
                continue
            health = self.health(app)
            self._set_health(row, health)
            if time.perf_counter() > deadline:
                self._health_timer.start()
                return

    def _set_health(self, row: int, health: Health | None) -> None:
        sorting = self.table.isSortingEnabled()
        self.table.setSortingEnabled(False)
        if health:
            self.table.setItem(row, 4, SortItem(f"{health.percent}%", health.percent))
            self.table.setItem(row, 5, SortItem(str(health.errors), health.errors))
        else:
            self.table.setItem(row, 4, SortItem("—", -1))
            self.table.setItem(row, 5, SortItem("—", -1))
        self.table.setSortingEnabled(sorting)

    def refresh(self) -> None:
        self.apps = self.desk.apps.search(self.search.text().strip(), limit=500)
        self._by_id = {a.id: a for a in self.apps}
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.apps))
        lang = language()
        for i, app in enumerate(self.apps):
            form = self.forms.get(app.form_key)
            health = self.health(app, compute=False)
            title = SortItem(app.title, app.title)
            title.setData(Qt.ItemDataRole.UserRole, app.id)
            programme = form.title.get(lang) if form else app.form_key
            cells = [title, SortItem(f"{programme} ({app.form_edition})", programme),
                     SortItem(app.client_name, app.client_name),
                     SortItem(status_text(app.status), app.status)]
            if health:
                cells += [SortItem(f"{health.percent}%", health.percent),
                          SortItem(str(health.errors), health.errors)]
            elif form is None:
                cells += [SortItem("—", -1), SortItem("—", -1)]
            else:  # filled in by _fill_health a few rows at a time
                cells += [SortItem("…", -1), SortItem("…", -1)]
            cells.append(self._deadline_item(form))
            for j, item in enumerate(cells):
                self.table.setItem(i, j, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._fill_health()

    def _deadline_item(self, form: FormDefinition | None) -> SortItem:
        if form is None:
            return SortItem("—", dt.date.max)
        deadline = form.deadline
        days = (deadline.date() - self.today).days
        when = deadline.strftime("%Y-%m-%d %H:%M")
        if days < 0:
            text = t(f"{when} (마감됨)", f"{when} (closed)")
        else:
            text = t(f"{when} (D-{days})", f"{when} ({days} days left)")
        item = SortItem(text, deadline.date())
        if 0 <= days < URGENT_DAYS:
            item.setForeground(QBrush(QColor("#b00020")))
            item.setToolTip(t("마감이 일주일 안 남았습니다", "Less than a week left"))
        return item

    def selected_app(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _open_current(self) -> None:
        app_id = self.selected_app()
        if app_id is not None:
            self.open_requested.emit(app_id)

    def _copy_current(self) -> None:
        app_id = self.selected_app()
        if app_id is not None:
            self.copy_requested.emit(app_id)
