"""History: the revisions of an application, what each changed, and restoring one (which is
itself a new revision, so a restore can be undone too)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk, FormDefinition, field_of
from ui import ops
from ui.i18n import language, t

KINDS = {"new": ("새로 만듦", "created"), "edit": ("수정", "edit"), "undo": ("되돌리기", "undo"),
         "redo": ("다시 실행", "redo"), "restore": ("복원", "restore"), "carry": ("이전 신청서에서", "carried"),
         "import": ("가져오기", "import")}


def local_time(stamp: str) -> str:
    """A stored UTC time as the user's clock shows it (the system zone, KST in Korea)."""
    try:
        at = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


class HistoryPanel(QWidget):
    restored = Signal()

    def __init__(self, desk: Desk, app_id: int, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.app_id, self.form = desk, app_id, form
        self.stale = False
        self.list = QListWidget()
        self.list.setAccessibleName(t("수정 기록", "Revisions"))
        self.list.currentRowChanged.connect(self._show)
        self.diff = QTextBrowser()
        self.diff.setAccessibleName(t("변경 내용", "Changes"))
        self.restore_button = QPushButton(t("이 시점으로 복원", "Restore this revision"))
        self.restore_button.clicked.connect(self.restore)
        left = QVBoxLayout()
        left.addWidget(self.list)
        left.addWidget(self.restore_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.diff, 2)
        self.refresh()

    def _label(self, path: str) -> str:
        field = self.form.fields.get(field_of(path))
        return field.label.get(language()) if field else path

    def mark_stale(self) -> None:
        """Something was saved: refresh now if the list is showing, else when it is next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.stale = False
        self.list.blockSignals(True)
        self.list.clear()
        for rev in self.desk.history.revisions(self.app_id, limit=500):
            ko, en = KINDS.get(rev.kind, (rev.kind, rev.kind))
            what = ", ".join(self._label(p) for p in rev.paths[:3]) + (" …" if len(rev.paths) > 3 else "")
            item = QListWidgetItem(f"#{rev.rev} {local_time(rev.at)} · {t(ko, en)} · {what}")
            item.setToolTip(f"{rev.at} (UTC)")
            item.setData(Qt.ItemDataRole.UserRole, rev.rev)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.diff.clear()

    def selected_rev(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _show(self, _row: int) -> None:
        rev = self.selected_rev()
        if rev is None:
            return
        diff = self.desk.history.diff(self.app_id, rev)
        lines = [f"<p>{t(f'#{rev} 이후 지금까지 달라진 내용', f'What changed since #{rev}')}</p><ul>"]
        for path, value in diff.added.items():
            lines.append(f"<li>+ {self._label(path)}: {_short(value)}</li>")
        for path, value in diff.removed.items():
            lines.append(f"<li>− {self._label(path)}: <s>{_short(value)}</s></li>")
        for path, (old, new) in diff.changed.items():
            lines.append(f"<li>{self._label(path)}: <s>{_short(old)}</s> → {_short(new)}</li>")
        if not diff:
            lines.append(f"<li>{t('차이 없음', 'no difference')}</li>")
        self.diff.setHtml("".join(lines) + "</ul>")

    def restore(self) -> None:
        rev = self.selected_rev()
        if rev is None:
            return
        if ops.attempt(self, lambda: self.desk.history.restore(self.app_id, rev)) is None:
            return
        self.restored.emit()
