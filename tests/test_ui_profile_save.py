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
