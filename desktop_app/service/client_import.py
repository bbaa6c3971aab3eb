"""The book in: clients from a CSV or XLSX file, previewed before anything is written.

`preview` reads the file, maps its columns to profile keys (known Korean and English headers,
or the caller's mapping), checks every row — a name, a 사업자등록번호 whose check digit holds,
no firm already in the book or twice in the file (same BRN, or same name and 대표자) — and
says all of it with the file's line numbers. `apply` writes the clients of a preview that found
no problem, all in one transaction, or nothing at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import korean_ids
from desktop_app.josa import particle
from desktop_app.service.clients import name_key, profile_rule_problems, profile_value_problems
from desktop_app.service.profile import PROFILE_KEYS
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk

# header (spacing, case and brackets aside) → profile key
KNOWN_HEADERS = {
    "기업명": "company.name", "회사명": "company.name", "상호": "company.name", "업체명": "company.name",
    "고객사": "company.name", "name": "company.name", "company": "company.name", "companyname": "company.name",
    "사업자등록번호": "company.brn", "사업자번호": "company.brn", "brn": "company.brn",
    "대표자": "company.representative", "대표자명": "company.representative", "대표": "company.representative",
    "representative": "company.representative", "ceo": "company.representative",
    "설립일": "company.founded", "설립일자": "company.founded", "개업일": "company.founded",
    "개업일자": "company.founded", "founded": "company.founded",
    "상시근로자수": "company.employees", "근로자수": "company.employees", "직원수": "company.employees",
    "employees": "company.employees",
    "전년도매출액": "company.revenue_prev", "매출액": "company.revenue_prev", "revenue": "company.revenue_prev",
    "법인등록번호": "company.crn", "crn": "company.crn",
    "주소": "company.address", "사업장주소": "company.address", "소재지": "company.address",
    "address": "company.address", "우편번호": "company.postcode", "postcode": "company.postcode",
    "전화": "company.phone", "전화번호": "company.phone", "대표전화": "company.phone", "phone": "company.phone",
    "이메일": "company.email", "대표이메일": "company.email", "email": "company.email",
    "담당자": "contact.name", "담당자명": "contact.name", "담당자이메일": "contact.email",
    "담당자전화": "contact.phone",
}
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Row:
    line: int  # in the file (the header is line 1)
    values: dict[str, Any]
    problems: tuple[str, ...] = ()
    skipped: str = ""  # already in the book, left as it is (`skip_existing`)


@dataclass(frozen=True)
class Preview:
    path: Path
    mapping: dict[str, str]  # header → profile key
    ignored: tuple[str, ...]  # headers not mapped (not imported)
    rows: tuple[Row, ...] = field(default_factory=tuple)
    encoding: str = "utf-8"  # or "cp949": Korean Excel's own CSV

    @property
    def added(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.skipped)

    @property
    def problems(self) -> list[str]:
        return [f"{self.path.name}:{r.line}: {p}" for r in self.rows for p in r.problems]

    @property
    def ok(self) -> bool:
        return bool(self.added) and not self.problems


def _header_key(text: str) -> str:
    return re.sub(r"[\s()\[\]_\-.]+", "", text).casefold()


def _known(header: str) -> str | None:
    """The profile key a header names: a known header, a profile key, or either one beside a
    translation in brackets ('기업명 (name)', '설립일 (company.founded)', as exports write them)."""
    bracketed = re.fullmatch(r"\s*(.*?)\s*\((.*?)\)\s*", header)
    for part in (header, *(bracketed.groups() if bracketed else ())):
        part = part.strip()
        if part in PROFILE_KEYS:
            return part
        if (key := KNOWN_HEADERS.get(_header_key(part))) is not None:
            return key
    return None


def _cell_text(value: Any) -> Any:
    """An XLSX cell as the text a person sees: a date cell (openpyxl gives a datetime, midnight
    for a plain date) is its ISO date — '2017-04-03 00:00:00' was no date to any form — and a
    whole number stored as a float (350000000.0) has no '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def read_table(path: Path, header_row: int = 1) -> tuple[list[str], list[list[Any]], str]:
    """Headers, rows and encoding of the first sheet (XLSX) or of the file (CSV in UTF-8, with
    or without BOM, or in CP949 — what Korean Excel's plain 'CSV' writes; strictly either)."""
    suffix = path.suffix.lower()
    encoding = "utf-8"
    try:
        if suffix == ".csv":
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text, encoding = data.decode("cp949"), "cp949"
            table = list(csv.reader(io.StringIO(text)))
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            # read_only keeps the zip open until close(): an unclosed book leaks a file handle
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                table = [[_cell_text(v) for v in row]
                         for row in book.worksheets[0].iter_rows(values_only=True)]
            finally:
                book.close()
        else:
            raise Rejected(f"CSV 또는 XLSX 파일이어야 합니다: {path.name}",
                           f"give a .csv or .xlsx file: {path.name}")
    except UnicodeDecodeError:
        raise Rejected(f"{path.name}: UTF-8도 CP949(EUC-KR)도 아닙니다. 엑셀에서 'CSV UTF-8'로 저장하세요",
                       f"{path.name}: neither UTF-8 nor CP949 (EUC-KR); save it as 'CSV UTF-8' in Excel") from None
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        # openpyxl's errors for a file that is not a workbook, or a damaged one
        raise Rejected(f"{path.name}: 엑셀(XLSX) 파일이 아니거나 손상되었습니다 ({type(exc).__name__})",
                       f"{path.name}: not an XLSX workbook, or a damaged one ({type(exc).__name__})") from None
    except OSError as exc:
        raise Rejected(f"{path.name}: 읽을 수 없습니다 ({exc.strerror})",
                       f"{path.name}: cannot read it ({exc.strerror})") from None
    skip = header_row - 1  # a title or a note above the column names (a consultant's sheet)
    if len(table) <= skip or not any(str(h).strip() for h in table[skip]):
        raise Rejected(f"{path.name}: {header_row}번째 줄에 열 이름이 없습니다 "
                       "(제목 줄이 있으면 --header-row로 알려 주세요)",
                       f"{path.name}: no column names on line {header_row} (a title above them? give --header-row)")
    if len(table) - header_row > MAX_ROWS:
        raise Rejected(f"{path.name}: 행이 너무 많습니다 (최대 {MAX_ROWS:,})",
                       f"{path.name}: too many rows (at most {MAX_ROWS:,})")
    return [str(h).strip() for h in table[skip]], table[header_row:], encoding


def preview(desk: Desk, path: Path, mapping: Mapping[str, str] | None = None, *,
            skip_existing: bool = False, header_row: int = 1) -> Preview:
    """What importing `path` would add, with every problem located; writes nothing.
    `skip_existing`: a row whose firm is already in the book is left out (and said so) instead
    of refusing the file — a consultant's master list holds the clients already added."""
    if header_row < 1:
        raise Rejected("--header-row는 1 이상이어야 합니다", "--header-row must be 1 or more")
    headers, body, encoding = read_table(path, header_row)
    chosen: dict[str, str] = {}
    for h in headers:
        key = (mapping or {}).get(h) or _known(h)
        if key:
            chosen[h] = key
    for h, key in (mapping or {}).items():
        if h not in headers:
            raise Rejected(f"{path.name}: '{h}' 열이 없습니다 (있는 열: {', '.join(headers)})",
                           f"{path.name}: no column '{h}' (columns: {', '.join(headers)})")
        if key not in PROFILE_KEYS:
            raise Rejected(f"알 수 없는 프로필 키: {key}", f"unknown profile key: {key}")
    if "company.name" not in chosen.values():
        raise Rejected(f"{path.name}: 기업명 열을 찾지 못했습니다. --map '열이름=company.name'으로 알려 주세요",
                       f"{path.name}: no company name column; say which with --map 'HEADER=company.name'")
    seen_brn: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    rows = []
    for n, cells in enumerate(body, start=header_row + 1):  # the file's own line numbers
        if not any(str(c).strip() for c in cells):
            continue  # a blank line
        values = {key: str(cells[i]).strip() for i, h in enumerate(headers)
                  if (key := chosen.get(h)) and i < len(cells) and str(cells[i]).strip()}
        problems = []
        name = values.get("company.name", "")
        if not name:
            problems.append("기업명이 비어 있습니다 / the company name is empty")
        brn = values.get("company.brn", "")
        if brn:
            why = korean_ids.brn_problem(brn)
            if why is not None:
                problems.append(f"사업자등록번호 {brn}: 올바르지 않습니다 ({why}) / invalid business "
                                f"registration number ({why})")
            else:
                values["company.brn"] = korean_ids.format_brn(brn)
        value_problems = profile_value_problems({k: v for k, v in values.items() if k != "company.brn"})
        for ko, en in value_problems.values():
            problems.append(f"{ko} / {en}")
        if not value_problems and not (brn and korean_ids.brn_problem(brn)):
            for ko, en in profile_rule_problems(values).values():  # e.g. BRN digits vs 기업 형태
                problems.append(f"{ko} / {en}")
        digits = re.sub(r"\D", "", brn)
        rep = values.get("company.representative", "")
        if digits and digits in seen_brn:
            problems.append(f"{seen_brn[digits]}행과 같은 사업자등록번호 / same BRN as line {seen_brn[digits]}")
        elif name and rep and (name_key(name), rep) in seen_name:
            line = seen_name[(name_key(name), rep)]
            problems.append(f"{line}행과 같은 기업명·대표자 / same name and representative as line {line}")
        skipped = ""
        for existing, reason in desk.clients.duplicates(values) if name else ():
            what_ko, what_en = (("같은 사업자등록번호", "same BRN") if reason == "brn"
                                else ("같은 기업명·대표자", "same name and representative"))
            said = (f"이미 있는 고객사 #{existing.id} {existing.name}{particle(existing.name)} "
                    f"{what_ko} / already in the book as #{existing.id} ({what_en})")
            if skip_existing:
                skipped = skipped or said
            else:
                problems.append(said)
        if digits:
            seen_brn.setdefault(digits, n)
        if name and rep:
            seen_name.setdefault((name_key(name), rep), n)
        rows.append(Row(n, values, tuple(problems), skipped))
    return Preview(path, chosen, tuple(h for h in headers if h not in chosen), tuple(rows), encoding)


def apply(desk: Desk, plan: Preview) -> list[int]:
    """Add the previewed clients — all of them, in one transaction — or refuse (nothing written)."""
    if not plan.added and not plan.problems:
        return []  # every firm is in the book already (skip_existing): nothing to add, said so
    if not plan.rows:
        raise Rejected(f"{plan.path.name}: 가져올 행이 없습니다", f"{plan.path.name}: no rows to import")
    if plan.problems:
        raise Rejected(f"{len(plan.problems)}건의 문제로 아무것도 가져오지 않았습니다: {plan.problems[0]}",
                       f"nothing imported: {len(plan.problems)} problem(s), first {plan.problems[0]}")
    ids = []
    with transaction(desk.store.db):
        for row in plan.added:
            created = desk.clients.create(row.values)
            assert created.client_id is not None
            ids.append(created.client_id)
    return ids
