"""`forms check` content lint (desktop_app/forms/lint.py): each lint fires on a minimally broken
copy of a clean form and stays quiet on the clean one; plus the two vocabulary additions made for
the programme catalogue (`has_number`, `deadline_time`)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.forms import parse_form
from desktop_app.forms.lint import can_be_true, is_code, lint_form
from desktop_app.validation import validate

BASE = textwrap.dedent("""\
    id: lintdemo
    edition: "2026"
    title: {ko: 점검 예시, en: Lint demo}
    agency: {ko: 기관, en: Agency}
    opens: 2026-03-02T09:00:00+09:00
    deadline: 2026-03-31T18:00:00+09:00
    settings:
      cap: {value: 1000, label: {ko: 상한, en: Cap}}
      flag: {value: false, label: {ko: 할당 여부, en: Quota in force}}
      start: {value: 2026-04-01, label: {ko: 시작 가능일, en: Earliest start}}
    sections:
      - id: main
        title: {ko: 본문, en: Main}
        fields:
          - id: kind
            type: choice
            label: {ko: 구분, en: Kind}
            choices:
              - {value: sme, label: {ko: 중소기업, en: Small firm}}
              - {value: founder, label: {ko: 예비창업자, en: Founder}}
          - id: areas
            type: multichoice
            label: {ko: 분야, en: Areas}
            choices:
              - {value: saas, label: {ko: SaaS, en: SaaS}}
              - {value: iaas, label: {ko: IaaS, en: IaaS}}
          - id: staff
            type: integer
            label: {ko: 직원 수, en: Employees}
          - id: amount
            type: money
            label: {ko: 금액, en: Amount}
          - id: begin
            type: date
            label: {ko: 시작일, en: Start}
          - id: plan
            type: textarea
            label: {ko: 계획, en: Plan}
          - id: lines
            type: table
            label: {ko: 내역, en: Lines}
            columns:
              - id: area
                type: choice
                label: {ko: 영역, en: Area}
                choices:
                  - {value: consulting, label: {ko: 컨설팅, en: Consulting}}
                  - {value: usage, label: {ko: 이용, en: Usage}}
              - {id: size, type: number, label: {ko: 용량, en: Size}}
              - id: unit
                type: choice
                label: {ko: 단위, en: Unit}
                choices:
                  - {value: gb, label: {ko: GB, en: GB}}
                  - {value: ppm, label: {ko: ppm, en: ppm}}
            rules:
              - id: big_line
                when: "area == 'usage' and size > 10"
                fields: [size]
                message: {ko: "{size}이(가) 큽니다", en: "{size} is large"}
    computed:
      - id: is_founder
        expr: "kind == 'founder'"
        type: boolean
    rules:
      - id: over_cap
        when: "amount > settings.cap"
        fields: [amount]
        message: {ko: "{amount}원이 상한 {settings.cap}원을 넘습니다", en: "{amount} won exceeds {settings.cap} won"}
      - id: early
        when: "begin < settings.start"
        fields: [begin]
        message: {ko: "마감 {deadline} {deadline_time} 전", en: "before {deadline} {deadline_time}"}
      - id: quota
        when: "settings.flag and kind == 'sme'"
        severity: info
        fields: [kind]
        message: {ko: 할당 대상, en: Quota applies}
      - id: no_numbers
        when: "not has_number(plan)"
        severity: warning
        fields: [plan]
        message: {ko: 숫자가 없습니다, en: No figures}
    attachments:
      - {id: always, label: {ko: 신청서, en: Application}, required: true}
      - {id: founders, label: {ko: 사실증명, en: Certificate of facts}, required_if: is_founder}
      - {id: staffed, label: {ko: 4대보험 명부, en: Insurance roster}, required_if: "staff > 0"}
      - {id: cloud, label: {ko: 이용 명세, en: Usage statement}, required_if: "'saas' in areas"}
      - {id: usage_rows, label: {ko: 견적서, en: Quotation}, required_if: "'usage' in lines.area"}
      - {id: late, label: {ko: 지연 사유서, en: Delay statement}, required_if: "begin > deadline"}
      - {id: optional, label: {ko: 발표자료, en: Slides}}
    """)


def lint(text: str) -> list[str]:
    return [f"{p.path}: {p.message}" for p in lint_form(parse_form(text, "lintdemo.yaml"))]


def test_base_is_clean() -> None:
    assert lint(BASE) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    # labels: blank, untranslated copy (either way round)
    ("label: {ko: 직원 수, en: Employees}", "label: {ko: 직원 수, en: ' '}",
     "sections[0].fields[2].label.en: the English label is blank"),
    ("label: {ko: 직원 수, en: Employees}", "label: {ko: Employees, en: Employees}",
     "sections[0].fields[2].label.en: the Korean and English label are identical ('Employees')"),
    ("label: {ko: 계획, en: Plan}", "label: {ko: 계획, en: 계획}",
     "sections[0].fields[5].label.en: the Korean and English label are identical"),
    ("{id: size, type: number, label: {ko: 용량, en: Size}}", "{id: size, type: number, label: {ko: 용량, en: 용량}}",
     "sections[0].fields[6].columns[1].label.en: the Korean and English label are identical"),
    ("{value: founder, label: {ko: 예비창업자, en: Founder}}", "{value: founder, label: {ko: Founder, en: Founder}}",
     "sections[0].fields[0].choices[1].label.en: the Korean and English label are identical"),
    ("title: {ko: 본문, en: Main}", "title: {ko: 본문, en: 본문}",
     "sections[0].title.en: the Korean and English title are identical"),
    ("{id: optional, label: {ko: 발표자료, en: Slides}}", "{id: optional, label: {ko: Slides, en: Slides}}",
     "attachments[6].label.en: the Korean and English label are identical"),
    # rule messages: both languages, placeholders that name something
    ("message: {ko: 할당 대상, en: Quota applies}", "message: {ko: 할당 대상, en: 할당 대상}",
     "rules[2].message.en: the Korean and English message are identical"),
    ("message: {ko: 숫자가 없습니다, en: No figures}", "message: {ko: ' ', en: No figures}",
     "rules[3].message.ko: the Korean message is blank"),
    ('en: "{amount} won exceeds {settings.cap} won"', 'en: "{amont} won exceeds {settings.cap} won"',
     "rules[0].message.en: placeholder {amont} names no field"),
    ('en: "{amount} won exceeds {settings.cap} won"', 'en: "{amount} won exceeds {settings.cup} won"',
     "rules[0].message.en: placeholder {settings.cup} names an unknown setting"),
    ('message: {ko: "{size}이(가) 큽니다", en: "{size} is large"}',
     'message: {ko: "{sise}이(가) 큽니다", en: "{size} is large"}',
     "sections[0].fields[6].rules[0].message.ko: placeholder {sise} names no field"),
    # settings nobody uses
    ("  start: {value: 2026-04-01", "  unused: {value: 3, label: {ko: 미사용, en: Unused}}\n"
     "  start: {value: 2026-04-01", "settings.unused: setting is never used"),
    # choice values that do not exist make a condition dead
    ("when: \"settings.flag and kind == 'sme'\"", "when: \"settings.flag and kind == 'smes'\"",
     "rules[2].when: 'kind' is compared with 'smes', which is not one of its choices (sme, founder)"),
    ("expr: \"kind == 'founder'\"", "expr: \"kind in ['founder', 'startup']\"",
     "computed[0].expr: 'kind' is compared with 'startup'"),
    ("when: \"area == 'usage' and size > 10\"", "when: \"area == 'use' and size > 10\"",
     "sections[0].fields[6].rules[0].when: 'area' is compared with 'use'"),
    ("required_if: \"'saas' in areas\"", "required_if: \"'SaaS' in areas\"",
     "attachments[3].required_if: 'areas' is compared with 'SaaS'"),
    ("required_if: \"'usage' in lines.area\"", "required_if: \"'usages' in lines.area\"",
     "attachments[4].required_if: 'area' is compared with 'usages'"),
    # attachments that can never be required
    ("required_if: \"staff > 0\"", "required_if: \"staff > 0 and staff < 0\"",
     "attachments[2].required_if: attachment 'staffed' can never be required"),
    ("required_if: \"staff > 0\"", "required_if: \"settings.flag\"",
     "attachments[2].required_if: attachment 'staffed' can never be required"),
    ("required_if: \"staff > 0\"", "required_if: \"False\"",
     "attachments[2].required_if: attachment 'staffed' can never be required"),
    ("required_if: \"staff > 0\"", "required_if: \"is_founder and kind == 'sme'\"",
     "attachments[2].required_if: attachment 'staffed' can never be required"),
    ("required_if: \"begin > deadline\"", "required_if: \"begin > deadline and begin < opens\"",
     "attachments[5].required_if: attachment 'late' can never be required"),
    ("{id: always, label: {ko: 신청서, en: Application}, required: true}",
     "{id: always, label: {ko: 신청서, en: Application}, required: true, required_if: is_founder}",
     "attachments[0].required_if: attachment 'always' is always required"),
])
def test_each_lint_fires(old: str, new: str, expected: str) -> None:
    assert old in BASE
    found = lint(BASE.replace(old, new, 1))
    assert any(expected in line for line in found), found


def test_lint_problems_are_located_in_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("label: {ko: 직원 수, en: Employees}", "label: {ko: 직원 수, en: 직원 수}"),
                   encoding="utf-8")
    code = main(["forms", "check", str(bad)])
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(BASE.splitlines(), 1) if "en: Employees" in text)
    assert code == 1
    assert f"{bad}:{line}: sections[0].fields[2].label.en: the Korean and English label are identical" in out


def test_unknown_names_in_required_if_stop_the_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace('required_if: "staff > 0"', 'required_if: "staf > 0"'), encoding="utf-8")
    assert main(["forms", "check", str(bad)]) == 1
    assert "attachments[2].required_if: unknown name 'staf'" in capsys.readouterr().out


@pytest.mark.parametrize(("text", "code"), [
    ("GB", True), ("SaaS", True), ("IaaS / PaaS", True), ("ppm", True), ("%", True), ("mAP@0.5", True),
    ("KPI", True), ("Demo", False), ("Seoul", False), ("서울", False), ("Plan A", False),
])
def test_is_code(text: str, code: bool) -> None:
    assert is_code(text) is code


def test_search_gives_up_rather_than_guess() -> None:
    form = parse_form(BASE, "lintdemo.yaml")
    assert can_be_true(form, "staff > 0") is True
    assert can_be_true(form, "staff > 0 and staff < 0") is False
    many = " and ".join(["staff > 0", "amount > 5", "begin > deadline", "kind == 'sme'", "lines.size",
                         "'saas' in areas", "plan == 'y'"])
    assert can_be_true(form, many) is None


# ------------------------------------------------------------------ vocabulary: has_number, deadline_time

@pytest.mark.parametrize(("plan", "fires"), [
    ("라벨 40,000장을 10월까지 구축", False),
    ("We will label a great many images soon", True),
    ("", False),  # unanswered: unknown, the rule does not fire
])
def test_has_number_warns_on_plans_without_figures(plan: str, fires: bool) -> None:
    form = parse_form(BASE, "lintdemo.yaml")
    answers = {"plan": plan} if plan else {}
    result = validate(form, answers, today=dt.date(2026, 3, 10))
    assert ("no_numbers" in {i.code for i in result.issues}) is fires


def test_deadline_time_is_the_korean_time_of_day() -> None:
    form = parse_form(BASE, "lintdemo.yaml")
    assert form.edition_values()["deadline_time"] == "18:00"
    result = validate(form, {"begin": "2026-03-20"}, today=dt.date(2026, 3, 10))
    issue = next(i for i in result.issues if i.code == "early")
    assert issue.message_en == "before 2026-03-31 18:00"
    utc = parse_form(BASE.replace("2026-03-31T18:00:00+09:00", "2026-03-31T06:00:00+00:00"), "x.yaml")
    assert utc.edition_values()["deadline_time"] == "15:00"


def test_search_reaches_ages_through_computed_values() -> None:
    """`age_on(birth, notice) <= 39` style conditions: dates shifted by the numbers they mention."""
    assert "\ncomputed:\n" in BASE
    text = BASE.replace("\ncomputed:\n", "\ncomputed:\n  - id: age\n    expr: \"age_on(begin, settings.start)\"\n"
                        "    type: integer\n", 1)
    form = parse_form(text, "lintdemo.yaml")
    assert can_be_true(form, "19 <= age <= 39") is True
    assert can_be_true(form, "age > 39 and age < 19") is False


def test_every_shipped_attachment_condition_is_proved_reachable() -> None:
    """Lint does not merely stay silent on the shipped forms: it finds answers that need each document."""
    from desktop_app.forms import load_shipped

    for form in load_shipped():
        for a in form.attachments:
            if a.required_if:
                assert can_be_true(form, a.required_if) is True, (form.key, a.id)
