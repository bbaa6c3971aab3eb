"""Values the sources do not state for an edition (`confirm: true`) are shown as assumptions — beside
the question in the form view and the interview, in the help, the catalogue and the PDF — and the
loader takes the key strictly (issue 13: "every number the sources do not state is a setting marked
'공고문 확인 필요', shown to the user as such beside the value")."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.answers import read_answers
from desktop_app.cli import main
from desktop_app.forms import FormDefinitionError, find_form, load_shipped, parse_form
from desktop_app.forms import confirm as confirm_mod
from desktop_app.pdf import render_pdf
from desktop_app.service import Desk
from desktop_app.validation import validate
from ui import i18n, settings
from ui.catalogue import NewApplicationDialog
from ui.editor import EditorPage
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "data-voucher-2026-sme.json"
# What PROGRAMS.md states for 2026 (pass mark, quotas), what the calendar or a definition fixes,
# and this app's own advice: nothing else of the 2026 edition may pass for a fact.
STATED_2026 = {"pass_mark", "quota_youth", "quota_regional", "quota_micro_merchant", "prior_year_end",
               "non_regional_areas", "solo_max_employees", "min_target_accuracy", "min_free_text", "min_cell_text"}

MINI = """\
id: mini
edition: "2026"
title: {ko: 미니, en: Mini}
agency: {ko: 기관, en: Agency}
deadline: 2026-03-03T15:00:00+09:00
settings:
  cap:
    value: 100
    label: {ko: 상한(원), en: Cap (won)}
%s
sections:
  - id: s
    title: {ko: 기본, en: Basics}
    fields:
      - {id: gov_share, type: money, label: {ko: 정부지원금, en: Government share}}
rules:
  - id: over_cap
    when: "gov_share > settings.cap"
    fields: [gov_share]
    message: {ko: "상한 {settings.cap}원 초과", en: "over the cap of {settings.cap}"}
"""


@pytest.mark.parametrize(("extra", "problem"), [
    ("    confirm: true", "settings.cap: a setting with confirm: true needs a note"),
    ("    confirm: \"yes\"\n    note: {ko: 가정, en: assumed}", "settings.cap.confirm"),
    ("    confirmed: true\n    note: {ko: 가정, en: assumed}", "settings.cap.confirmed: unknown key"),
])
def test_the_loader_takes_confirm_strictly(extra: str, problem: str) -> None:
    with pytest.raises(FormDefinitionError) as err:
        parse_form(MINI % extra, "mini.yaml")
    assert problem in str(err.value) and "mini.yaml:" in str(err.value)


def test_a_confirmed_setting_reaches_the_rule_on_its_question() -> None:
    form = parse_form(MINI % "    confirm: true\n    note: {ko: 지난해 값, en: last year's}", "mini.yaml")
    assert confirm_mod.unconfirmed(form) == ("cap",)
    assert confirm_mod.for_field(form, "gov_share") == ("cap",)
    assert confirm_mod.line(form, ["cap"], "ko") == "공고문 확인 필요: 상한(원) 100"
    plain = parse_form(MINI % "", "mini.yaml")
    assert confirm_mod.unconfirmed(plain) == () and confirm_mod.for_field(plain, "gov_share") == ()


def test_2026_marks_everything_the_sources_do_not_state() -> None:
    form = find_form("data-voucher@2026")
    assert set(form.settings) - set(confirm_mod.unconfirmed(form)) == STATED_2026
    assert {"cap", "private_share_ratio", "youth_private_waiver", "notice_date"} <= set(confirm_mod.unconfirmed(form))
    assert all(not s.confirm for f in load_shipped() if f.key != "data-voucher@2026" for s in f.settings.values())


# ------------------------------------------------------------------------------------ the window

@pytest.fixture(params=["ko", "en"])
def editor(request: pytest.FixtureRequest, qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[EditorPage]:
    i18n.set_language(request.param)
    desk = Desk.open(auto_backup=False)
    forms = load_shipped()
    win = MainWindow(desk, forms, settings.SOLO)
    qtbot.add_widget(win)
    win.resize(1366, 768)
    win.show()
    app_id = win.import_answers(str(SAMPLE))
    assert app_id is not None and win.editor is not None and win.editor.form.key == "data-voucher@2026"
    yield win.editor
    assert ui_errors == []
    win.close_editor()
    desk.close()
    i18n.set_language("ko")


def test_form_view_shows_the_mark_beside_the_question_the_help_and_computed(editor: EditorPage) -> None:
    ko = i18n.language() == "ko"
    mark = "공고문 확인 필요" if ko else "to confirm against the notice"
    if editor.in_interview():
        editor.set_mode(settings.FORM)
    view = editor.view
    row = view.rows["gov_share"]
    assert view.focus_field("gov_share")
    hint = row.confirm_hint
    assert hint.isVisibleTo(view), "beside the question, not only in a tooltip"
    assert mark in hint.text() and "60,000,000" in hint.text()
    assert ("과제당 정부지원금 상한" if ko else "Government share cap per task") in hint.text()
    assert "2023" in hint.toolTip(), "the tooltip says what was assumed (the note)"
    assert mark in view.help.toPlainText() and "60,000,000" in view.help.toPlainText()
    assert not hasattr(view.rows["company_name"], "confirm_hint"), "a question that rests on nothing assumed"
    page = view.section_pages[view.pages.currentIndex()]
    shown = page.computed_label.text()
    minimum = "최소 민간부담금(원)" if ko else "Minimum private share (won)"
    assert minimum in shown and mark in shown.split(minimum, 1)[1].split("<br>", 1)[0]


def test_interview_shows_the_mark_under_the_question(editor: EditorPage, qtbot: QtBot) -> None:
    mark = "공고문 확인 필요" if i18n.language() == "ko" else "to confirm against the notice"
    if not editor.in_interview():
        qtbot.mouseClick(editor.mode_button, Qt.MouseButton.LeftButton)
    interview = editor.interview
    assert interview.go_to_field("private_share")
    q = next(q for q in interview.questions if q.field.id == "private_share")
    assert q.confirm_hint.isVisibleTo(interview) and mark in q.confirm_hint.text()
    assert "20" in q.confirm_hint.text()
    assert mark in interview.help.toPlainText()
    assert interview.go_to_field("company_name")
    assert not any(hasattr(q, "confirm_hint") for q in interview.questions if q.field.id == "company_name")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_catalogue_marks_the_cap_and_lists_the_assumptions(qtbot: QtBot, base_dir: Path, lang: str) -> None:
    i18n.set_language(lang)
    forms = load_shipped()
    dialog = NewApplicationDialog(forms, None, None)
    qtbot.add_widget(dialog)
    dialog.resize(980, 640)
    dialog.show()
    mark = "공고문 확인 필요" if lang == "ko" else "to confirm against the notice"
    dialog.list.setCurrentRow(next(i for i, f in enumerate(dialog.forms) if f.key == "data-voucher@2026"))
    text = dialog.details.toPlainText()
    cap_line = next(line for line in text.splitlines() if "60,000,000" in line)
    assert mark in cap_line, "beside the cap itself"
    assert ("24" in text) and ("선정 과제 수 2,010" in text if lang == "ko" else "Tasks awarded 2,010" in text)
    dialog.list.setCurrentRow(next(i for i, f in enumerate(dialog.forms) if f.key == "data-voucher@2023"))
    assert mark not in dialog.details.toPlainText(), "a 2023 fact is not an assumption"
    i18n.set_language("ko")


# ------------------------------------------------------------------------------------ the PDF

def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("lang", "mark", "cap"), [
    ("ko", "※ 공고문 확인 필요", "과제당 정부지원금 상한(원) 60,000,000"),
    ("en", "※ to confirm against the notice", "Government share cap per task (won) 60,000,000"),
])
def test_a_draft_marks_computed_values_and_lists_the_assumed_settings(tmp_path: Path, lang: str, mark: str,
                                                                       cap: str) -> None:
    """For the applicant, on a DRAFT: which values rest on assumptions."""
    answers = read_answers(SAMPLE)
    form = find_form("data-voucher@2026")
    result = validate(form, answers.answers, attachments=answers.attachment_files(),
                      file_exists=answers.file_exists, today=dt.date(2026, 2, 10))
    out = io.BytesIO()
    render_pdf(form, result, out, lang=lang, attachments=answers.attachments, base_dir=answers.base_dir,
               include_attachments=False, draft=True)
    text = pdf_text(out.getvalue())
    computed = text.split("13,500,000", 1)[1][:80]  # the minimum private share, then its mark
    assert mark in computed
    assert cap in text and "2,010" in text
    assert text.count(mark) >= 4


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_final_pdf_for_the_agency_carries_none_of_the_tools_notes(tmp_path: Path, lang: str) -> None:
    """A founder's final PDF told the evaluator, under the budget and in a 25-line block, that
    the tool's own figures were assumptions: that is for her, on a draft, not for the agency."""
    out = tmp_path / "final.pdf"
    assert main(["pdf", "data-voucher@2026", str(SAMPLE), "-o", str(out), "--lang", lang,
                 "--today", "2026-02-10", "--final"]) == 0
    text = pdf_text(out.read_bytes())
    assert "13,500,000" in text  # the amounts are there …
    assert "공고문 확인 필요" not in text and "to confirm against the notice" not in text  # … the doubts not


def test_a_pdf_of_an_edition_with_nothing_assumed_has_no_mark() -> None:
    path = ROOT / "tests" / "fixtures" / "answers" / "data-voucher-2023-sme.json"
    answers = read_answers(path)
    form = find_form("data-voucher@2023")
    result = validate(form, answers.answers, attachments=answers.attachment_files(), file_exists=answers.file_exists)
    out = io.BytesIO()
    render_pdf(form, result, out, attachments=answers.attachments, base_dir=answers.base_dir,
               include_attachments=False)
    assert "공고문 확인 필요" not in pdf_text(out.getvalue())
