"""Malformed definitions: every problem reported at once, each as `file:line: key.path: message`."""

from __future__ import annotations

import textwrap

import pytest

from desktop_app.forms import FormDefinitionError, parse_form

BASE = textwrap.dedent("""\
    id: demo
    edition: "2026"
    title: {ko: 데모, en: Demo}
    agency: {ko: 기관, en: Agency}
    deadline: 2026-03-31T15:00:00+09:00
    settings:
      cap: {value: 1000, label: {ko: 한도, en: Cap}}
    sections:
      - id: company
        title: {ko: 회사, en: Company}
        fields:
          - id: name
            type: text
            label: {ko: 이름, en: Name}
            required: true
          - id: kind
            type: choice
            label: {ko: 구분, en: Kind}
            choices:
              - {value: a, label: {ko: 가, en: A}}
              - {value: b, label: {ko: 나, en: B}}
          - id: budget
            type: table
            label: {ko: 예산, en: Budget}
            columns:
              - {id: qty, type: integer, label: {ko: 수량, en: Qty}}
              - {id: price, type: money, label: {ko: 단가, en: Price}}
    computed:
      - {id: total, expr: "sum(budget.price)", type: money}
    rules:
      - id: over_cap
        when: "total > settings.cap"
        fields: [budget]
        message: {ko: 한도 초과, en: Over the cap}
    """)


def problems(text: str) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        parse_form(text, "demo.yaml")
    return [str(p) for p in info.value.problems]


def test_base_is_valid() -> None:
    form = parse_form(BASE, "demo.yaml")
    assert form.key == "demo@2026"
    assert form.fields["budget"].column_map["qty"].type == "integer"

_BUDGET_LABEL = "        label: {ko: 예산, en: Budget}"

CASES = [
    # (description, old, new, expected located message)
    ("unknown top-level key", "agency:", "agencyy: x\nagency:", "demo.yaml:4: agencyy: unknown key"),
    ("unknown field key", "        required: true", "        required: true\n        colour: red",
     "demo.yaml:16: sections[0].fields[0].colour: unknown key"),
    ("missing title", "title: {ko: 데모, en: Demo}\n", "", "demo.yaml:1: title: required key is missing"),
    ("label without English", "label: {ko: 이름, en: Name}", "label: {ko: 이름}",
     "demo.yaml:14: sections[0].fields[0].label.en: required key is missing"),
    ("unknown field type", "type: text", "type: txt", "demo.yaml:13: sections[0].fields[0].type: Input should be"),
    ("bad id", "- id: name", "- id: Name", "demo.yaml:12: sections[0].fields[0].id: String should match"),
    ("duplicate field id", "- id: kind", "- id: name",
     "demo.yaml:16: sections[0].fields[1].id: duplicate field or computed id 'name'"),
    ("duplicate YAML key", "edition: \"2026\"", "edition: \"2026\"\nedition: \"2027\"",
     "demo.yaml:3: edition: duplicate key (first on line 2)"),
    ("deadline without zone", "2026-03-31T15:00:00+09:00", "2026-03-31T15:00:00",
     "demo.yaml:5: deadline: Value error, deadline needs a time zone"),
    ("broken YAML", "    fields:\n", "    fields: [\n", "demo.yaml:"),
    ("unknown name in expression", "total > settings.cap", "totl > settings.cap",
     "demo.yaml:32: rules[0].when: unknown name 'totl'"),
    ("unknown setting", "total > settings.cap", "total > settings.limit",
     "demo.yaml:32: rules[0].when: unknown setting 'settings.limit'"),
    ("unknown column", "sum(budget.price)", "sum(budget.cost)",
     "demo.yaml:29: computed[0].expr: table 'budget' has no column 'cost'"),
    ("unknown function", "sum(budget.price)", "total_of(budget.price)",
     "demo.yaml:29: computed[0].expr: unknown function 'total_of'"),
    ("python syntax error", "total > settings.cap", "total >> > settings.cap",
     "demo.yaml:32: rules[0].when: syntax error"),
    ("attribute escape refused", "total > settings.cap", "total.__class__ > 1",
     "demo.yaml:32: rules[0].when: attribute '__class__' is not allowed"),
    ("lambda refused", "total > settings.cap", "(lambda: 1) == 1",
     "demo.yaml:32: rules[0].when: Lambda is not allowed"),
    ("default not a choice", "type: choice\n", "type: choice\n        default: c\n",
     "demo.yaml:18: sections[0].fields[1].default: default 'c' is not one of the choices"),
    ("duplicate choice", "{value: b, label: {ko: 나, en: B}}", "{value: a, label: {ko: 나, en: B}}",
     "demo.yaml:21: sections[0].fields[1].choices[1].value: duplicate choice value 'a'"),
    ("also word names another choice", "{value: b, label: {ko: 나, en: B}}",
     "{value: b, label: {ko: 나, en: B}, also: [가]}",
     "demo.yaml:21: sections[0].fields[1].choices[1].also[0]: '가' already names the choice 'a' (가)"),
    ("choice without choices", "type: choice\n", "type: text\n",
     "demo.yaml:19: sections[0].fields[1].choices: choices are only for choice/multichoice"),
    ("rule points nowhere", "fields: [budget]", "fields: [budgett]",
     "demo.yaml:33: rules[0].fields[0]: rule 'over_cap' points at unknown field 'budgett'"),
    ("computed cycle", "{id: total, expr: \"sum(budget.price)\", type: money}",
     "{id: total, expr: \"half * 2\", type: money}\n  - {id: half, expr: \"total / 2\"}",
     "computed values depend on each other in a cycle"),
    ("min above max", "type: integer, label: {ko: 수량, en: Qty}",
     "type: integer, min: 5, max: 1, label: {ko: 수량, en: Qty}",
     "demo.yaml:26: sections[0].fields[2].columns[0].min: min 5 is greater than max 1"),
    ("bad regex", "        required: true", "        required: true\n        pattern: \"[a-\"",
     "demo.yaml:16: sections[0].fields[0].pattern: invalid regular expression"),
    ("wrong value type", "fields: [budget]", "fields: budget",
     "demo.yaml:33: rules[0].fields: Input should be a valid tuple"),
    ("nested table", "{id: qty, type: integer, label: {ko: 수량, en: Qty}}",
     "{id: qty, type: table, label: {ko: 수량, en: Qty}, columns: [{id: x, type: text, label: {ko: x, en: x}}]}",
     "demo.yaml:26: sections[0].fields[2].columns[0].type: a table cannot be nested inside a table"),
    ("reserved id", "- id: kind", "- id: sum", "'sum' is a reserved name in expressions"),
    ("bad severity", "    fields: [budget]", "    severity: fatal\n    fields: [budget]",
     "demo.yaml:33: rules[0].severity: Input should be 'error', 'warning' or 'info'"),
    # PDF roles are declared, and checked like every other key
    ("unknown column in chart", _BUDGET_LABEL, _BUDGET_LABEL + "\n        chart: {amount: cost, group: qty}",
     "demo.yaml:25: sections[0].fields[2].chart.amount: 'cost' is not a column of table 'budget'"),
    ("chart amount not money", _BUDGET_LABEL, _BUDGET_LABEL + "\n        chart: {amount: qty, group: qty}",
     "demo.yaml:25: sections[0].fields[2].chart.amount: chart amount 'qty' must be a money column"),
    ("unknown group column", _BUDGET_LABEL, _BUDGET_LABEL + "\n        chart: {amount: price, group: item}",
     "demo.yaml:25: sections[0].fields[2].chart.group: 'item' is not a column of table 'budget'"),
    ("unknown chart key", _BUDGET_LABEL,
     _BUDGET_LABEL + "\n        chart: {amount: price, group: qty, colour: red}",
     "demo.yaml:25: sections[0].fields[2].chart.colour: unknown key"),
    ("chart source not money", _BUDGET_LABEL,
     _BUDGET_LABEL + "\n        chart:\n          amount: price\n          group: qty\n"
     "          sources: [total, name]",
     "demo.yaml:28: sections[0].fields[2].chart.sources[1]: 'name' is not a money field or money computed value"),
    ("chart on a text field", "        required: true", "        required: true\n        chart: {amount: a, group: b}",
     "demo.yaml:16: sections[0].fields[0].chart: only a table has a chart (type is 'text')"),
    ("unknown section role", "    title: {ko: 회사, en: Company}",
     "    title: {ko: 회사, en: Company}\n    role: signing",
     "demo.yaml:11: sections[0].role: Input should be 'signature'"),
    ("signature without a seal", "    title: {ko: 회사, en: Company}",
     "    title: {ko: 회사, en: Company}\n    role: signature",
     "demo.yaml:11: sections[0].role: a signature section needs an image field (the seal or signature)"),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_malformed_definition_is_located(old: str, new: str, expected: str) -> None:
    assert old in BASE
    found = problems(BASE.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_all_problems_are_reported_at_once() -> None:
    text = (BASE.replace("type: text", "type: txt")
            .replace("totl", "x").replace("total > settings.cap", "totl > settings.cap")
            .replace("label: {ko: 이름, en: Name}", "label: {ko: 이름}"))
    found = problems(text)
    assert len(found) >= 2
    # structure problems come first; once the structure is fixed, names are checked too
    fixed = BASE.replace("total > settings.cap", "totl > settings.limit")
    found = problems(fixed)
    assert any("unknown name 'totl'" in p for p in found)
    assert any("unknown setting 'settings.limit'" in p for p in found)


def test_empty_and_non_mapping_files() -> None:
    assert problems("") == ["demo.yaml:1: the file is empty"]
    assert problems("- a\n- b\n") == ["demo.yaml:1: a form definition must be a mapping at the top level"]
