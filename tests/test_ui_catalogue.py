"""The catalogue and the check tell the call's real state: a past call says when it closed and is
offered for practice, an open one counts the days; the pre-check rows are never squeezed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_form, load_shipped
from desktop_app.forms.calls import KST, call_state, catalogue_order
from desktop_app.validation import validate
from ui import i18n
from ui.catalogue import NewApplicationDialog
from ui.check_panel import CheckPanel

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=KST)


def forms_with_an_open_call() -> list:
    forms = load_shipped()
    base = next(f for f in forms if f.key == "ai-voucher@2024")
    open_call = base.model_copy(update={"edition": "2027", "opens": NOW - dt.timedelta(days=3),
                                        "deadline": NOW + dt.timedelta(days=12)})
    return [*forms, open_call]


def test_states_and_order() -> None:
    forms = forms_with_an_open_call()
    ordered = catalogue_order(forms, NOW)
    assert ordered[0].edition == "2027"
    first = call_state(ordered[0], NOW)
    assert first.state == "open" and first.label("ko").startswith("접수 중 · D-12")
    past = next(f for f in forms if f.key == "ai-data-voucher@2020")
    state = call_state(past, NOW)
    assert state.closed and state.label("ko") == "마감됨 2020-06-15 · 지난 공고(연습용)"
    assert "closed 2020-06-15" in state.label("en")
    assert call_state(past, dt.datetime(2020, 5, 1, tzinfo=KST)).state == "upcoming"
    # past calls: the most recent first
    closed = [f for f in ordered if call_state(f, NOW).closed]
    assert [f.deadline for f in closed] == sorted((f.deadline for f in closed), reverse=True)


def test_catalogue_shows_the_state_and_offers_past_calls_for_practice(qtbot: QtBot, base_dir: Path) -> None:
    i18n.set_language("ko")
    dialog = NewApplicationDialog(forms_with_an_open_call(), None, None, now=NOW)
    qtbot.add_widget(dialog)
    dialog.resize(980, 640)
    dialog.show()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "접수 중 · D-12" in texts[0]
    assert all("마감됨" in x and "지난 공고(연습용)" in x for x in texts[1:])
    assert dialog.ok_button.text() == "신청서 작성 시작"
    row = next(i for i, f in enumerate(dialog.forms) if f.key == "ai-data-voucher@2020")
    dialog.list.setCurrentRow(row)
    assert dialog.ok_button.text() == "연습용으로 작성 시작" and dialog.ok_button.isEnabled()
    assert "마감되어 지금은 제출할 수 없습니다" in dialog.details.toPlainText()
    assert "마감되어" in dialog.verdict.text()
    for i in range(dialog.list.count()):  # in every programme each wrapped question keeps its lines
        dialog.list.setCurrentRow(i)
        for _ in range(3):
            QApplication.processEvents()
        for r in range(dialog.question_layout.rowCount()):
            item = dialog.question_layout.itemAt(r, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                assert label.height() >= label.heightForWidth(label.width()), label.text()
    dialog.list.setCurrentRow(row)
    assert dialog.editors, "the 2020 form has pre-check questions"
    for editor in dialog.editors.values():  # no row squeezed below what it needs
        assert editor.height() >= editor.minimumSizeHint().height()
        assert editor.isVisibleTo(dialog)


def test_check_never_says_ready_for_a_closed_call(qtbot: QtBot) -> None:
    i18n.set_language("ko")
    form = load_form(Path(__file__).resolve().parent / "fixtures" / "forms" / "ui_demo.yaml")
    result = validate(form, {"company_name": "하늘데이터", "brn": "124-81-00998"})
    assert not result.errors
    panel = CheckPanel(form)
    qtbot.add_widget(panel)
    panel.now = dt.datetime(2027, 1, 5, tzinfo=KST)
    panel.show_result(result)
    assert "최종본을 낼 수 있습니다" not in panel.summary.text()
    assert "2026-12-31 15:00에 마감되어 지금은 제출할 수 없습니다" in panel.summary.text()
    panel = CheckPanel(form)
    qtbot.add_widget(panel)
    panel.now = NOW
    panel.show_result(result)
    assert "최종본을 낼 수 있습니다" in panel.summary.text()
