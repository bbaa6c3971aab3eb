"""Home for a first-time user: an empty list says what to do first, solo mode has no client
column, and titles do not repeat the programme shown beside them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.home import CLIENT_COLUMN
from ui.main_window import MainWindow


def window(qtbot: QtBot, mode: str) -> MainWindow:
    i18n.set_language("ko")
    win = MainWindow(Desk.open(auto_backup=False), load_shipped(), mode)
    qtbot.add_widget(win)
    win.show()
    return win


def test_empty_solo_home_gives_a_hint_and_no_client_column(qtbot: QtBot, base_dir: Path,
                                                          ui_errors: list[str]) -> None:
    win = window(qtbot, settings.SOLO)
    try:
        home = win.home
        assert home.hint.isVisible() and "아직 신청서가 없습니다" in home.hint.text()
        assert "회사 정보" in home.hint.text() and "새 신청서" in home.hint.text()
        assert home.table.isColumnHidden(CLIENT_COLUMN)
        form = next(f for f in win.forms if f.key == "ai-data-voucher@2020")
        assert win.create_application(form, None) is not None
        win.show_home()
        assert not home.hint.isVisible() and home.table.isVisible()
        title, programme = home.text(0, 0), home.text(0, 1)
        assert form.title.ko in programme
        assert form.title.ko not in title and title.endswith("에 시작한 신청서")
        home.search.setText("없는검색어")
        home.refresh()
        assert home.hint.isVisible() and "찾는 신청서가 없습니다" in home.hint.text()
        home.search.clear()
        home.refresh()
        home.text(0, 4)
        qtbot.waitUntil(lambda: home.text(0, 4) != "…", timeout=10_000)
    finally:
        win.close_editor()
        win.desk.close()


def test_consultant_home_keeps_the_client_and_its_name_as_title(qtbot: QtBot, base_dir: Path,
                                                               ui_errors: list[str]) -> None:
    win = window(qtbot, settings.CONSULTANT)
    try:
        home = win.home
        assert not home.table.isColumnHidden(CLIENT_COLUMN)
        assert "고객사" in home.hint.text()
        client = win.desk.clients.create({"company.name": "주식회사 한빛데이터"})
        form = next(f for f in win.forms if f.key == "ai-data-voucher@2020")
        assert win.create_application(form, client.client_id) is not None
        win.show_home()
        assert home.text(0, 0) == "주식회사 한빛데이터"
        assert home.text(0, CLIENT_COLUMN) == "주식회사 한빛데이터"
        home.text(0, 4)
        qtbot.waitUntil(lambda: home.text(0, 4) != "…", timeout=10_000)  # nothing left to compute
    finally:
        win.close_editor()
        win.desk.close()
