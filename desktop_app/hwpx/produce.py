"""One filled 서식 from one validation result: the bytes, the fit of every cell, the page count
and the issues they raise (for the check panel and the CLI). Writing the file is the caller's
(service/export.py), through the same gate and writer as the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.forms.model import FormDefinition, resolve_bound
from desktop_app.forms.template_model import TemplateDef
from desktop_app.hwpx.checks import template_path
from desktop_app.hwpx.errors import TemplateRefused
from desktop_app.hwpx.fill import FillOutcome, fill
from desktop_app.hwpx.fit import Fit, fits
from desktop_app.hwpx.package import read_template
from desktop_app.hwpx.template import TemplateIndex
from desktop_app.hwpx.values import Answers
from desktop_app.validation import ValidationResult
from desktop_app.validation.engine import Issue


@dataclass
class Produced:
    form: FormDefinition
    template: TemplateDef
    outcome: FillOutcome
    fits: list[Fit]
    page_limit: int | None

    @property
    def data(self) -> bytes:
        return self.outcome.data

    @property
    def overflows(self) -> list[Fit]:
        return [f for f in self.fits if f.overflows]

    @property
    def plan_pages(self) -> int:
        pages = self.outcome.pages
        return pages.plan_pages if pages else 0

    @property
    def over_page_limit(self) -> bool:
        return self.page_limit is not None and self.plan_pages > self.page_limit

    def issues(self, form: FormDefinition) -> list[Issue]:
        return layout_issues(form, self)


def pick_template(form: FormDefinition, template_id: str | None = None) -> TemplateDef:
    if not form.templates:
        raise TemplateRefused("no_template", f"{form.key}: 이 양식에는 기관 서식(HWPX)이 없습니다",
                              f"{form.key}: this form has no agency template (HWPX)")
    if template_id is None:
        return form.templates[0]
    for tpl in form.templates:
        if tpl.id == template_id:
            return tpl
    names = ", ".join(t.id for t in form.templates)
    raise TemplateRefused("no_template", f"서식 {template_id!r}이(가) 없습니다(있는 것: {names})",
                          f"no template {template_id!r} (there is: {names})")


def draft_note(errors: int) -> str:
    return f"초안(DRAFT) — 오류 {errors}건이 남아 있어 제출용이 아닙니다 / DRAFT: {errors} error(s) remain"


def produce(form: FormDefinition, result: ValidationResult, *, draft: bool, lang: str = "ko",
            template_id: str | None = None, image_file: Callable[[str], Path] = Path,
            today: dt.date | None = None) -> Produced:
    tpl = pick_template(form, template_id)
    template = read_template(template_path(form.source_file, tpl))
    note = draft_note(len(result.errors)) if draft else None
    # the agency's form is Korean whatever language the window speaks: `lang` is for messages only
    outcome = fill(template, tpl, Answers(form, result, "ko", today), draft_note=note, image_file=image_file)
    index = TemplateIndex(template)
    limit = resolve_bound(tpl.page_limit, {k: s.value for k, s in form.settings.items()})
    return Produced(form, tpl, outcome, fits(index, outcome.cells), limit)


def _section_of(form: FormDefinition, path: str) -> str | None:
    top = path.split("[", 1)[0].split(".", 1)[0]
    section = form.section_of.get(top)
    return section.id if section else None


def _label_of(form: FormDefinition, path: str) -> tuple[str, str]:
    """The question's label (a table cell: the table's and the column's), else the path."""
    top, _, rest = path.partition("[")
    field = form.fields.get(top.split(".", 1)[0])
    if field is None:
        return path, path
    ko, en = field.label.ko, field.label.en
    if rest and "]." in rest:
        row, column_id = rest.split("].", 1)
        column = field.column_map.get(column_id)
        if column is not None:
            ko, en = f"{ko} {int(row) + 1}행 {column.label.ko}", f"{en}, row {int(row) + 1}, {column.label.en}"
    return ko, en


def layout_issues(form: FormDefinition, produced: Produced) -> list[Issue]:
    """Overflowing cells and an exceeded page limit, as warnings on the fields they concern."""
    out: list[Issue] = []
    name = produced.template.file.rsplit("/", 1)[-1]
    for f in produced.overflows:
        # the question first, in the user's words; the cell's place after it (a founder could not
        # tell which answer "table 8, row 1, column 2" meant)
        label_ko, label_en = _label_of(form, f.path)
        out.append(Issue(f.path, "hwpx.overflow", "warning",
                         f"{label_ko}: 기관 서식({name})의 칸({f.cell.address_ko})은 {f.available}줄인데 답변은 "
                         f"{f.needed}줄입니다. 줄이거나, 한글에서 열어 칸이 늘어났는지 확인하세요.",
                         f"{label_en}: the agency form's cell ({name}, {f.cell.address}) has {f.available} "
                         f"line(s), the answer needs {f.needed}; shorten it, or open the file in Hancom and "
                         "check the cell grew.",
                         _section_of(form, f.path)))
    if produced.over_page_limit:
        longest = max((f for f in produced.fits if "[" not in f.path), key=lambda f: f.needed, default=None)
        path = longest.path if longest else ""
        out.append(Issue(path, "hwpx.page_limit", "warning",
                         f"사업수행계획서가 약 {produced.plan_pages}쪽으로 분량 상한 {produced.page_limit}쪽을 넘습니다"
                         + (" (가장 긴 답변으로 이동)" if path else ""),
                         f"The work plan takes about {produced.plan_pages} pages, over the {produced.page_limit}-page "
                         "limit" + (" (jumps to the longest answer)" if path else ""),
                         _section_of(form, path) if path else None))
    return out
