"""Vocabulary added for the first programme form (documented in forms/README.md):

- `warn_min_length: settings.NAME` — a thin-text bound taken from a whole-number setting;
- list-valued settings (e.g. the areas without a regional bonus), usable with `in`;
- `deadline` and `opens` as names in expressions and messages (their Korean calendar day);
- `opens` written with a time and zone (a bare date means 00:00 KST).
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from desktop_app.forms import FormDefinitionError, parse_form
from desktop_app.forms.lint import lint_form
from desktop_app.validation import validate

BASE = textwrap.dedent("""\
    id: demo
    edition: "2026"
    title: {ko: 데모, en: Demo}
    agency: {ko: 기관, en: Agency}
    opens: 2026-03-02T09:00:00+09:00
    deadline: 2026-03-31T15:00:00+09:00
    settings:
      min_text: {value: 10, label: {ko: 최소 글자, en: Minimum text}}
      capital_areas: {value: [seoul, incheon], label: {ko: 수도권, en: Capital region}}
    sections:
      - id: main
        title: {ko: 본문, en: Main}
        fields:
          - id: plan
            type: textarea
            warn_min_length: settings.min_text
            label: {ko: 계획, en: Plan}
          - id: region
            type: choice
            label: {ko: 지역, en: Region}
            choices:
              - {value: seoul, label: {ko: 서울, en: Seoul}}
              - {value: busan, label: {ko: 부산, en: Busan}}
          - id: signed
            type: date
            label: {ko: 서명일, en: Signed}
    rules:
      - id: in_capital
        when: "region in settings.capital_areas"
        severity: info
        fields: [region]
        message: {ko: "수도권({settings.capital_areas})", en: "Capital region ({settings.capital_areas})"}
      - id: late
        when: "signed > deadline"
        fields: [signed]
        message: {ko: "마감 {deadline} 이후", en: "after the deadline {deadline}"}
      - id: early
        when: "signed < opens"
        severity: warning
        fields: [signed]
        message: {ko: "접수 시작 {opens} 이전", en: "before the window opens on {opens}"}
    """)
TODAY = dt.date(2026, 3, 10)


def problems(text: str) -> list[str]:
    with pytest.raises(FormDefinitionError) as info:
        parse_form(text, "demo.yaml")
    return [str(p) for p in info.value.problems]


def test_base_loads_and_is_lint_clean() -> None:
    form = parse_form(BASE, "demo.yaml")
    assert form.setting("capital_areas") == ("seoul", "incheon")
    assert form.opens == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert form.resolve_bound(form.fields["plan"].warn_min_length) == 10
    # the setting used only by warn_min_length counts as used
    assert [str(p) for p in lint_form(form)] == []


def test_thin_text_bound_comes_from_the_setting() -> None:
    form = parse_form(BASE, "demo.yaml")
    result = validate(form, {"plan": "짧음"}, today=TODAY)
    issue = next(i for i in result.issues if i.path == "plan")
    assert (issue.code, issue.severity) == ("thin_text", "warning")
    assert "10" in issue.message_ko
    longer = parse_form(BASE.replace("value: 10,", "value: 2,"), "demo.yaml")
    assert not validate(longer, {"plan": "짧음"}, today=TODAY).issues


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("settings.min_text", "settings.nothing",
     "demo.yaml:16: sections[0].fields[0].warn_min_length: unknown setting 'settings.nothing'"),
    ("value: 10,", "value: 2.5,",
     "demo.yaml:16: sections[0].fields[0].warn_min_length: setting 'settings.min_text' must be a whole number"),
    ("warn_min_length: settings.min_text", "warn_min_length: min_text",
     "demo.yaml:16: sections[0].fields[0].warn_min_length: "),
    ("type: textarea", "type: integer",
     "demo.yaml:16: sections[0].fields[0].warn_min_length: warn_min_length applies to text fields"),
])
def test_bad_length_references_are_located(old: str, new: str, expected: str) -> None:
    found = problems(BASE.replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_list_setting_with_in_and_in_messages() -> None:
    form = parse_form(BASE, "demo.yaml")
    hit = validate(form, {"region": "seoul"}, today=TODAY)
    issue = next(i for i in hit.issues if i.code == "in_capital")
    assert issue.message_ko == "수도권(seoul, incheon)"
    assert "in_capital" not in {i.code for i in validate(form, {"region": "busan"}, today=TODAY).issues}


@pytest.mark.parametrize(("signed", "code"), [
    ("2026-03-31", None), ("2026-04-01", "late"), ("2026-03-02", None), ("2026-03-01", "early"),
])
def test_deadline_and_opens_in_expressions(signed: str, code: str | None) -> None:
    form = parse_form(BASE, "demo.yaml")
    result = validate(form, {"signed": signed}, today=TODAY)
    assert {i.code for i in result.issues} == ({code} if code else set())
    if code == "late":
        assert result.issues[0].message_en == "after the deadline 2026-03-31"


def test_opens_is_optional_then_unknown() -> None:
    text = BASE.replace("opens: 2026-03-02T09:00:00+09:00\n", "")
    form = parse_form(text, "demo.yaml")
    assert form.opens is None
    assert not validate(form, {"signed": "2000-01-01"}, today=TODAY).issues


def test_opens_as_a_bare_date_is_midnight_korean_time() -> None:
    form = parse_form(BASE.replace("2026-03-02T09:00:00+09:00", "2026-03-02"), "demo.yaml")
    assert form.opens == dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("2026-03-02T09:00:00+09:00", "2026-03-02T09:00:00", "demo.yaml:5: opens: Value error, opens needs a time zone"),
    ("2026-03-02T09:00:00+09:00", "2026-04-02T09:00:00+09:00", "demo.yaml:5: opens: opens is after the deadline"),
    ("- id: signed", "- id: deadline", "'deadline' is a reserved name in expressions"),
    ("- id: region", "- id: opens", "'opens' is a reserved name in expressions"),
])
def test_edition_names_problems(old: str, new: str, expected: str) -> None:
    found = problems(BASE.replace(old, new))
    assert any(expected in p for p in found), found


# --- source marks (issue 13, item 8) -------------------------------------------------------------

def test_source_marks_are_kept_out_of_what_users_read() -> None:
    import re

    from desktop_app.forms import load_shipped
    from desktop_app.forms.marks import strip_marks

    assert strip_marks("[F] 2020년 최대 7천만 원 · [I] 추정 (PROGRAMS [F])") == "2020년 최대 7천만 원 · 추정"
    assert strip_marks("요율 ([F], 2021)") == "요율 (2021)"
    assert strip_marks("([F] 2022년 도입, [I] 비율은 설정값)") == "(2022년 도입, 비율은 설정값)"
    mark = re.compile(r"\[[FBIA-Z](/[FBI])*\]|PROGRAMS")
    seen = 0
    for form in load_shipped():
        texts = [(s.id, s.help) for s in form.sections]
        for f in form.fields.values():
            texts += [(f.id, f.help), *((f"{f.id}.{c.id}", c.help) for c in f.columns)]
            texts += [(r.id, r.message) for r in f.rules]
        texts += [(a.id, a.help) for a in form.attachments] + [(r.id, r.message) for r in form.rules]
        for where, text in texts:
            if text is not None:
                assert not mark.search(text.ko) and not mark.search(text.en), (form.key, where, text)
        sourced = [f for f in form.fields.values() if f.source]
        seen += len(sourced)
        assert all(re.fullmatch(r"(\[[FBI](/[FBI])*\] ?)+", f.source or "") for f in sourced)
        # settings keep theirs: they are the author's record of where a number comes from
        assert any("[" in (s.note.ko if s.note else "") for s in form.settings.values())
    assert seen > 50  # the marks moved to `source`, not lost


# --- same_as (issue 13, item 7) -------------------------------------------------------------------

SAME_AS = """\
id: same-as-demo
edition: "2026"
title: {ko: 시험, en: Test}
agency: {ko: 기관, en: Agency}
deadline: 2026-03-31T15:00:00+09:00
sections:
  - id: s
    title: {ko: 기본, en: Basics}
    fields:
      - {id: representative, type: text, label: {ko: 대표자, en: Representative}}
      - {id: founded, type: date, label: {ko: 설립일, en: Founded}}
      - {id: contact_name, type: text, same_as: TARGET, label: {ko: 담당자, en: Contact}}
"""


@pytest.mark.parametrize(("target", "problem"), [
    ("nobody", "no such field"), ("contact_name", "a field other than this one"), ("founded", "same type"),
])
def test_same_as_must_name_another_field_of_the_same_type(target: str, problem: str) -> None:
    with pytest.raises(FormDefinitionError) as err:
        parse_form(SAME_AS.replace("TARGET", target), "demo.yaml")
    assert any("same_as" in str(p) and problem in str(p) for p in err.value.problems), err.value.problems
    assert parse_form(SAME_AS.replace("TARGET", "representative"), "demo.yaml").fields["contact_name"].same_as


def test_same_as_button_copies_the_answer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from PySide6.QtCore import Qt

    from desktop_app.forms import load_form
    from ui import i18n
    from ui.form_view import FormView

    i18n.set_language("ko")
    form = load_form(Path(__file__).resolve().parent.parent / "forms" / "ai-data-voucher-2020.yaml")
    view = FormView(form, {"representative": "김도윤"})
    qtbot.add_widget(view)
    view.show()
    row = view.rows["contact_name"]
    assert row.same_as_button.text() == f"{form.fields['representative'].label.ko}과 같음"
    view.focus_field("contact_name")
    with qtbot.waitSignal(view.answer_changed) as saved:
        qtbot.mouseClick(row.same_as_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["contact_name", "김도윤"]
    assert row.editor.value() == "김도윤" and view.answers["contact_name"] == "김도윤"
