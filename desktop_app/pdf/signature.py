"""The closing part of an agency form: consents and pledges with the applicant's answers, then
the declaration, the signing date, the applicant and representative with the seal over (인),
and the addressee ("… 귀하"), as on the HWP forms.

Which section this is, the form declares (`role: signature`; the loader checks it has an image
field, the seal or signature). Its yes/no fields are the consents (their help text is the
wording the applicant agreed to), its first date field is the signing date; the names come from
the fields bound to the profile keys company.name and company.representative.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop_app.forms.model import FieldDef
from desktop_app.pdf import proof
from desktop_app.pdf import styles as st
from desktop_app.pdf.blocks import Context, _header_style, _inner, _register
from desktop_app.pdf.cells import lines, para, resolve
from desktop_app.pdf.formatting import format_value, is_blank
from desktop_app.pdf.linetable import LineTable
from desktop_app.pdf.texts import t

SEAL_SIZE = 20 * mm


def consent_block(ctx: Context, consents: Sequence[FieldDef], section: str) -> list[Flowable]:
    if not consents:
        return []
    s, lang = ctx.styles, ctx.lang
    widths = [0.70 * st.CONTENT_WIDTH, 0.30 * st.CONTENT_WIDTH]
    header = [[para(t("consents", lang), s.header), para(t("answer", lang), s.header)]]
    table = LineTable(widths, s.fonts, header=header,
                      header_style=_header_style(ctx, 1, spanning_label=False),
                      continued_header=header)
    for f in consents:
        label = f.label.get(lang)
        text = format_value(f, ctx.result.values.get(f.id), lang)
        _register(f.id, section, label, text)
        statement = lines(label, s.label, _inner(widths[0]))
        if f.help is not None:
            statement += lines(f.help.get(lang), s.small, _inner(widths[0]))
        table.add([statement, proof.marked(lines(text, s.value, _inner(widths[1])), f.id)])
    return [table.build(), Spacer(1, 4 * mm)]


def signature_block(ctx: Context, fields: Sequence[FieldDef], sign_date: FieldDef | None,
                    section: str) -> list[Flowable]:
    s, lang, form, values = ctx.styles, ctx.lang, ctx.form, ctx.result.values
    centred = ParagraphStyle("vd-centred", parent=s.value, alignment=TA_CENTER)
    date_style = ParagraphStyle("vd-sign-date", parent=s.label, fontSize=11, leading=16,
                                alignment=TA_CENTER)
    # broken by the Korean rules of linebreak.py (never inside a word: not "사실 / 임을")
    declaration = lines(t("declaration", lang, title=form.title.get(lang)), centred, st.CONTENT_WIDTH - 4 * mm)
    out: list[Flowable] = [Spacer(1, 4 * mm), *declaration, Spacer(1, 5 * mm)]
    if sign_date is not None and not is_blank(values.get(sign_date.id)):
        text = format_value(sign_date, values.get(sign_date.id), lang)
        _register(sign_date.id, section, sign_date.label.get(lang), text)
        out += proof.marked([para(text, date_style)], sign_date.id)
    else:
        if sign_date is not None:
            _register(sign_date.id, section, sign_date.label.get(lang), "")
        out.append(para(t("blank_date", lang), date_style))
    out.append(Spacer(1, 6 * mm))

    company = _by_profile(ctx, "company.name")
    representative = _by_profile(ctx, "company.representative")
    seal_field = next(f for f in fields if f.kind.holds_file)  # the loader ensures there is one
    seal_value = values.get(seal_field.id)
    seal_name = "" if is_blank(seal_value) else str(seal_value)
    _register(seal_field.id, section, seal_field.label.get(lang), PurePath(seal_name).name)
    seal = Seal(ctx, seal_name, t("seal_mark", lang))
    rows: list[list[Any]] = [
        [para(t("sign_company", lang), s.label), para(company, s.value), ""],
        [para(t("sign_rep", lang), s.label), para(representative, s.value),
         proof.marked([seal], seal_field.id)[0]],
    ]
    table = Table(rows, colWidths=[28 * mm, 62 * mm, 30 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.fonts.regular, st.BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    block: list[Flowable] = [table]
    if seal_name and not seal.found:
        block.append(para(t("image_missing", lang, name=PurePath(seal_name).name), s.small))
    block += [Spacer(1, 8 * mm),
              para(t("addressee", lang, agency=form.agency.get(lang)), s.heading)]
    return [KeepTogether(out + block)]


def _by_profile(ctx: Context, key: str) -> str:
    for f in ctx.form.fields.values():
        if f.profile == key and f.id not in ctx.result.hidden_fields:
            return format_value(f, ctx.result.values.get(f.id), ctx.lang)
    return ""


class Seal(Flowable):  # type: ignore[misc]
    """"(인)" with the seal or signature image stamped over it, as on a signed paper form."""

    def __init__(self, ctx: Context, name: str, mark: str) -> None:
        super().__init__()
        self.fonts = ctx.styles.fonts
        self.mark = mark
        self.width, self.height = 30 * mm, SEAL_SIZE
        self.path = resolve(name, ctx.base_dir) if name else None
        self.size: tuple[float, float] | None = None
        if self.path is not None and self.path.is_file():
            try:
                from reportlab.lib.utils import ImageReader

                w, h = ImageReader(str(self.path)).getSize()
                scale = min(SEAL_SIZE / w, SEAL_SIZE / h)
                self.size = (w * scale, h * scale)
            except Exception:  # unreadable: shown as missing
                self.size = None

    @property
    def found(self) -> bool:
        return self.size is not None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.fonts.regular, st.BODY_SIZE)
        canv.drawString(2, self.height / 2 - 3, self.mark)
        if self.size is not None and self.path is not None:
            w, h = self.size
            canv.drawImage(str(self.path), 2 + 7 - w / 2 + 4, (self.height - h) / 2, w, h,
                           mask="auto")
