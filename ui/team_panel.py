"""Team sync in the window: the status-bar label and its background sync, and the editor's
"needs attention" tab listing fields changed on two desks, with both values to pick one.

The background sync never touches the window's Desk: the worker opens a Desk of its own on the
same database (ui.ops threading rule), syncs and closes it; the GUI thread only reads the
status afterwards. The team key is opened there from the local data key (an OS keyring, or the
VOUCHER_DESK_PASSPHRASE of a machine without one).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.service import Desk
from ui import ops
from ui.i18n import count, t

SYNC_EVERY_MS = 60_000


def _short(value: Any) -> str:
    if value is None:
        return t("(비어 있음)", "(empty)")
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"




class TeamStatus(QLabel):
    """연결됨 / 오프라인 · N건 대기 · 충돌 · 마지막 동기화, refreshed after every background sync."""

    synced = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.online: bool | None = None  # unknown until the first attempt
        self.setAccessibleName(t("팀 동기화 상태", "Team sync status"))
        self.task = ops.Task(self, show_errors=False)
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(self.sync_now)
        self.refresh()

    def joined(self) -> bool:
        from desktop_app.team.team import Team

        try:
            return Team(self.desk).status().joined
        except Exception:  # the window's Desk is closed (the window is going away): stop asking
            self.stop()
            return False

    def stop(self) -> None:
        self.timer.stop()

    def start(self) -> None:
        if self.joined():
            self.timer.start()
            QTimer.singleShot(0, self.sync_now)

    def sync_now(self) -> None:
        if not self.window().isVisible():  # a closed window's book may be closed already
            return
        if self.task.running() or not self.joined():
            return
        from desktop_app.team.team import BackgroundSyncWaits, background_key, sync_in_own_desk

        try:  # the window's key goes along: a passphrase typed here is not asked again
            key = background_key(self.desk)
        except BackgroundSyncWaits as exc:
            self.refresh(str(exc))
            return
        location = self.desk.location
        self.task.start(lambda: sync_in_own_desk(location, key))

    def _done(self, _report: Any) -> None:
        if not self.timer.isActive():
            return  # stopped meanwhile (the window closed)
        self.online = True
        self.refresh()
        self.synced.emit()

    def _failed(self, exc: object) -> None:
        from desktop_app.team.server import Offline

        if not self.timer.isActive():
            return
        self.online = False if isinstance(exc, Offline) else self.online
        self.refresh(str(exc) if not isinstance(exc, Offline) else "")

    def refresh(self, problem: str = "") -> None:
        from desktop_app.team.team import Team

        if not self.joined():
            self.setVisible(False)
            return
        status = Team(self.desk).status()
        self.setVisible(status.joined)
        if not status.joined:
            return
        state = {True: t("연결됨", "connected"), False: t("오프라인", "offline"),
                 None: t("연결 확인 중", "connecting")}[self.online]
        parts = [t(f"팀 {status.member}: {state}", f"Team {status.member}: {state}")]
        if status.read_only:
            parts.append(t("검토자 — 읽기 전용", "reviewer — read-only"))
        if status.waiting:
            parts.append(t(f"보낼 변경 {status.waiting}건", f"{status.waiting} changes waiting"))
        if status.conflicts:
            parts.append(t(f"확인 필요 {status.conflicts}건", f"{status.conflicts} need attention"))
        last = (status.last_sync or "")[:16].replace("T", " ")
        parts.append(t(f"마지막 동기화 {last} UTC", f"last sync {last} UTC") if last
                     else t("동기화 전", "not synced yet"))
        if problem:
            parts.append(problem if len(problem) <= 80 else problem[:79] + "…")
        self.setText(" · ".join(parts))
        self.setToolTip(problem)  # the whole reason, when the bar had to cut it


class ConflictPanel(QWidget):
    """Fields changed on two desks since their common base: the value shown and the other one,
    who wrote it, from which machine, when; a button keeps either. Nobody's value is dropped."""

    resolved = Signal(str)

    def __init__(self, desk: Desk, app_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.app_id = desk, app_id
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([t("항목", "Field"), t("지금 보이는 값", "Shown now"),
                                   t("다른 쪽 값", "The other value")])
        self.tree.setAccessibleName(t("확인 필요", "Needs attention"))
        self.keep_shown = QPushButton(t("지금 값 유지", "Keep the shown value"))
        self.keep_other = QPushButton(t("다른 쪽 값 사용", "Use the other value"))
        self.keep_shown.clicked.connect(lambda: self._resolve("shown"))
        self.keep_other.clicked.connect(lambda: self._resolve("other"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_shown)
        buttons.addWidget(self.keep_other)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.refresh()

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def refresh(self) -> None:
        from desktop_app.team.team import Team

        team = Team(self.desk)
        self.tree.clear()
        if not team.status().joined:
            self.summary.setText(t("팀에 가입하지 않았습니다.", "Not in a team."))
            return
        found = team.conflicts(self.app_id)
        form = self.desk.apps.form_of(self.app_id) if found else None
        values = self.desk.apps.open(self.app_id).values if found else {}
        for c in found:
            field = form.fields.get(c.path) if form else None
            label = t(field.label.ko, field.label.en) if field else c.path
            other = team.other_value(self.app_id, c)
            who = f"{c.other_author} ({c.other_machine}, {c.other_at[:16].replace('T', ' ')})"
            item = QTreeWidgetItem([label, _short(values.get(c.path)), f"{_short(other)} — {who}"])
            item.setData(0, 256, c.path)
            self.tree.addTopLevelItem(item)
        n = self.count()
        self.summary.setText(t(f"두 곳에서 고친 항목 {n}개: 어느 값을 쓸지 고르세요. 고르기 전까지 두 값 모두 보관됩니다.",
                               f"{count(n, 'field was', 'fields were')} changed on two desks: pick the value to keep. Both are kept until then.")
                             if n else t("확인할 항목이 없습니다.", "Nothing needs attention."))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.keep_shown.setEnabled(bool(n))
        self.keep_other.setEnabled(bool(n))

    def _resolve(self, keep: str) -> None:
        from desktop_app.team.team import Team

        item = self.tree.currentItem()
        if item is None:
            return
        path = str(item.data(0, 256))
        if ops.attempt(self, lambda: Team(self.desk).resolve(self.app_id, path, keep)) is not None:
            self.refresh()
            self.resolved.emit(path)


def lease_note(desk: Desk, app_id: int) -> str:
    """"Checked out by …" when someone else holds the application (then it opens read-only)."""
    from desktop_app.team.team import Team

    team = Team(desk)
    if team.status().read_only:
        return t("검토자 역할: 읽기 전용 — 팀 서버는 검토자의 변경을 받지 않습니다",
                 "Reviewer role: read-only — the team server takes no changes from a reviewer")
    held = team.holder(app_id)
    if held is None:
        return ""
    holder, machine, until = held
    until = until[:16].replace("T", " ")
    return t(f"{holder}({machine})님이 {until} UTC까지 체크아웃함 — 읽기 전용",
             f"Checked out by {holder} ({machine}) until {until} UTC — read-only")


class CheckoutButton(QPushButton):
    """체크아웃 / 인계받기: check the application out, or — when a colleague holds it — take it
    over after a confirmation (the server logs the take-over). Hidden when not in a team."""

    changed = Signal()

    def __init__(self, desk: Desk, app_id: int, parent: QWidget | None = None) -> None:
        from desktop_app.team.team import Team

        super().__init__(parent)
        self.desk, self.app_id = desk, app_id
        self.held = Team(desk).holder(app_id)
        self.setText(t("인계받기…", "Take over…") if self.held else t("체크아웃", "Check out"))
        status = Team(desk).status()
        self.setVisible(status.joined and not status.read_only)
        self.clicked.connect(self.check_out)

    def check_out(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop_app.team.team import Team

        team = Team(self.desk)
        done = ops.attempt(self, lambda: team.lock(self.app_id))
        if done is None:
            return
        taken, lease = done.value
        if not taken and lease is not None:
            until = f"{lease.expires_at:%Y-%m-%d %H:%M}"
            asked = QMessageBox.question(
                self, t("인계받기", "Take over"),
                t(f"{lease.holder}({lease.machine})님이 {until}까지 체크아웃했습니다. 인계받을까요? "
                  "인계는 팀 서버에 기록됩니다.",
                  f"{lease.holder} ({lease.machine}) has it checked out until {until}. Take it over? "
                  "The take-over is logged on the team server."))
            if asked != QMessageBox.StandardButton.Yes:
                return
            if ops.attempt(self, lambda: team.lock(self.app_id, take_over=True)) is None:
                return
        self.changed.emit()
