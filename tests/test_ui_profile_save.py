"""Company answers offered to the profile with a diff, so the next application starts filled
(issue 13, item 7): through the editor's button and its dialog, then a new application."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_ui_e2e import fill

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.main_window import MainWindow
from ui.profile_save import ProfileSaveDialog


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    settings.set_editor_mode(settings.FORM)
    desk = Desk.open(auto_backup=False)
    win = MainWindow(desk, load_shipped(), "solo")
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == [], ui_errors


class Accepting(ProfileSaveDialog):
    """The dialog as the user leaves it: one row unticked, then 저장."""

    shown: ClassVar[list[tuple[str, str, str]]] = []

    def exec(self) -> int:  # type: ignore[override]
        Accepting.shown = [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1),
                            self.tree.topLevelItem(i).text(2)) for i in range(self.tree.topLevelItemCount())]
        self.items["company.phone"].setCheckState(0, Qt.CheckState.Unchecked)
        return 1


def test_company_answers_go_to_the_profile_and_fill_the_next_application(window: MainWindow, qtbot: QtBot) -> None:
    form = next(f for f in load_shipped() if f.key == "ai-data-voucher@2020")
    app_id = window.create_application(form, None)
    editor = window.editor
    assert editor is not None and app_id is not None
    for field_id, value in (("company_name", "주식회사 새벽코딩"), ("representative", "정새벽"),
                            ("company_phone", "02-123-4567")):
        editor.view.focus_field(field_id)
        fill(editor.view.rows[field_id].editor, value, qtbot)
    changes = window.desk.apps.profile_changes(app_id)
    assert {c.key for c in changes} >= {"company.name", "company.representative", "company.phone"}
    dialog = Accepting(changes, False, editor)
    qtbot.add_widget(dialog)
    assert editor.offer_profile_save(dialog)
    assert ("기업명", "(없음)", "주식회사 새벽코딩") in Accepting.shown  # the diff: profile now → this application
    client_id = window.desk.apps.get(app_id).client_id
    assert client_id is not None
    profile = window.desk.clients.get(client_id).profile
    assert profile["company.name"] == "주식회사 새벽코딩" and profile["company.representative"] == "정새벽"
    assert "company.phone" not in profile  # unticked: not saved
    assert {c.key for c in window.desk.apps.profile_changes(app_id)} == {"company.phone"}

    window.close_editor()
    second = window.create_application(next(f for f in load_shipped() if f.key == "ai-voucher@2024"), client_id)
    assert second is not None and window.editor is not None
    answers = window.editor.view.answers
    assert "주식회사 새벽코딩" in answers.values() and "정새벽" in answers.values()


def test_a_refused_profile_save_says_so_beside_the_button(window: MainWindow, qtbot: QtBot) -> None:
    """저장 at the bottom with a wrong check digit looked like nothing happened: the message was
    at the top, out of sight. Now the refusal is beside the button and the cursor is on the field."""
    from ui.fields import LineEditor

    window.show_clients()
    profile = window.clients.profile
    name = profile.editors["company.name"]
    brn = profile.editors["company.brn"]
    assert isinstance(name, LineEditor) and isinstance(brn, LineEditor)
    name.set_value("달빛상점")
    brn.set_value("220-85-12345")  # the check digit is wrong
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert profile.client_id is None
    assert "저장하지 않았습니다" in profile.save_status.text() and "사업자등록번호" in profile.save_status.text()
    qtbot.waitUntil(lambda: brn.focus_target().hasFocus() or not window.isActiveWindow(), timeout=2000)
    brn.set_value("220-81-62517")
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert profile.client_id is not None and profile.save_status.text() == "회사 정보 저장됨"


def test_the_profile_refuses_what_the_applications_rules_would(window: MainWindow, qtbot: QtBot) -> None:
    """A founder's 220-85-… with 개인사업자 was saved, and every application then said the middle
    digits do not match the 기업 형태: the profile now says it first."""
    window.show_clients()
    profile = window.clients.profile
    profile.editors["company.name"].set_value("달빛상점")
    profile.editors["company.brn"].set_value("220-85-12349")
    profile.editors["company.entity_type"].set_value("individual")
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert profile.client_id is None
    assert "기업 형태" in profile.save_status.text()
    assert "기업 형태와 맞지 않습니다" in profile.messages["company.entity_type"].text()
    profile.editors["company.brn"].set_value("220-01-12349")
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    assert profile.client_id is not None
