"""Where a programme's call stands today: not yet open, open (days left) or closed.

One answer for the catalogue, the check and the home list, so none of them says "ready to
submit" for a call that closed years ago. The shipped editions are mostly past calls: they stay
usable for practice and as a model for the next call, and say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from desktop_app.forms.model import FormDefinition

KST = dt.timezone(dt.timedelta(hours=9))
State = Literal["upcoming", "open", "closed"]


@dataclass(frozen=True)
class CallState:
    state: State
    deadline: dt.datetime  # in Korean time
    opens: dt.datetime | None
    days_left: int  # to the deadline (negative once closed)

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    def label(self, lang: str = "ko") -> str:
        """A short badge: "접수 중 · D-12", "마감됨 2020-06-15 · 지난 공고(연습용)", "접수 예정 2026-03-02"."""
        date = self.deadline.strftime("%Y-%m-%d")
        if self.state == "closed":
            return (f"마감됨 {date} · 지난 공고(연습용)" if lang == "ko"
                    else f"closed {date} · past call (practice)")
        if self.state == "upcoming" and self.opens is not None:
            start = self.opens.strftime("%Y-%m-%d")
            return f"접수 예정 {start}" if lang == "ko" else f"opens {start}"
        return (f"접수 중 · D-{self.days_left} (마감 {date})" if lang == "ko"
                else f"open · {self.days_left} day{'' if self.days_left == 1 else 's'} left (closes {date})")

    def notice(self, lang: str = "ko") -> str:
        """A sentence for where a verdict is given (the check, the export)."""
        date = self.deadline.strftime("%Y-%m-%d %H:%M")
        if self.state == "closed":
            return (f"이 공고는 {date}에 마감되어 지금은 제출할 수 없습니다. 연습이나 다음 공고 준비용으로만 쓰세요."
                    if lang == "ko" else
                    f"This call closed on {date}: it can no longer be submitted. Use it to practise or to "
                    "prepare for the next call.")
        if self.state == "upcoming" and self.opens is not None:
            start = self.opens.strftime("%Y-%m-%d %H:%M")
            return (f"접수는 {start}에 시작합니다." if lang == "ko" else f"Applications open on {start}.")
        return (f"마감 {date}까지 {self.days_left}일 남았습니다." if lang == "ko"
                else f"{self.days_left} day{'' if self.days_left == 1 else 's'} left until the deadline ({date}).")


def call_state(form: FormDefinition, now: dt.datetime | None = None) -> CallState:
    now = (now or dt.datetime.now(KST)).astimezone(KST)
    deadline = form.deadline.astimezone(KST)
    opens = form.opens.astimezone(KST) if form.opens else None
    days = (deadline.date() - now.date()).days
    if now > deadline:
        state: State = "closed"
    elif opens is not None and now < opens:
        state = "upcoming"
    else:
        state = "open"
    return CallState(state, deadline, opens, days)


def catalogue_order(forms: list[FormDefinition], now: dt.datetime | None = None) -> list[FormDefinition]:
    """Open calls first (closest deadline first), then upcoming ones, then past ones (newest first)."""
    rank = {"open": 0, "upcoming": 1, "closed": 2}

    def key(form: FormDefinition) -> tuple[int, float, str]:
        s = call_state(form, now)
        stamp = s.deadline.timestamp()
        return rank[s.state], -stamp if s.closed else stamp, form.id

    return sorted(forms, key=key)
