"""The catalogue's pre-check asks what the form declares (`precheck:`), of any field kind: a KSIC
code typed into a text box and a revenue into a money box (issue 17). A software house or a
bakery is told before it starts that the manufacturing voucher is not for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.forms import find_form
from desktop_app.forms.calls import KST
from ui import i18n
from ui.catalogue import NewApplicationDialog
from ui.fields import BoolEditor

DURING_THE_CALL = dt.datetime(2024, 2, 26, 10, 0, tzinfo=KST)


def _dialog(qtbot: QtBot) -> NewApplicationDialog:
    i18n.set_language("ko")
    form = find_form("manufacturing-innovation-voucher@2024")
    dialog = NewApplicationDialog([form], None, None, now=DURING_THE_CALL)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)
    return dialog


def test_a_non_manufacturer_is_refused_by_its_industry_code(qtbot: QtBot, base_dir: Path) -> None:
    dialog = _dialog(qtbot)
    assert list(dialog.editors)[:2] == ["ksic_code", "revenue_prev"]
    code = dialog.editors["ksic_code"].focus_target()
    qtbot.keyClicks(code, "J62010")  # software development
    assert "지원 대상이 아닐 수 있습니다" in dialog.verdict.text()
    assert "제조업(한국표준산업분류 대분류 C)이 아니어서" in dialog.verdict.text()
    code.clear()
    qtbot.keyClicks(code, "C29299")
    assert "신청할 수 있습니다" in dialog.verdict.text()


def test_a_revenue_over_the_ceiling_is_refused_and_yes_no_still_counts(qtbot: QtBot, base_dir: Path) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.editors["ksic_code"].focus_target(), "C29299")
    qtbot.keyClicks(dialog.editors["revenue_prev"].focus_target(), "13500000000")
    assert "신청 가능 상한" in dialog.verdict.text()
    dialog.editors["revenue_prev"].focus_target().clear()
    qtbot.keyClicks(dialog.editors["revenue_prev"].focus_target(), "4800000000")
    assert "신청할 수 있습니다" in dialog.verdict.text()
    arrears = dialog.editors["tax_arrears"]
    assert isinstance(arrears, BoolEditor)
    qtbot.mouseClick(arrears.yes, Qt.MouseButton.LeftButton)
    assert "체납" in dialog.verdict.text()


def test_a_question_shows_only_when_it_applies(qtbot: QtBot, base_dir: Path) -> None:
    """A registered sole proprietor was asked the founder's '사업자등록이 없습니다' (a founder's
    test): the pre-check now asks 신청 유형 first and the founder's questions only of founders."""
    from ui.fields import ChoiceEditor

    i18n.set_language("ko")
    form = find_form("data-voucher@2026")
    dialog = NewApplicationDialog([form], None, None, now=dt.datetime(2026, 2, 20, 10, 0, tzinfo=KST))
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(0)
    order = list(dialog.editors)
    assert order.index("applicant_type") < order.index("founder_no_registration")
    founder_q = dialog.editors["founder_no_registration"]
    kind = dialog.editors["applicant_type"]
    assert isinstance(kind, ChoiceEditor)
    assert not founder_q.isVisibleTo(dialog)  # nothing chosen yet: not asked
    kind.set_value("founder")
    kind.changed.emit("founder")
    assert founder_q.isVisibleTo(dialog)
    kind.set_value("sme")
    kind.changed.emit("sme")
    assert not founder_q.isVisibleTo(dialog)
