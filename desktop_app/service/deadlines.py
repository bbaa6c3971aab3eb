"""The deadline cockpit: open applications whose call closes within 7, 14 or 30 days, what still
blocks each (errors, missing attachments, no seal or signature), and a target date a few days
before the deadline; and the same as a calendar (.ics, RFC 5545) for the consultant's diary.

Agencies' upload systems slow down in the last days before a call closes, so the target is
`EARLY_DAYS` before the deadline. The .ics is written by hand (a small, exact subset of RFC
5545: VEVENT with UID, DTSTAMP, DTSTART/DTEND in UTC, SUMMARY, DESCRIPTION and a VALARM),
with CRLF line ends, escaped text and lines folded at 75 octets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.atomic import write_atomic
from desktop_app.forms import FormDefinitionError, FormNotFound

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk
    from desktop_app.storage.records import Application

WINDOWS = (7, 14, 30)
EARLY_DAYS = 3  # "submit 2–3 days early": the target is three days before the deadline
OPEN = ("draft", "ready", "exported")
KST = dt.timezone(dt.timedelta(hours=9))  # the calls' deadlines are Korean time


@dataclass(frozen=True)
class Due:
    app_id: int
    title: str
    client: str
    form: str
    status: str
    deadline: dt.datetime  # as the form gives it (Korean time)
    days_left: int
    target: dt.date
    errors: list[str] = field(default_factory=list)  # messages, first few
    error_count: int = 0
    missing_attachments: list[str] = field(default_factory=list)
    unsigned: list[str] = field(default_factory=list)  # seal / signature fields without an image

    @property
    def window(self) -> int:
        """The smallest of 7/14/30 days this falls in."""
        return next(w for w in WINDOWS if self.days_left <= w)

    @property
    def blocked(self) -> bool:
        return bool(self.error_count or self.missing_attachments or self.unsigned)


def _open_apps(desk: Desk) -> Iterator[Application]:
    for status in OPEN:
        offset = 0
        while True:
            page = desk.apps.search(status=status, limit=2_000, offset=offset)
            yield from page
            if len(page) < 2_000:
                break
            offset += len(page)


def due(desk: Desk, *, today: dt.date | None = None, within: int = WINDOWS[-1],
        lang: str = "ko") -> list[Due]:
    """Open applications whose call closes in `within` days (today counts), soonest first."""
    today = today or dt.date.today()
    forms: dict[str, object] = {}
    found: list[Due] = []
    for app in _open_apps(desk):
        if app.form_key not in forms:
            try:
                forms[app.form_key] = desk.find_form(app.form_key)
            except (FormNotFound, FormDefinitionError):
                forms[app.form_key] = None
        form = forms[app.form_key]
        if form is None:
            continue
        deadline: dt.datetime = form.deadline  # type: ignore[attr-defined]
        days = (deadline.date() - today).days
        if not 0 <= days <= within:
            continue
        result = desk.apps.check(app.id, today=today)
        images = {f.id: f.label.get(lang) for f in form.fields.values()  # type: ignore[attr-defined]
                  if f.kind.holds_file}
        missing, unsigned, errors = [], [], []
        for issue in result.errors:
            if issue.code == "attachment.missing":
                missing.append(issue.message(lang))
            elif issue.path in images:
                unsigned.append(images[issue.path])
            else:
                errors.append(f"{issue.path}: {issue.message(lang)}")
        found.append(Due(app.id, app.title, app.client_name, app.form_key, app.status, deadline,
                         days, deadline.date() - dt.timedelta(days=EARLY_DAYS), errors[:5],
                         len(errors), missing, unsigned))
    return sorted(found, key=lambda d: (d.deadline, d.app_id))


def past_due(desk: Desk, *, today: dt.date | None = None) -> list[tuple[int, str, dt.datetime]]:
    """Open applications (draft, ready) whose call closed before `today`: (id, title, deadline),
    latest deadline first. `due` looks ahead only; these are said apart so none goes unseen."""
    today = today or dt.date.today()
    deadlines: dict[str, dt.datetime | None] = {}
    out = []
    for app in _open_apps(desk):
        if app.form_key not in deadlines:
            try:
                deadlines[app.form_key] = desk.find_form(app.form_key).deadline
            except (FormNotFound, FormDefinitionError):
                deadlines[app.form_key] = None
        deadline = deadlines[app.form_key]
        if deadline is not None and deadline.date() < today:
            out.append((app.id, app.title, deadline))
    return sorted(out, key=lambda x: (x[2], x[0]), reverse=True)


# ---- iCalendar (RFC 5545) -------------------------------------------------------------------

def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next with one space (3.1), never inside a
    UTF-8 sequence."""
    out: list[bytes] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        limit = 75 if not out else 74  # a continuation line starts with the space
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _utc(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=KST)
    return aware.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics(items: list[Due], *, now: dt.datetime | None = None, host: str = "voucher-desk") -> str:
    """A VCALENDAR with one event per application at its deadline, and an alarm on the
    target date (EARLY_DAYS before)."""
    stamp = _utc(now or dt.datetime.now(dt.UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Voucher Desk//바우처 데스크//KO",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for d in items:
        blockers = []
        if d.error_count:
            blockers.append(f"오류 {d.error_count}건")
        if d.missing_attachments:
            blockers.append(f"첨부 누락 {len(d.missing_attachments)}건")
        if d.unsigned:
            blockers.append("서명·직인 없음: " + ", ".join(d.unsigned))
        description = (f"{d.client} · {d.form} · 상태 {d.status}\n"
                       f"목표 제출일 {d.target.isoformat()} (마감 {EARLY_DAYS}일 전)\n"
                       + ("남은 일: " + "; ".join(blockers) if blockers else "막힌 곳 없음"))
        lines += ["BEGIN:VEVENT", f"UID:app-{d.app_id}-{d.form}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(d.deadline - dt.timedelta(hours=1))}", f"DTEND:{_utc(d.deadline)}",
                  f"SUMMARY:{_escape(f'마감: {d.title}')}", f"DESCRIPTION:{_escape(description)}",
                  "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(f'목표 제출일: {d.title}')}",
                  f"TRIGGER;VALUE=DATE-TIME:{_utc(dt.datetime.combine(d.target, dt.time(9, 0)))}",
                  "END:VALARM", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_ics(items: list[Due], path: Path, *, now: dt.datetime | None = None) -> None:
    write_atomic(path, ics(items, now=now).encode("utf-8"))
