"""Choosing a client out of thousands: a search box over the whole book and the matches.

The new-application dialog used a combo box of the first 1,000 clients and fell back to the
first entry, so an application could go to the wrong firm without a word. Here nothing is
chosen until the user picks a row (or the caller names the client), and the label says which
firm it is and how many matched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app import korean_ids
from desktop_app.service import Client, Clients
from ui.i18n import t

SHOWN = 50  # matches listed at once; the search narrows the rest


def describe(client: Client) -> str:
    brn = korean_ids.format_brn(client.brn) if client.brn else "—"
    return f"{client.name} ({brn} · {client.representative or '—'})"


class ClientPicker(QWidget):
    chosen_changed = Signal()

    def __init__(self, clients: Clients, parent: QWidget | None = None, *,
                 client_id: int | None = None) -> None:
        super().__init__(parent)
        self.clients = clients
        self._chosen: Client | None = None
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(t("고객사 검색: 기업명, 사업자등록번호, 대표자",
                                         "Find a client: name, BRN, representative"))
        self.search.setAccessibleName(t("고객사 검색", "Find a client"))
        self.matches = QListWidget()
        self.matches.setAccessibleName(t("찾은 고객사", "Matching clients"))
        self.count = QLabel()
        self.choice = QLabel()
        self.choice.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.matches.currentRowChanged.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.search, self.count, self.matches, self.choice):
            layout.addWidget(w)
        self._found: list[Client] = []
        if client_id is not None:
            self._chosen = clients.get(client_id)
        self.refresh()
        self._show_choice()

    def refresh(self) -> None:
        self._timer.stop()
        query = self.search.text().strip()
        self._found = self.clients.search(query, limit=SHOWN)
        total = self.clients.count(query) if len(self._found) == SHOWN else len(self._found)
        self.matches.blockSignals(True)
        self.matches.clear()
        for c in self._found:
            item = QListWidgetItem(describe(c))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.matches.addItem(item)
            if self._chosen is not None and c.id == self._chosen.id:
                self.matches.setCurrentItem(item)
        self.matches.blockSignals(False)
        self.count.setText(t(f"{total:,}곳 중 {len(self._found):,}곳 표시 — 검색으로 좁히세요",
                             f"{len(self._found):,} of {total:,} shown — search to narrow")
                           if total > len(self._found) else t(f"{total:,}곳", f"{total:,} found"))

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self._found):
            self._chosen = self._found[row]
            self._show_choice()
            self.chosen_changed.emit()

    def _show_choice(self) -> None:
        self.choice.setText(t(f"<b>선택한 고객사:</b> {describe(self._chosen)}",
                              f"<b>Chosen client:</b> {describe(self._chosen)}") if self._chosen
                            else t("<b>고객사를 고르세요</b> (고르지 않으면 신청서를 만들 수 없습니다)",
                                   "<b>Pick a client</b> (needed to start the application)"))

    def client_id(self) -> int | None:
        return self._chosen.id if self._chosen else None

    def choose(self, query: str, client_id: int) -> None:
        """Search and pick, as the user does (tests, 'this company' shortcuts)."""
        self.search.setText(query)
        self.refresh()
        ids = [c.id for c in self._found]
        self.matches.setCurrentRow(ids.index(client_id))
