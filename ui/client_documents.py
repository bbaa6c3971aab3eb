"""The client page's "보관 서류" panel: the client's own documents (사업자등록증명원, 중소기업확인서 …)
with their issue date and validity, kept once and used by every application of the client
(desk.documents). Expired ones are red, ones expiring soon amber; older issues of a kind are
listed greyed (the newest one is used)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk
from ui import ops
from ui.i18n import language, t

STATES = {"ok": ("유효", "valid"), "expiring": ("곧 만료", "expiring soon"),
          "expired": ("만료됨", "expired"), "lasting": ("기한 없음", "no expiry")}
COLOURS = {"expired": "#b00020", "expiring": "#9a6700"}


class ClientDocumentsPanel(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None, *, solo: bool = False) -> None:
        super().__init__(parent)
        self.desk = desk
        self.solo = solo  # "내 회사", not "고객사", for a founder applying for her own firm
        self.client_id: int | None = None
        self.today: Callable[[], dt.date] = dt.date.today  # tests fix the day
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([t("서류", "Document"), t("발급일", "Issued"),
                                              t("유효기간", "Good until"), t("상태", "State"),
                                              t("파일", "File")])
        self.table.setAccessibleName(t("내 회사 보관 서류", "My company's documents") if solo
                                     else t("고객사 보관 서류", "The client's documents"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.kind = QComboBox()
        self.kind.setAccessibleName(t("서류 종류", "Document kind"))
        for k in desk.documents.catalogue.kinds.values():
            self.kind.addItem(f"{k.label.get(language())} ({k.rule_text().get(language())})", k.id)
        self.issued = QDateEdit()
        self.issued.setCalendarPopup(True)
        self.issued.setDisplayFormat("yyyy-MM-dd")
        self.issued.setAccessibleName(t("발급일", "Issue date"))
        self.issued.setDate(QDate.currentDate())
        self.add_button = QPushButton(t("서류 추가…", "Add document…"))
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button = QPushButton(t("삭제", "Remove"))
        self.remove_button.clicked.connect(self.remove)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.kind, 2)
        row.addWidget(QLabel(t("발급일", "Issued")))
        row.addWidget(self.issued)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.load(None)

    def load(self, client_id: int | None) -> None:
        self.client_id = client_id
        for w in (self.kind, self.issued, self.add_button, self.remove_button):
            w.setEnabled(client_id is not None)
        self.refresh()

    def refresh(self) -> None:
        self.table.setRowCount(0)
        if self.client_id is None:
            self.summary.setText(
                t("회사 정보를 저장하면(도구 모음의 저장 또는 Ctrl+S) 서류를 보관할 수 있습니다.",
                  "Save the company profile (Save in the toolbar, or Ctrl+S) to keep its documents.") if self.solo
                else t("고객사를 저장하면 서류를 보관할 수 있습니다.", "Save the client to keep its documents."))
            return
        found = self.desk.documents.of(self.client_id, today=self.today())
        self.table.setRowCount(len(found))
        lang = language()
        for r, s in enumerate(found):
            state = STATES[s.state][0 if lang == "ko" else 1]
            if not s.newest:
                state = t(f"{state} · 이전 발급분(쓰지 않음)", f"{state} · older issue (unused)")
            cells = [s.kind.label.get(lang), s.doc.issued_on,
                     s.expires.isoformat() if s.expires else "—", state, s.doc.original_name]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.doc.id)
                if s.newest and s.state in COLOURS:
                    item.setForeground(QBrush(QColor(COLOURS[s.state])))
                elif not s.newest:
                    item.setForeground(QBrush(QColor("#777777")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        bad = [s for s in found if s.newest and s.state in ("expired", "expiring")]
        if not found:
            self.summary.setText(
                t("보관된 서류가 없습니다. 한 번 추가하면 내 회사의 모든 신청서가 씁니다.",
                  "No documents kept. Added once, every application of my company uses them.") if self.solo
                else t("보관된 서류가 없습니다. 한 번 추가하면 이 고객사의 모든 신청서가 씁니다.",
                       "No documents kept. Added once, every application of this client uses them."))
        elif bad:
            self.summary.setText("\n".join(
                t(f"⚠ {s.kind.label.ko}: {s.expires}{'에 만료되었습니다' if s.state == 'expired' else '에 만료됩니다'} "
                  f"(발급일 {s.doc.issued_on})",
                  f"⚠ {s.kind.label.en}: {'expired on' if s.state == 'expired' else 'expires on'} {s.expires} "
                  f"(issued {s.doc.issued_on})") for s in bad))
        else:
            self.summary.setText(t(f"서류 {len(found)}건, 모두 유효합니다.", f"{len(found)} document(s), all valid."))

    def selected_doc(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _pick(self) -> Path | None:
        from ui.file_dialogs import open_path

        return open_path(self, t("보관할 서류 파일", "Document file"),
                         t("문서 (*.pdf *.jpg *.jpeg *.png)", "Documents (*.pdf *.jpg *.jpeg *.png)"),
                         "client-documents")

    def add(self, path: Path | None = None) -> bool:
        """The chosen kind and issue date with `path` (or a file picked now)."""
        if self.client_id is None:
            return False
        path = path or self._pick()
        if path is None:
            return False
        client_id, kind = self.client_id, str(self.kind.currentData())
        q = self.issued.date()
        issued = dt.date(q.year(), q.month(), q.day())
        done = ops.attempt(self, lambda: self.desk.documents.add(client_id, kind, path, issued,
                                                                 today=self.today()))
        if done is None:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def remove(self) -> bool:
        doc = self.selected_doc()
        if doc is None:
            return False
        if ops.attempt(self, lambda: self.desk.documents.remove(doc)) is None:
            return False
        self.refresh()
        self.changed.emit()
        return True
