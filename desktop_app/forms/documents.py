"""The kinds of a client's own documents (사업자등록증명원, 납세증명서, 중소기업확인서 …) and how
long each stays good: forms/shared/documents.yaml, data like the forms.

A consultant keeps such a document once per client with its issue date; every application of
that client uses it for the attachment item its form declares it satisfies (`document:` on
the item, checked by the loader against this catalogue). Validation flags it when it is older
than the kind allows or past its validity day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop_app.errors import Refused
from desktop_app.forms import datafile
from desktop_app.forms.model import Text

FILE = Path("shared") / "documents.yaml"
ACCEPTED = ("pdf", "jpg", "jpeg", "png")


class UnknownDocumentKind(Refused):
    """A document kind the catalogue does not have; the message lists those it has."""


@dataclass(frozen=True)
class DocumentKind:
    id: str
    label: Text
    max_age_months: int | None = None
    max_age_days: int | None = None
    valid_until: str | None = None  # "MM-DD": good up to the first such day on or after issue
    lasting: bool = False           # no age limit (e.g. a past year's financial statements)
    accept: tuple[str, ...] = ("pdf",)
    source: str = ""

    def expires(self, issued: dt.date) -> dt.date | None:
        """The last day the document is good for; None when it does not age."""
        if self.max_age_days is not None:
            return issued + dt.timedelta(days=self.max_age_days)
        if self.max_age_months is not None:
            return add_months(issued, self.max_age_months)
        if self.valid_until is not None:
            month, day = int(self.valid_until[:2]), int(self.valid_until[3:])
            for year in (issued.year, issued.year + 1):
                last = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
                if last >= issued:
                    return last
        return None

    def rule_text(self) -> Text:
        """The rule as the user reads it ("발급 후 3개월", "3월 31일까지")."""
        if self.max_age_days is not None:
            days = self.max_age_days
            return Text(ko=f"발급 후 {days}일", en=f"{days} day{'' if days == 1 else 's'} from issue")
        if self.max_age_months is not None:
            months = self.max_age_months
            return Text(ko=f"발급 후 {months}개월", en=f"{months} month{'' if months == 1 else 's'} from issue")
        if self.valid_until is not None:
            month, day = int(self.valid_until[:2]), int(self.valid_until[3:])
            return Text(ko=f"발급 후 처음 오는 {month}월 {day}일까지",
                        en=f"until the first {dt.date(2024, month, day):%d %B} after issue")
        return Text(ko="기한 없음", en="does not expire")


@dataclass(frozen=True)
class Catalogue:
    kinds: dict[str, DocumentKind]
    expiring_days: int  # a document that expires within this many days is a warning already
    file: str = ""

    def get(self, kind: str) -> DocumentKind:
        found = self.kinds.get(kind)
        if found is None:
            raise UnknownDocumentKind(f"서류 종류 '{kind}'이(가) 없습니다 (가능: {', '.join(self.kinds)})",
                           f"no document kind {kind!r} (known: {', '.join(self.kinds)})")
        return found


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_RULES = ("max_age_months", "max_age_days", "valid_until", "lasting")


def parse(path: Path) -> Catalogue:
    """Read and check the catalogue strictly (every problem located, all raised together)."""
    src, r = datafile.read(path)
    top = r.mapping(src.data, (), {"documents": lambda v: isinstance(v, list) and bool(v)},
                    {"expiring_days": datafile.is_positive_int}, "the file")
    kinds: dict[str, DocumentKind] = {}
    for k, item in enumerate(top.get("documents") or [] if top else []):
        where = ("documents", k)
        entry = r.mapping(item, where, {"id": datafile.is_str, "label": datafile.is_text},
                          {"max_age_months": datafile.is_positive_int,
                           "max_age_days": datafile.is_positive_int,
                           "valid_until": datafile.is_month_day,
                           "lasting": lambda v: v is True,
                           "accept": lambda v: datafile.is_str_list(v) and set(v) <= set(ACCEPTED),
                           "source": datafile.is_str}, "a document kind")
        if entry is None or not datafile.is_str(entry.get("id")) or not datafile.is_text(entry.get("label")):
            continue
        rules = [key for key in _RULES if key in entry]
        if len(rules) != 1:
            r.problem(where, "give exactly one of " + ", ".join(_RULES)
                      + (f" (found {', '.join(rules)})" if rules else ""))
        ident = str(entry["id"])
        if not ident.isidentifier() or not ident.islower():
            r.problem((*where, "id"), f"{ident!r}: an id is lower_snake_case")
        if ident in kinds:
            r.problem((*where, "id"), f"duplicate document kind {ident!r}")
        kinds[ident] = DocumentKind(
            ident, Text(ko=entry["label"]["ko"], en=entry["label"]["en"]),
            max_age_months=entry.get("max_age_months"), max_age_days=entry.get("max_age_days"),
            valid_until=entry.get("valid_until"), lasting=bool(entry.get("lasting")),
            accept=tuple(entry.get("accept") or ("pdf",)), source=str(entry.get("source") or ""))
    r.raise_if_any()
    expiring = top.get("expiring_days", 14) if top else 14
    return Catalogue(kinds, int(expiring), str(path))


def catalogue_file(forms_dir: Path | None = None) -> Path:
    from desktop_app import paths

    return (forms_dir or paths.forms_dir()) / FILE


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue (read once per process)."""
    return parse(catalogue_file())
