"""The proof report as a PDF, in the look and fonts of the submission."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.pdf import styles as st
from desktop_app.pdf.cells import lines, para
from desktop_app.pdf.fonts import register_fonts
from desktop_app.pdf.linetable import LineTable
from desktop_app.pdf.proof import Proof, _excerpt
from desktop_app.pdf.styles import make_styles
from desktop_app.pdf.texts import t


def render_proof(proof: Proof) -> bytes:
    import datetime as dt

    from reportlab.platypus.flowables import Flowable

    from desktop_app.pdf.page import Metadata, PageDecor, SubmissionDoc, canvas_class

    fonts = register_fonts()
    s = make_styles(fonts)
    lang = proof.lang
    w = st.CONTENT_WIDTH
    story: list[Flowable] = [para(t("proof_title", lang), s.title),
                             para(f"{proof.title} ({proof.form})", s.subtitle)]
    facts = LineTable([0.3 * w, 0.7 * w], fonts, label_column=True)
    for key, value in (("app_id", proof.app_id or "-"), ("proof_hash", proof.content_hash),
                       ("proof_pages", str(proof.pages)),
                       ("proof_state", t("proof_draft" if proof.draft else "proof_final", lang))):
        facts.add([[para(t(key, lang), s.label)], [para(value, s.value)]])
    story += [facts.build(), Spacer(1, 4 * mm)]

    def table(title: str, headers: list[str], widths: list[float],
              rows: list[list[str]]) -> None:
        header = [[para(h, s.header) for h in headers]]
        lt = LineTable(widths, fonts, header=header, continued_header=[
            [para(f"{headers[0]} {t('cont', lang)}", s.header), *[para(h, s.header)
                                                                  for h in headers[1:]]]],
            header_style=[("BACKGROUND", (0, 0), (-1, 0), st.HEADER_FILL),
                          ("LINEBELOW", (0, 0), (-1, 0), st.OUTER_WIDTH, st.GRID),
                          ("LINEAFTER", (0, 0), (-2, 0), st.GRID_WIDTH, st.GRID)])
        for row in rows:
            lt.add([lines(c, s.cell, wd - 2 * st.CELL_PAD) for c, wd in zip(row, widths,
                                                                             strict=True)])
        story.extend([para(title, s.heading), lt.build()])

    table(t("proof_answers", lang), [t(k, lang) for k in
                                     ("proof_section", "proof_item", "proof_answer", "proof_page")],
          [0.2 * w, 0.25 * w, 0.45 * w, 0.1 * w],
          [[a.section, a.label, _excerpt(a.value), a.page_text] for a in proof.answers])
    table(t("proof_fonts", lang), [t(k, lang) for k in
                                   ("proof_font", "proof_font_type", "proof_embedded",
                                    "proof_source")],
          [0.25 * w, 0.15 * w, 0.1 * w, 0.5 * w],
          [[f.name, f.subtype, t("yes" if f.embedded else "no", lang), f.source]
           for f in proof.fonts])
    table(t("proof_notes", lang), [t(k, lang) for k in ("proof_item", "proof_state",
                                                        "proof_answer")],
          [0.3 * w, 0.15 * w, 0.55 * w],
          [[n.where, t("note_" + n.kind, lang), n.detail] for n in proof.notes]
          or [["-", "-", t("proof_no_notes", lang)]])

    title = f"{t('proof_title', lang)} · {proof.title}"
    decor = PageDecor(fonts, lang, title, "", proof.app_id, proof.content_hash, False)
    stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    meta = Metadata(title=title, author="", subject=proof.form, keywords=proof.content_hash,
                    created=stamp, lang="en" if lang == "en" else "ko-KR")
    out = io.BytesIO()
    doc = SubmissionDoc(out, meta, fonts)
    doc.build(story, canvasmaker=canvas_class(decor, meta))
    return out.getvalue()
