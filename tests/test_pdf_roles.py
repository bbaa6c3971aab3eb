"""PDF roles are declared in the form, never inferred: `role: signature` makes a section the
closing block, `chart: {amount, group, sources}` draws the budget chart of a table, and the
"by source" bar shows the sources the form names, as they were answered."""

from __future__ import annotations

import io
from pathlib import Path

from test_pdf_render import FORM_FILE, ROOT, check, load_sample, pages_text, render, squash

from desktop_app.forms import parse_form
from desktop_app.pdf import render_pdf
from desktop_app.validation import validate

CLOUD_SME = ROOT / "tests" / "fixtures" / "answers" / "cloud-voucher-2021-sme.json"


def _flat(pdf: bytes) -> str:
    return squash("".join(pages_text(pdf)))


def test_split_shows_the_shares_asked_for_not_the_cap_and_minimum() -> None:
    """The bug of the cloud voucher: the chart printed the largest possible government share
    and the minimum own share (computed values that happened to add up) instead of the
    amounts the applicant asked for in the budget on the page before."""
    form, _, answers = load_sample(CLOUD_SME)
    asked = {**answers.answers, "gov_share": 12_000_000, "self_share": 9_000_000}
    result = validate(form, asked, today=form.deadline.date())
    assert result.computed["max_gov_share"] == 15_500_000  # the cap still differs from the ask
    out = io.BytesIO()
    render_pdf(form, result, out, include_attachments=False)
    flat = _flat(out.getvalue())
    assert squash("정부지원금 12,000,000원 (57.1%)") in flat
    assert squash("자부담금 9,000,000원 (42.9%)") in flat
    assert squash("정부지원 가능액 15,500,000원 (") not in flat
    assert squash("최소 자부담금 5,500,000원 (") not in flat


def test_no_split_while_a_named_source_is_unanswered() -> None:
    form, _, answers = load_sample(CLOUD_SME)
    partial = {k: v for k, v in answers.answers.items() if k != "self_share"}
    result = validate(form, partial, today=form.deadline.date())
    out = io.BytesIO()
    render_pdf(form, result, out, include_attachments=False)
    flat = _flat(out.getvalue())
    assert squash("사업비 구성") in flat  # the items are still charted
    assert squash("재원별") not in flat   # but no split of half the sources


def _without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "", 1)


def test_an_undeclared_table_gets_no_chart_and_an_image_section_is_no_signature(
        tmp_path: Path) -> None:
    from test_pdf_render import COMPLETE

    declared = parse_form(FORM_FILE.read_text(encoding="utf-8"), str(FORM_FILE))
    text = FORM_FILE.read_text(encoding="utf-8")
    text = _without(text, "        chart: {amount: amount, group: category, sources: [gov_share, private_share]}\n")
    text = _without(text, "    role: signature\n")
    plain = parse_form(text, str(FORM_FILE))

    with_roles = _flat(render(declared, check(declared, COMPLETE))[0])
    assert squash("사업비 구성") in with_roles
    assert squash("정부지원금") in with_roles
    assert squash("귀하") in with_roles  # the closing block with the addressee

    without = _flat(render(plain, check(plain, COMPLETE))[0])
    assert squash("사업비 구성") not in without
    assert squash("귀하") not in without
    assert squash("대표자 직인") in without  # the seal is an ordinary answer row now
