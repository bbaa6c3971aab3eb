"""The book out: the client list and the application list (status, completion, errors,
deadline) as CSV or XLSX, for the consultant's own spreadsheets and reports.

Completion and errors come from the health cache where it holds for today, and are checked
(and cached) where not — so the first export of the day costs one batch check of what
changed, the next ones seconds. Headers are Korean with the English in brackets. The client
list carries every profile key but the sealed (sensitive) ones, and says so; `clients import`
reads it back (its profile columns are headed with their keys: '설립일 (company.founded)').
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.atomic import write_atomic
from desktop_app.forms import FormDefinitionError, FormNotFound
from desktop_app.storage.errors import Rejected

if TYPE_CHECKING:
    from desktop_app.service.batch import Selection
    from desktop_app.service.desk import Desk
    from desktop_app.storage.records import Application, Client

PAGE = 5_000
APP_COLUMNS = (("번호", "id"), ("제목", "title"), ("고객사", "client"), ("사업자등록번호", "brn"),
               ("사업", "programme"), ("공고 연도", "edition"), ("상태", "status"),
               ("완성도(%)", "completion %"), ("오류", "errors"), ("경고", "warnings"),
               ("첫 오류", "first error"), ("마감", "deadline"), ("남은 날", "days left"),
               ("수정", "updated"))
CLIENT_COLUMNS = (("번호", "id"), ("기업명", "name"), ("사업자등록번호", "brn"),
                  ("대표자", "representative"), ("보관", "archived"), ("신청서 수", "applications"),
                  ("등록", "created"), ("수정", "updated"))


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    note: str = ""


def _headers(columns: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(f"{ko} ({en})" for ko, en in columns)


def _all_apps(desk: Desk, selection: Selection | None) -> Iterator[Application]:
    from desktop_app.service import batch

    if selection is not None and not selection.empty:
        ids = batch.select(desk, selection)
        for app_id in ids:
            yield desk.apps.get(app_id)
        return
    offset = 0
    while True:
        page = desk.apps.search(include_archived=True, limit=PAGE, offset=offset,
                                order="updated", descending=False)
        yield from page
        if len(page) < PAGE:
            return
        offset += len(page)


def applications(desk: Desk, selection: Selection | None = None, *,
                 today: dt.date | None = None, workers: int | None = None) -> Table:
    from desktop_app.service import batch

    today = today or dt.date.today()
    apps = list(_all_apps(desk, selection))
    health = batch.health(desk, apps, today=today, workers=workers)
    brns = {c.id: c.brn for c in _all_clients(desk)}
    forms: dict[str, Any] = {}
    rows = []
    for a in apps:
        if a.form_key not in forms:
            try:
                forms[a.form_key] = desk.find_form(a.form_key)
            except (FormNotFound, FormDefinitionError):
                forms[a.form_key] = None
        form, h = forms[a.form_key], health.get(a.id)
        deadline = form.deadline if form is not None else None
        rows.append((a.id, a.title, a.client_name, brns.get(a.client_id or -1) or "",
                     form.title.ko if form is not None else a.form_id, a.form_edition, a.status,
                     h.percent if h else "", h.errors if h else "", h.warnings if h else "",
                     h.first_error if h else "",
                     deadline.strftime("%Y-%m-%d %H:%M") if deadline else "",
                     (deadline.date() - today).days if deadline else "", a.updated_at))
    missing = sum(1 for a in apps if a.id not in health)
    note = f"{missing} application(s) without completion: their form is not installed" if missing else ""
    return Table(_headers(APP_COLUMNS), rows, note)


def _all_clients(desk: Desk) -> Iterator[Client]:
    offset = 0
    while True:
        page = desk.clients.search(include_archived=True, limit=PAGE, offset=offset)
        yield from page
        if len(page) < PAGE:
            return
        offset += len(page)


def clients(desk: Desk) -> Table:
    counts: dict[int, int] = {}
    offset = 0
    while True:
        page = desk.apps.search(include_archived=True, limit=PAGE, offset=offset)
        for a in page:
            if a.client_id is not None:
                counts[a.client_id] = counts.get(a.client_id, 0) + 1
        if len(page) < PAGE:
            break
        offset += len(page)
    from desktop_app.forms.profile_keys import PROFILE_KEYS, SENSITIVE_KEYS

    listed = {"company.name", "company.brn", "company.representative"}
    keys = [k for k in PROFILE_KEYS if k not in listed and k not in SENSITIVE_KEYS]
    rows = [(c.id, c.name, c.profile.get("company.brn") or c.brn or "", c.representative or "",
             "yes" if c.archived else "", counts.get(c.id, 0), c.created_at, c.updated_at,
             *(_cell(c.profile.get(k)) for k in keys)) for c in _all_clients(desk)]
    # profile columns are headed '설립일 (company.founded)': `clients import` reads them back
    headers = _headers(CLIENT_COLUMNS) + tuple(f"{PROFILE_KEYS[k][0]} ({k})" for k in keys)
    return Table(headers, rows, "sealed (sensitive) profile values are not exported: "
                 + ", ".join(sorted(SENSITIVE_KEYS)))


def _cell(value: Any) -> Any:
    return "" if value is None else value


def encode(table: Table, path: Path) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads the Korean) or XLSX, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(list(table.headers))
        for row in table.rows:
            sheet.append(list(row))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise Rejected(f"파일은 .csv 또는 .xlsx여야 합니다: {path.name}",
                   f"the file must be .csv or .xlsx: {path.name}")


def write(table: Table, path: Path) -> None:
    write_atomic(path, encode(table, path))
