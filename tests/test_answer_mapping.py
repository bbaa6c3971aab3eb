"""One answer-mapping policy for upgrades, carry-forward and answers-file reuse: migrations, then
the same id, then the same profile key, then declared equivalences, then park — a place taking
an answer only when the value fits it."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from desktop_app.forms import FormDefinition, load_form, parse_form
from desktop_app.forms.mapping import Equivalence, map_answers
from desktop_app.forms.migrate import plan_upgrade
from desktop_app.service import carry
from desktop_app.service.reuse import reuse

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"


def form(ident: str, fields: str) -> FormDefinition:
    text = textwrap.dedent(f"""\
        id: {ident}
        edition: "2026"
        title: {{ko: 시험, en: Test}}
        agency: {{ko: 기관, en: Agency}}
        deadline: 2026-03-31T15:00:00+09:00
        sections:
          - id: main
            title: {{ko: 기본, en: Main}}
            fields:
        """) + textwrap.indent(textwrap.dedent(fields), " " * 6)
    return parse_form(text, f"{ident}.yaml")


CHOICES_AB = "choices: [{value: a, label: {ko: 가, en: A}}, {value: b, label: {ko: 나, en: B}}]"
CHOICES_AC = "choices: [{value: a, label: {ko: 가, en: A}}, {value: c, label: {ko: 다, en: C}}]"

SOURCE = form("source-voucher", f"""\
    - {{id: name, type: text, profile: company.name, label: {{ko: 회사, en: Company}}}}
    - {{id: company_name, type: text, label: {{ko: 회사명(표기), en: Company as written}}}}
    - {{id: ceo, type: text, profile: company.representative, label: {{ko: 대표, en: CEO}}}}
    - {{id: project_name, type: text, label: {{ko: 과제명, en: Project}}}}
    - {{id: size, type: choice, label: {{ko: 규모, en: Size}}, {CHOICES_AB}}}
    - {{id: amount, type: money, label: {{ko: 금액, en: Amount}}}}
    - {{id: employees, type: integer, label: {{ko: 직원, en: Staff}}}}
    - {{id: start, type: date, label: {{ko: 시작, en: Start}}}}
    """)
TARGET = form("target-voucher", f"""\
    - {{id: company_name, type: text, profile: company.name, label: {{ko: 회사, en: Company}}}}
    - {{id: representative, type: text, profile: company.representative, label: {{ko: 대표, en: CEO}}}}
    - {{id: project_title, type: textarea, label: {{ko: 과제명, en: Project}}}}
    - {{id: size, type: choice, label: {{ko: 규모, en: Size}}, {CHOICES_AC}}}
    - {{id: amount, type: text, label: {{ko: 금액, en: Amount}}}}
    - {{id: employees, type: money, label: {{ko: 직원, en: Staff}}}}
    - {{id: start, type: date, label: {{ko: 시작, en: Start}}}}
    """)
ANSWERS: dict[str, Any] = {
    "name": "주식회사 프로필", "company_name": "(주)표기", "ceo": "김대표", "project_name": "불량 검출",
    "size": "b", "amount": 1_000_000, "employees": 7, "start": "2026-04-01", "gone": "옛 항목",
}


def test_the_order_of_the_policy() -> None:
    plan = map_answers(ANSWERS, SOURCE, TARGET)
    v, parked = plan.values, plan.parked
    assert v["company_name"] == "(주)표기"      # same id first, for every answer …
    assert parked["name"] == "주식회사 프로필"   # … so a profile match never takes its field
    assert v["representative"] == "김대표"       # same profile key
    assert v["start"] == "2026-04-01" and v["employees"] == 7   # same id; integer into money fits
    assert parked["size"] == "b"                  # a choice the target does not offer
    assert parked["amount"] == 1_000_000          # money does not move into text
    assert parked["project_name"] == "불량 검출"  # nothing declared it equivalent (yet)
    assert parked["gone"] == "옛 항목"            # no field anywhere: parked, never dropped
    rules = {s.source: s.kind for s in plan.steps}
    assert rules["ceo"] == "profile" and rules["start"] == "keep" and rules["gone"] == "park"
    placed = [*v.values(), *parked.values()]
    assert all(value in placed for value in ANSWERS.values())  # nothing lost
    assert len(placed) == len(ANSWERS)                          # nothing doubled


def test_declared_equivalences_come_after_the_profile_key() -> None:
    equivalent = Equivalence("project_name", "project_title", source_form="source-voucher",
                             target_form="target-voucher")
    other_programme = Equivalence("project_name", "project_title", source_form="someone-else")
    assert map_answers(ANSWERS, SOURCE, TARGET, [other_programme]).parked["project_name"] == "불량 검출"
    plan = map_answers(ANSWERS, SOURCE, TARGET, [equivalent])
    assert plan.values["project_title"] == "불량 검출"  # text into textarea fits
    assert "project_name" not in plan.parked
    assert {s.source: s.kind for s in plan.steps}["project_name"] == "equivalent"


def test_carry_forward_and_reuse_follow_the_same_policy() -> None:
    mapped = map_answers(ANSWERS, SOURCE, TARGET)
    carried = carry.plan(ANSWERS, SOURCE, TARGET)
    reused = reuse(ANSWERS, SOURCE, TARGET)
    assert carried.carried == mapped.values == reused.values
    assert carried.parked == mapped.parked == reused.parked
    assert reused.by_profile == {"ceo": "representative"}


def test_parked_answers_stay_parked() -> None:
    answers = {"parked:old_fax": "02-000-0000", "start": "2026-04-01"}
    assert carry.plan(answers, SOURCE, TARGET).parked == {"old_fax": "02-000-0000"}
    assert reuse(answers, SOURCE, TARGET).parked == {"old_fax": "02-000-0000"}


def test_within_one_edition_answers_keep_their_ids_whatever_their_value() -> None:
    """Validation, not the mapping, reports a wrong value in the application's own form."""
    plan = map_answers({"size": "z", "employees": "many"}, SOURCE, SOURCE)
    assert plan.values == {"size": "z", "employees": "many"} and not plan.parked


@pytest.fixture(scope="module")
def editions() -> tuple[FormDefinition, FormDefinition]:
    return load_form(FORMS / "mig_2025.yaml"), load_form(FORMS / "mig_2026.yaml")


def test_an_upgrade_carry_and_reuse_apply_the_migrations_alike(editions: tuple) -> None:
    from test_form_migrate import OLD_ANSWERS

    old, new = editions
    upgraded = plan_upgrade(OLD_ANSWERS, old, new)
    assert upgraded.values["representative"] == "박대표"  # a migration step: rename
    assert carry.plan(OLD_ANSWERS, old, new).carried == upgraded.values
    assert reuse(OLD_ANSWERS, old, new).values == upgraded.values
    assert reuse(OLD_ANSWERS, old, new).parked == upgraded.parked
