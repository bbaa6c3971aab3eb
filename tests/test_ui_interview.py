"""The guided interview in the real window, over a stored application: answers typed and clicked
in it reach the database through the editor's autosave, show_if skips screens, progress counts
only real answers, the review's 고치기 jumps to the question and the toggle keeps the place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.editor import EditorPage
from ui.fields import ChoiceEditor, LineEditor, TextAreaEditor
from ui.interview import InterviewView, YesNoEditor, build_screens, plain_help
from ui.main_window import MainWindow


def type_korean(widget: QWidget, text: str) -> None:
    """What a Korean IME does: commit the composed text (keyClicks aborts on Hangul)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def editor(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[EditorPage]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    forms = load_shipped()
    win = MainWindow(desk, forms, settings.SOLO)
    qtbot.add_widget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    form = next(f for f in forms if f.key == "ai-data-voucher@2020")
    app_id = win.create_application(form, None)
    assert app_id is not None and win.editor is not None
    qtbot.mouseClick(win.editor.mode_button, Qt.MouseButton.LeftButton)
    assert win.editor.in_interview()
    yield win.editor
    assert ui_errors == []
    win.close_editor()
    desk.close()


def stored(editor: EditorPage) -> dict[str, Any]:
    assert editor.flush()
    return dict(editor.desk.apps.open(editor.app_id).values)


def question(interview: InterviewView, field_id: str) -> Any:
    q = next(q for q in interview.questions if q.field.id == field_id)
    assert q.isVisibleTo(interview), field_id
    return q.editor


def pick(qtbot: QtBot, combo: QComboBox, value: str) -> None:
    """Choose like the keyboard does: focus the box and step down to the value."""
    combo.setFocus()
    while combo.currentData() != value:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_answers_given_in_the_interview_are_stored_and_show_if_skips(editor: EditorPage, qtbot: QtBot) -> None:
    iv = editor.interview
    assert [q.field.id for q in iv.questions] == ["applicant_type"]
    assert not iv.back_button.isEnabled()
    kind = question(iv, "applicant_type")
    assert isinstance(kind, ChoiceEditor)
    pick(qtbot, kind.combo, "founder")
    click(qtbot, iv.next_button)
    track = question(iv, "track")
    assert isinstance(track, ChoiceEditor)
    pick(qtbot, track.combo, "general")
    click(qtbot, iv.next_button)
    # the emergency reason is asked only for the emergency track
    assert [q.field.id for q in iv.questions] == ["applied_other_track"]
    click(qtbot, iv.back_button)
    pick(qtbot, question(iv, "track").combo, "emergency")
    click(qtbot, iv.next_button)
    reason = question(iv, "emergency_reason")
    assert isinstance(reason, TextAreaEditor)
    type_korean(reason.edit, "코로나19로 매출이 급감했습니다")
    click(qtbot, iv.next_button)
    other = question(iv, "applied_other_track")
    assert isinstance(other, YesNoEditor)
    click(qtbot, other.no)
    values = stored(editor)
    assert values["applicant_type"] == "founder" and values["track"] == "emergency"
    assert values["emergency_reason"] == "코로나19로 매출이 급감했습니다"
    assert values["applied_other_track"] is False
    # the form view shows the same answers (one application, two faces)
    assert editor.view.rows["emergency_reason"].editor.value() == "코로나19로 매출이 급감했습니다"
    # a founder has no corporate registration number: that screen asks only the rest
    while not any(q.field.id == "representative" for q in iv.questions):
        click(qtbot, iv.next_button)
    assert [q.field.id for q in iv.questions if q.isVisibleTo(iv)] == ["brn", "representative"]
    rep = question(iv, "representative")
    assert isinstance(rep, LineEditor)
    type_korean(rep.edit, "김하늘")
    assert stored(editor)["representative"] == "김하늘"


def test_yes_no_is_unanswered_until_clicked_and_progress_counts_only_answers(editor: EditorPage,
                                                                           qtbot: QtBot) -> None:
    iv = editor.interview
    assert iv.progress_label.text().startswith("답한 질문 0 /")
    iv.go_to_field("applied_other_track")
    yes_no = question(iv, "applied_other_track")
    assert isinstance(yes_no, YesNoEditor)
    assert yes_no.value() is None and not yes_no.yes.isChecked() and not yes_no.no.isChecked()
    assert "applied_other_track" not in stored(editor)
    assert iv.progress_bar.value() == 0
    click(qtbot, yes_no.yes)
    assert iv.progress_label.text().startswith("답한 질문 1 /")
    click(qtbot, yes_no.no)  # changing the answer is still one answer
    assert iv.progress_bar.value() == 1 and stored(editor)["applied_other_track"] is False
    asked_before = len(iv.asked(editor.result()))
    iv.go_to_field("track")
    pick(qtbot, question(iv, "track").combo, "emergency")
    editor.view.revalidate()
    assert len(iv.asked(editor.result())) == asked_before + 1  # the emergency reason is now asked
    assert iv.progress_bar.value() == 2 and iv.progress_bar.maximum() == asked_before + 1


def test_review_lists_the_issues_and_fix_jumps_to_the_question(editor: EditorPage, qtbot: QtBot) -> None:
    iv = editor.interview
    steps = 0
    while not iv.on_review():
        click(qtbot, iv.next_button)
        steps += 1
        assert steps <= len(iv.screens)
    assert iv.pages.currentWidget() is iv.review
    assert "오류" in iv.review.summary.text() and "마감되어 지금은 제출할 수 없습니다" in iv.review.summary.text()
    paths = [p for p, _b in iv.review.fix_buttons]
    assert "company_name" in paths
    button = dict(iv.review.fix_buttons)["company_name"]
    assert button.text() == "고치기"
    click(qtbot, button)
    assert not iv.on_review()
    name = question(iv, "company_name")
    assert iv.window().focusWidget() is name.edit
    type_korean(name.edit, "하늘데이터")
    click(qtbot, iv.next_button)
    assert stored(editor)["company_name"] == "하늘데이터"
    while not iv.on_review():
        click(qtbot, iv.next_button)
    assert "company_name" not in [p for p, _b in iv.review.fix_buttons]
    assert "company_name" in editor.view.rows and editor.view.rows["company_name"].touched


def test_toggle_keeps_the_place_both_ways(editor: EditorPage, qtbot: QtBot) -> None:
    iv = editor.interview
    iv.go_to_field("representative")
    click(qtbot, editor.mode_button)  # to the form view
    assert not editor.in_interview() and editor.mode_button.text() == "인터뷰로"
    assert editor.view.current_section() == "company"
    assert editor.window().focusWidget() is editor.view.rows["representative"].editor.focus_target()
    editor.view.focus_field("tax_arrears")
    click(qtbot, editor.mode_button)  # back to the interview
    assert editor.in_interview() and editor.mode_button.text() == "양식 보기로"
    assert [q.field.id for q in iv.questions] == ["tax_arrears"]
    assert editor.window().focusWidget() is question(iv, "tax_arrears").focus_target()
    assert settings.editor_mode() == settings.INTERVIEW


def test_undo_in_the_interview_shows_the_old_answer(editor: EditorPage, qtbot: QtBot) -> None:
    iv = editor.interview
    iv.go_to_field("company_name")
    name = question(iv, "company_name")
    type_korean(name.edit, "첫이름")
    stored(editor)
    click(qtbot, editor.undo_button)
    assert question(iv, "company_name").edit.text() == ""
    assert "company_name" not in stored(editor)


def test_screens_follow_the_form_and_help_has_no_source_marks() -> None:
    form = next(f for f in load_shipped() if f.key == "ai-data-voucher@2020")
    screens = build_screens(form)
    order = [f.id for s in screens for f in s.fields]
    assert order == [f.id for s in form.sections for f in s.fields if not f.compute]
    assert all(len(s.fields) <= 3 for s in screens)
    assert all(len(s.fields) == 1 for s in screens if s.fields[0].type in ("boolean", "table", "textarea"))
    assert plain_help("[F] 2020년 최대 7천만 원 · [I] 추정 (PROGRAMS [F])") == "2020년 최대 7천만 원 · 추정"


def test_history_refreshes_after_a_save_and_shows_local_time(editor: EditorPage, qtbot: QtBot) -> None:
    editor.tabs.setCurrentWidget(editor.history)
    before = editor.history.list.count()
    iv = editor.interview
    iv.go_to_field("company_name")
    type_korean(question(iv, "company_name").edit, "기록시험")
    stored(editor)
    assert editor.history.list.count() == before + 1
    newest = editor.history.list.item(0).text()
    assert "기업명" in newest and "UTC" not in newest


def test_an_answer_changed_from_outside_shows_in_the_open_question(editor: EditorPage) -> None:
    iv = editor.interview
    iv.go_to_field("company_name")
    editor.close_button.setFocus()  # the cursor is elsewhere (a field being typed in is left alone)
    editor.view.set_value("company_name", "밖에서 바뀐 이름", "profile")
    assert question(iv, "company_name").edit.text() == "밖에서 바뀐 이름"


def test_enter_walks_the_short_questions_then_the_screens(editor: EditorPage, qtbot: QtBot) -> None:
    iv = editor.interview
    iv.go_to_field("company_phone")
    phone = question(iv, "company_phone")
    email = question(iv, "company_email")
    assert isinstance(phone, LineEditor) and isinstance(email, LineEditor)
    phone.edit.setFocus()
    qtbot.keyClicks(phone.edit, "0212345678")
    qtbot.keyClick(phone.edit, Qt.Key.Key_Return)
    assert iv.window().focusWidget() is email.edit
    qtbot.keyClick(email.edit, Qt.Key.Key_Return)
    assert [q.field.id for q in iv.questions] != ["company_phone", "company_email"]  # the next screen
    assert stored(editor)["company_phone"] == "02-1234-5678"


def test_at_150_percent_on_a_768_px_screen_the_question_keeps_the_height(editor: EditorPage, qtbot: QtBot) -> None:
    """1366×768 at 150 % leaves 911×512 logical pixels: the interview (question and help) gets four
    fifths of the editor's split, the panels below the rest, and a question card fits unscrolled."""
    win = editor.window()
    win.resize(911, 512)
    editor._sized = False  # as on a first show at that size
    editor.showEvent(QShowEvent())
    editor.fit_split()
    qtbot.waitUntil(lambda: editor.split.sizes()[0] > 0)
    faces, below = editor.split.sizes()
    assert faces >= 0.75 * (faces + below), (faces, below)
    assert below >= editor.tabs.tabBar().sizeHint().height(), "the tabs stay reachable"
    iv = editor.interview
    iv.go_to_field("company_name")
    card = next(q for q in iv.questions if q.field.id == "company_name")
    assert iv.screen_area.viewport().height() >= card.sizeHint().height()
    # the attachments tab gets the height its list and buttons need: nothing of it is cut off
    editor.tabs.setCurrentWidget(editor.attachments)
    assert editor.split.sizes()[1] >= editor.attachments.minimumSizeHint().height()
    editor.tabs.setCurrentWidget(editor.checks)
    faces, below = editor.split.sizes()
    # a divider the user moved stays where they put it, also across a switch of faces
    editor.split.splitterMoved.emit(100, 1)
    editor.split.setSizes([faces - 60, below + 60])
    editor.set_mode(settings.FORM)
    editor.set_mode(settings.INTERVIEW)
    assert editor.split.sizes()[1] >= below + 50


def test_add_row_in_the_interview_adds_a_row(editor: EditorPage, qtbot: QtBot) -> None:
    """행 추가 on a table screen of the interview did nothing: the empty row was added, saved
    and then wiped by the check that follows ("changed from outside"), because the cursor sat
    in the new row's cell editor, not in the table itself (a founder's every table screen)."""
    from PySide6.QtWidgets import QPushButton

    from ui.table_editor import TableEditor

    interview = editor.interview
    assert interview.go_to_field("datasets")
    table = question(interview, "datasets")
    assert isinstance(table, TableEditor) and table.table.rowCount() == 0
    add = next(b for b in table.findChildren(QPushButton) if b.text() == "행 추가")
    click(qtbot, add)
    qtbot.wait(300)  # the check after the save has run
    editor.flush()
    qtbot.wait(100)
    assert table.table.rowCount() == 1
    click(qtbot, add)
    qtbot.wait(300)
    assert table.table.rowCount() == 2
