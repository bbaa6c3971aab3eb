"""Vocabulary that lets a programme be data only (issue 17), documented in forms/README.md:

- band tables (`value: {rule: up_to|below, steps: [...]}`) looked up with `band(settings.NAME, x)`;
- text and number functions for rules on codes: `startswith`, `endswith`, `number`, `text`, `digits`;
- comparing values of different kinds (a setting written 10 against a text code) is a load-time
  `file:line` error, because such a rule would never fire;
- `internal: true` computed values: never printed, no label needed;
- `precheck:` — the catalogue's eligibility questions, of any field kind.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import pytest
from pypdf import PdfReader

from desktop_app.forms import FormDefinition, FormDefinitionError, parse_form
from desktop_app.forms.lint import lint_form
from desktop_app.pdf import render_pdf
from desktop_app.service.eligibility import precheck_problems, precheck_rules
from desktop_app.validation import validate

BASE = textwrap.dedent("""\
    id: demo
    edition: "2026"
    title: {ko: 데모, en: Demo}
    agency: {ko: 기관, en: Agency}
    deadline: 2026-03-31T15:00:00+09:00
    settings:
      own_share:
        label: {ko: 자부담 비율, en: Own share}
        value:
          rule: up_to
          steps:
            - {to: 1000000000, value: 10}
            - {to: 5000000000, value: 20}
            - {value: 30}
      revenue_ceiling: {value: 15000000000, label: {ko: 매출 상한, en: Revenue ceiling}}
      manufacturing: {value: [C], label: {ko: 제조업 코드, en: Manufacturing codes}}
    precheck: [ksic_code, revenue, tax_arrears]
    sections:
      - id: main
        title: {ko: 본문, en: Main}
        fields:
          - id: ksic_code
            type: text
            label: {ko: 업종 코드, en: Industry code}
          - id: revenue
            type: money
            label: {ko: 매출액, en: Revenue}
          - id: tax_arrears
            type: boolean
            label: {ko: 체납, en: Arrears}
          - id: name
            type: text
            label: {ko: 이름, en: Name}
    computed:
      - id: share_percent
        expr: "band(settings.own_share, revenue)"
        type: percent
        label: {ko: 자부담 비율, en: Own share}
      - id: is_manufacturer
        expr: "startswith(ksic_code, settings.manufacturing)"
        type: boolean
        internal: true
    rules:
      - id: not_manufacturing
        when: "not is_manufacturer"
        fields: [ksic_code]
        message: {ko: 제조업만 신청, en: Manufacturing only}
      - id: revenue_too_high
        when: "revenue > settings.revenue_ceiling"
        fields: [revenue]
        message: {ko: 매출 상한 초과, en: Over the revenue ceiling}
      - id: arrears
        when: "tax_arrears"
        fields: [tax_arrears]
        message: {ko: 체납, en: Arrears}
      - id: nameless
        when: "name == '무명'"
        fields: [name]
        message: {ko: 이름, en: Name}
    """)
TODAY = dt.date(2026, 3, 10)


def problems(text: str) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        parse_form(text, "demo.yaml")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("revenue", "share"), [
    (0, 10), (1_000_000_000, 10), (1_000_000_001, 20), (5_000_000_000, 20), (5_000_000_001, 30),
])
def test_band_boundary_up_to_is_inclusive(revenue: int, share: int) -> None:
    form = parse_form(BASE, "demo.yaml")
    assert validate(form, {"revenue": revenue}, today=TODAY).computed["share_percent"] == share


def test_band_boundary_below_is_exclusive() -> None:
    form = parse_form(BASE.replace("rule: up_to", "rule: below"), "demo.yaml")
    assert validate(form, {"revenue": 1_000_000_000}, today=TODAY).computed["share_percent"] == 20
    assert validate(form, {}, today=TODAY).computed["share_percent"] is None


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("- {to: 5000000000, value: 20}", "- {to: 500, value: 20}", "band thresholds must rise"),
    ("- {value: 30}", "- {to: 9000000000, value: 30}", "the last band has no 'to'"),
    ("rule: up_to", "rule: around", "demo.yaml:"),
    ("band(settings.own_share, revenue)", "band(settings.revenue_ceiling, revenue)",
     "demo.yaml:36: computed[0].expr: band() takes a band table setting"),
])
def test_bad_band_tables_are_located(old: str, new: str, expected: str) -> None:
    assert BASE.count(old) == 1
    found = problems(BASE.replace(old, new))
    assert any(expected in p for p in found), found


def test_a_setting_of_another_kind_is_a_located_error() -> None:
    """The reported case: a setting written 10 compared with a text answer never fires."""
    compared = BASE.replace("when: \"revenue > settings.revenue_ceiling\"",
                            "when: \"ksic_code == settings.revenue_ceiling\"")
    found = problems(compared)
    assert any(p.startswith("demo.yaml:49: rules[1].when:") and "(text) is compared with" in p and "(number)" in p
               for p in found), found
    looked_up = BASE.replace("when: \"name == '무명'\"", "when: \"name in [1, 2]\"")
    found = problems(looked_up)
    assert any(p.startswith("demo.yaml:57: rules[3].when:") and "holds number values" in p for p in found), found
    in_setting = BASE.replace("when: \"name == '무명'\"", "when: \"name in settings.manufacturing\"").replace(
        "manufacturing: {value: [C],", "manufacturing: {value: [10],")
    found = problems(in_setting)
    assert any(p.startswith("demo.yaml:57: rules[3].when: 'name' (text) is looked up among 'settings.manufacturing'")
               for p in found), found


@pytest.mark.parametrize(("source", "answers", "value"), [
    ("startswith(ksic_code, 'C')", {"ksic_code": "c10"}, True),
    ("startswith(ksic_code, ['C', 'J'])", {"ksic_code": "J62"}, True),
    ("startswith(ksic_code, 'C')", {"ksic_code": "G47"}, False),
    ("startswith(ksic_code, 'C')", {}, None),
    ("endswith(ksic_code, '10')", {"ksic_code": "C10"}, True),
    ("number(name)", {"name": "1,200"}, 1200),
    ("number(name)", {"name": "12.5"}, 12.5),
    ("number(name)", {"name": "약 12"}, None),
    ("text(revenue)", {"revenue": 35}, "35"),
    ("digits(name)", {"name": "124-81-00998"}, "1248100998"),
    ("ksic_code[1:3]", {"ksic_code": "C102"}, "10"),
])
def test_text_and_number_functions(source: str, answers: dict[str, object], value: object) -> None:
    old = 'expr: "startswith(ksic_code, settings.manufacturing)"\n    type: boolean'
    assert BASE.count(old) == 1
    text = BASE.replace(old, f'expr: "{source}"\n    type: text')
    form = parse_form(text, "demo.yaml")
    assert validate(form, answers, today=TODAY).computed["is_manufacturer"] == value


def _pdf_text(form: FormDefinition, answers: dict[str, object]) -> str:
    out = io.BytesIO()
    render_pdf(form, validate(form, answers, today=TODAY), out, lang="en")
    return "".join(page.extract_text() for page in PdfReader(out).pages)


def test_internal_computed_values_are_not_printed_and_need_no_label() -> None:
    form = parse_form(BASE, "demo.yaml")
    assert not [p for p in lint_form(form) if "is_manufacturer" in str(p)]
    answers: dict[str, object] = {"ksic_code": "C10", "revenue": 2_000_000_000, "tax_arrears": False, "name": "가"}
    assert "Own share" in _pdf_text(form, answers)  # a labelled share is printed …
    hidden = parse_form(BASE.replace("type: percent\n    label: {ko: 자부담 비율, en: Own share}",
                                     "type: percent\n    internal: true\n    label: {ko: 자부담 비율, en: Own share}"),
                        "demo.yaml")
    assert hidden.computed_map["share_percent"].internal
    assert "Own share" not in _pdf_text(hidden, answers)  # … unless it is internal
    spare = '  - id: spare\n    expr: "revenue * 2"\n    type: money\n'
    with_spare = BASE.replace("rules:\n", spare + "    internal: true\nrules:\n", 1)
    assert not [p for p in lint_form(parse_form(with_spare, "demo.yaml")) if "spare" in str(p)]
    without = BASE.replace("rules:\n", spare + "rules:\n", 1)
    assert any("'spare' is neither used nor shown" in str(p) for p in lint_form(parse_form(without, "demo.yaml")))


def test_precheck_asks_any_kind_and_judges_every_rule_on_those_answers() -> None:
    form = parse_form(BASE, "demo.yaml")
    rules, fields = precheck_rules(form)
    assert [f.id for f in fields] == ["ksic_code", "revenue", "tax_arrears"]
    assert sorted(r.id for r in rules) == ["arrears", "not_manufacturing", "revenue_too_high"]
    assert precheck_problems(form, {"ksic_code": "G47", "revenue": 1, "tax_arrears": False}) == ["제조업만 신청"]
    assert precheck_problems(form, {"ksic_code": "C10", "revenue": 16_000_000_000}, "en") == [
        "Over the revenue ceiling"]
    assert precheck_problems(form, {"ksic_code": "C10", "revenue": 1, "tax_arrears": False}) == []


def test_precheck_names_only_askable_fields() -> None:
    found = problems(BASE.replace("precheck: [ksic_code, revenue, tax_arrears]", "precheck: [ksic, revenue]"))
    assert any(p.startswith("demo.yaml:17: precheck[0]: precheck names unknown field 'ksic'") for p in found), found
