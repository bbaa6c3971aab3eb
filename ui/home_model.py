"""The home list's model: every matching application of the book, paged in from SQL as the
view scrolls (canFetchMore / fetchMore), sorted in SQL, with the true total known.

A QTableWidget held one item object per cell (7 × 50,000) and sorted only the rows it had
loaded; this model keeps one small page list and asks the database for the order.
Completion and errors cost a validation each (≈6 ms), so they are filled in for the rows the
view actually asks for, a few per event-loop turn; they cannot order the whole book.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from desktop_app.service import Application, Desk, FormDefinition
from ui.i18n import count, language, t

STATUS = {
    "draft": ("작성 중", "Draft"), "ready": ("제출 준비", "Ready"), "exported": ("PDF 완료", "Exported"),
    "submitted": ("제출함", "Submitted"), "archived": ("보관", "Archived"),
}
URGENT_DAYS = 7
PAGE = 200
HEALTH_SLICE_S = 0.03  # validation time per event-loop turn
COLUMNS = (("제목", "Title"), ("사업", "Programme"), ("고객사", "Client"), ("상태", "Status"),
           ("완성도", "Complete"), ("오류", "Errors"), ("마감", "Deadline"))
COMPLETE, ERRORS, DEADLINE = 4, 5, 6
# column → the SQL order (storage.search.ORDERS); None: not sortable over the whole book
SORT_KEYS: dict[int, str | None] = {0: "title", 1: "form", 2: "client", 3: "status",
                                    COMPLETE: None, ERRORS: None, DEADLINE: "rank"}
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Health:
    percent: int
    errors: int


def short_title(app: Application, form: FormDefinition | None) -> str:
    """The title without the programme's name, which the next column shows already (a default
    title is "client · programme edition"); a title that was only that says when it began."""
    if form is None:
        return app.title
    title = app.title
    for name in (f"{form.title.ko} {form.edition}", f"{form.title.en} {form.edition}", form.title.ko, form.title.en):
        if name in title:
            title = title.replace(name, "").strip(" ·-—")
            break
    if title:
        return title
    started = app.created_at[:10]
    return t(f"{started}에 시작한 신청서", f"Started {started}")


def status_text(status: str) -> str:
    ko, en = STATUS.get(status, (status, status))
    return t(ko, en)


class ApplicationsModel(QAbstractTableModel):
    def __init__(self, desk: Desk, forms: dict[str, FormDefinition],
                 health: Callable[[Application], Health | None]) -> None:
        super().__init__()
        self.desk, self.forms, self._compute_health = desk, forms, health
        self.today = dt.date.today()
        self.query = ""
        self.order, self.descending = "updated", True
        self.total = 0
        self.rows: list[Application] = []
        self.health: dict[tuple[int, int], Health | None] = {}
        self._pending: dict[int, None] = {}  # row numbers the view showed with "…"
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fill_health)
        by_deadline = sorted(forms.values(), key=lambda f: (f.deadline, f.key))
        self.ranks = {f.key: i for i, f in enumerate(by_deadline)}

    # --- loading
    def reload(self, query: str | None = None) -> None:
        if query is not None:
            self.query = query
        self.beginResetModel()
        self.total = self.desk.apps.count(self.query)
        self.rows = self._page(0)
        self._pending.clear()
        self.endResetModel()

    def _page(self, offset: int) -> list[Application]:
        return self.desk.apps.search(self.query, limit=PAGE, offset=offset, order=self.order,
                                     descending=self.descending, ranks=self.ranks,
                                     expected=self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._page(len(self.rows))
        if not more:  # the book shrank under us: stop asking
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def load_all(self) -> None:
        """Page everything in (a selection of the whole list, tests)."""
        while self.canFetchMore():
            self.fetchMore()

    # --- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            ko, en = COLUMNS[section]
            return t(ko, en)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and SORT_KEYS.get(section) is None:
            return t("완성도와 오류는 화면에 보이는 행만 계산하므로 정렬할 수 없습니다",
                     "completion and errors are computed for the rows shown, so they do not sort")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        self.order, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        app = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return app.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), col)
        if col == DEADLINE and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            days = self.days_left(app)
            if days is not None and 0 <= days < URGENT_DAYS:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor("#b00020"))
                return t("마감이 일주일 안 남았습니다", "Less than a week left")
        return None

    def app_at(self, row: int) -> Application:
        return self.rows[row]

    def days_left(self, app: Application) -> int | None:
        form = self.forms.get(app.form_key)
        return None if form is None else (form.deadline.date() - self.today).days

    def text(self, row: int, col: int) -> str:
        app = self.rows[row]
        form = self.forms.get(app.form_key)
        if col == 0:
            return short_title(app, form)
        if col == 1:
            return f"{form.title.get(language()) if form else app.form_key} ({app.form_edition})"
        if col == 2:
            return app.client_name
        if col == 3:
            return status_text(app.status)
        if col in (COMPLETE, ERRORS):
            if form is None:
                return "—"
            key = (app.id, app.head_rev)
            if key not in self.health:
                self._pending[row] = None
                self._timer.start()
                return "…"
            health = self.health[key]
            if health is None:
                return "—"
            return f"{health.percent}%" if col == COMPLETE else str(health.errors)
        if form is None:
            return "—"
        when = form.deadline.strftime("%Y-%m-%d %H:%M")
        days = (form.deadline.date() - self.today).days
        if days < 0:
            return t(f"{when} (마감됨)", f"{when} (closed)")
        return t(f"{when} (D-{days})", f"{when} ({count(days, 'day')} left)")

    def _fill_health(self) -> None:
        """Validate the rows the view showed as "…", a slice of time per event-loop turn."""
        deadline = time.perf_counter() + HEALTH_SLICE_S
        while self._pending:
            row = next(iter(self._pending))
            del self._pending[row]
            if row >= len(self.rows):
                continue
            app = self.rows[row]
            self.health[(app.id, app.head_rev)] = self._compute_health(app)
            self.dataChanged.emit(self.index(row, COMPLETE), self.index(row, ERRORS))
            if time.perf_counter() > deadline:
                break
        if self._pending:
            self._timer.start()
