"""A new application goes to the client the user picked, in a book of 5,000 (issue 18: the
dialog listed the first 1,000 and fell back to the first entry)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from desktop_app.storage import clients as client_rows
from desktop_app.storage.connection import transaction
from ui import i18n, settings
from ui.catalogue import NewApplicationDialog
from ui.main_window import MainWindow

CLIENTS = 5_000


@pytest.fixture
def book(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[tuple[MainWindow, list[int]]]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    with transaction(desk.store.db):  # the rows only: a profile's prefill is not under test
        ids = [client_rows.insert(desk.store.db, {"company.name": f"가나다상사 {i:04d}",
                                                  "company.representative": f"대표 {i:04d}"})
               for i in range(1, CLIENTS + 1)]
    win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win, ids
    win.close_editor()
    desk.close()
    assert ui_errors == []


def _accept_checking(monkeypatch: pytest.MonkeyPatch, check: object) -> list[NewApplicationDialog]:
    seen: list[NewApplicationDialog] = []

    def run(dialog: NewApplicationDialog) -> int:
        seen.append(dialog)
        check(dialog)  # type: ignore[operator]
        return int(NewApplicationDialog.DialogCode.Accepted.value) if dialog.ok_button.isEnabled() \
            else int(NewApplicationDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(NewApplicationDialog, "exec", run)
    return seen


def test_this_company_button_on_client_3862_creates_the_application_for_it(
        book: tuple[MainWindow, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    win, ids = book
    target = ids[3861]
    win.show_clients()
    page = win.clients
    assert page.list.count() == 1000 and page.count_label.text() == "1,000 / 5,000곳 표시"
    page.more_button.click()
    assert page.list.count() == 2000
    win.clients.select_client(target)
    seen = _accept_checking(monkeypatch, lambda d: None)
    win.clients.new_app_button.click()
    assert len(seen) == 1 and seen[0].client_id() == target
    assert "가나다상사 3862" in seen[0].picker.choice.text()  # type: ignore[union-attr]
    apps = win.desk.clients.applications(target)
    assert len(apps) == 1 and apps[0].client_id == target
    assert win.desk.clients.applications(ids[0]) == []


def test_no_client_is_chosen_silently_and_the_whole_book_is_searchable(
        book: tuple[MainWindow, list[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    win, ids = book
    states: list[tuple[bool, int | None]] = []

    def pick(dialog: NewApplicationDialog) -> None:
        picker = dialog.picker
        assert picker is not None
        states.append((dialog.ok_button.isEnabled(), dialog.client_id()))
        assert "5,000곳 중 50곳" in picker.count.text()
        picker.choose("4999", ids[4998])
        states.append((dialog.ok_button.isEnabled(), dialog.client_id()))

    _accept_checking(monkeypatch, pick)
    app_id = win.new_application()
    assert states == [(False, None), (True, ids[4998])]
    assert app_id is not None and win.desk.apps.get(app_id).client_id == ids[4998]
