"""After a crash or a kill: a banner at start saying what the database kept, and from when.

Autosave writes within 2 s of typing (ui/editor.py), so what a killed session leaves is its last
saves; the user is told which applications and answers those were and at what time, in local
time, instead of being left to wonder what was lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.service.history import Recovered
from ui.i18n import t

MAX_NAMED = 3


def local_time(stamp: str, with_date: bool = False) -> str:
    when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    return when.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def describe(since: str, items: Sequence[Recovered], label_of: Callable[[int, str], str]) -> str:
    """One paragraph: the session's start, then per application its last save and answers."""
    head = t(f"지난번 작업({local_time(since, True)} 시작)이 정상적으로 끝나지 않았습니다. ",
             f"The last session (started {local_time(since, True)}) did not end normally. ")
    if not items:
        return head + t("그 뒤로 저장된 변경은 없었습니다.", "Nothing had been saved in it.")
    parts = []
    for item in items:
        names = [label_of(item.app_id, p) for p in item.paths]
        shown = ", ".join(dict.fromkeys(names[:MAX_NAMED]))
        more = len(set(names)) - len(set(names[:MAX_NAMED]))
        extra = t(f" 외 {more}개", f" and {more} more") if more > 0 else ""
        parts.append(t(f"「{item.title}」 {local_time(item.saved_at)}까지 저장됨({shown}{extra})",
                       f"'{item.title}' saved up to {local_time(item.saved_at)} ({shown}{extra})"))
    return head + t("입력한 내용은 마지막 저장까지 남아 있습니다: ", "What you typed is kept up to the last save: ") + \
        "; ".join(parts) + "."


def describe_one(item: Recovered, label_of: Callable[[int, str], str]) -> str:
    """For the recovered application's own editor: what is in it from that session, and until when."""
    names = list(dict.fromkeys(label_of(item.app_id, p) for p in item.paths))
    shown = ", ".join(names[:MAX_NAMED])
    more = len(names) - MAX_NAMED
    extra = t(f" 외 {more}개", f" and {more} more") if more > 0 else ""
    return t(f"복구됨: 지난번 작업이 정상적으로 끝나지 않았습니다. 이 신청서는 {local_time(item.saved_at, True)}에 "
             f"마지막으로 저장된 내용으로 열렸습니다({shown}{extra}). 그 뒤에 입력한 내용은 저장되지 않았습니다.",
             f"Recovered: the last session did not end normally. This application opened as last saved at "
             f"{local_time(item.saved_at, True)} ({shown}{extra}); anything typed after that was not saved.")


class RecoveryBanner(QFrame):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
        self.setStyleSheet("#recoveryBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(t("복구 안내", "Recovery notice"))
        self.close_button = QPushButton(t("확인", "OK"))
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button)
