"""A 1366×768 laptop (tester report, founder #1): the window fits the screen when it opens and
after a restart, and the attachment list answers a double-click, Enter and a right-click."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from attachment_files import pdf_with_text
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtWidgets import QMainWindow, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings, window_place
from ui.attachments_panel import AttachmentsPanel
from ui.main_window import MainWindow


def _inside(window: QMainWindow) -> bool:
    area = window_place.room(window)
    return area.contains(window.frameGeometry()) or window.isMaximized()


def test_the_window_fits_the_screen_when_it_opens_and_after_a_restart(
        qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    try:
        win = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.add_widget(win)
        area = window_place.room(win)
        # the offscreen screen is 800×600: 1280×860 does not fit, so the window fills it, maximised
        assert area.width() < window_place.DEFAULT.width() or area.height() < window_place.DEFAULT.height()
        win.show()
        assert win.isMaximized()
        assert win.width() <= area.width() and win.height() <= area.height()
        win.close()
        # a saved place half off the screen, of a size that fits: the size is kept, the place pulled in
        probe = QMainWindow()
        qtbot.add_widget(probe)
        probe.setGeometry(QRect(area.right() - 100, area.bottom() - 50, 640, 520))
        settings.ui_settings().setValue(window_place.KEY, probe.saveGeometry())
        again = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.add_widget(again)
        again.show()
        assert not again.isMaximized()
        assert (again.width(), again.height()) == (640, 520)
        assert area.contains(again.frameGeometry()), (again.frameGeometry(), area)
        again.close()
        # a saved place too big for this screen (saved on a bigger one): maximised, not cut off
        probe.setGeometry(QRect(0, 0, 1280, 860))
        settings.ui_settings().setValue(window_place.KEY, probe.saveGeometry())
        third = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.add_widget(third)
        third.show()
        assert _inside(third) and third.isMaximized()
        third.close()
        assert isinstance(settings.ui_settings().value(window_place.KEY), QByteArray)
    finally:
        desk.close()


@pytest.fixture
def panel(qtbot: QtBot, base_dir: Path, ui_errors: list[str]):  # type: ignore[no-untyped-def]
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    form = next(f for f in load_shipped() if (f.id, f.edition) == ("data-voucher", "2026"))
    app_id = desk.apps.new(form).app_id
    widget = AttachmentsPanel(desk, app_id, form)
    qtbot.add_widget(widget)
    widget.show()
    yield widget
    desk.close()


def _row(panel: AttachmentsPanel, index: int) -> QTreeWidgetItem:
    item = panel.tree.topLevelItem(index)
    assert item is not None
    return item


def test_double_click_and_enter_on_a_missing_item_add_a_file(
        panel: AttachmentsPanel, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [pdf_with_text(tmp_path / "a.pdf", ["A"]), pdf_with_text(tmp_path / "b.pdf", ["B"])]
    picked: list[str] = []

    def pick() -> str:
        picked.append(str(files[len(picked)]))
        return picked[-1]

    monkeypatch.setattr(panel, "_pick", pick)
    item = _row(panel, 0)
    assert "누락" in item.text(1) or "선택" in item.text(1)
    rect = panel.tree.visualItemRect(item)
    spot = QPoint(rect.left() + 8, rect.center().y())  # the row's label, inside the visible part
    # a real double-click is a press, a release, then the double-click (Qt checks the pressed row)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert picked == [str(files[0])]
    assert [a.original_name for a in panel.desk.attachments.of(panel.app_id)] == ["a.pdf"]
    assert "제출 1개" in _row(panel, 0).text(1)
    second = _row(panel, 1)
    panel.tree.setCurrentItem(second)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert len(picked) == 2
    assert sorted(a.original_name for a in panel.desk.attachments.of(panel.app_id)) == ["a.pdf", "b.pdf"]


def test_the_context_menu_offers_the_buttons_actions(
        panel: AttachmentsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = pdf_with_text(tmp_path / "a.pdf", ["A"])
    monkeypatch.setattr(panel, "_pick", lambda: str(file))
    panel.tree.setCurrentItem(_row(panel, 0))
    menu = panel.menu()
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["파일 추가…", "바꾸기…", "삭제"]
    assert actions["파일 추가…"].isEnabled() and not actions["삭제"].isEnabled()
    actions["파일 추가…"].trigger()
    assert len(panel.desk.attachments.of(panel.app_id)) == 1
    child = _row(panel, 0).child(0)
    assert child is not None
    panel.tree.setCurrentItem(child)
    menu = panel.menu()
    actions = {a.text(): a for a in menu.actions()}
    assert actions["삭제"].isEnabled()
    actions["삭제"].trigger()
    assert panel.desk.attachments.of(panel.app_id) == []
    # a right-click on a row selects it first (the menu itself is not run here)
    shown: list[list[str]] = []
    monkeypatch.setattr(panel, "popup", lambda menu, _where: shown.append([a.text() for a in menu.actions()]))
    second = _row(panel, 2)
    rect = panel.tree.visualItemRect(second)
    panel._show_menu(QPoint(rect.left() + 8, rect.center().y()))
    assert panel.tree.currentItem() is second
    assert shown == [["파일 추가…", "바꾸기…", "삭제"]]


def test_the_first_time_passphrase_dialog_speaks_plainly(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.passphrase import PassphraseDialog

    for lang, plain, jargon in (("ko", "암호를 안전하게 보관할 곳(키링)이 없어", "운영체제 키링"),
                                ("en", "no safe place to keep secrets (a keyring)", "OS keyring")):
        i18n.set_language(lang)
        dialog = PassphraseDialog("create")
        qtbot.add_widget(dialog)
        text = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert plain in text and jargon not in text, text
    i18n.set_language("ko")


def test_toolbar_save_on_the_company_profile_saves_it(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    """Tester report (founder #4): 저장 in the toolbar did nothing on 회사 정보; the real button was
    at the bottom of the form, and the page spoke of "고객사" to a founder."""
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    try:
        win = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.add_widget(win)
        win.show()
        win.show_clients()
        page = win.clients
        summary = page.documents.summary.text()
        assert "고객사" not in summary and "회사 정보를 저장하면" in summary
        assert win.current_page() is page and win.save_action.isEnabled(), win.save_action.isEnabled()
        win.save_action.trigger()  # nothing typed yet: refused, and said
        assert "저장하지 못했습니다" in win.statusBar().currentMessage()
        assert ui_errors and "기업명" in ui_errors[-1], "the missing name is said"
        ui_errors.clear()
        page.profile.editors["company.name"].set_value("지은데이터라벨링")
        win.save_action.trigger()
        assert win.statusBar().currentMessage() == "회사 정보 저장됨"
        assert page.profile.client_id is not None
        assert desk.clients.get(page.profile.client_id).profile["company.name"] == "지은데이터라벨링"
        assert page.documents.add_button.isEnabled(), "보관 서류 can take documents now"
        win.close()
    finally:
        desk.close()



def test_english_counts_are_singular_for_one(qtbot: QtBot, base_dir: Path) -> None:
    """Tester report (founder #9): English mode said "1 errors" (section badges, the check panel)."""
    from ui.check_panel import CheckPanel

    assert (i18n.count(1, "error"), i18n.count(2, "error"), i18n.count(1, "field was", "fields were")) == (
        "1 error", "2 errors", "1 field was")
    i18n.set_language("en")
    try:
        form = next(f for f in load_shipped() if (f.id, f.edition) == ("data-voucher", "2026"))
        desk = Desk.open(auto_backup=False)
        try:
            app_id = desk.apps.new(form).app_id
            result = desk.apps.check(app_id)
        finally:
            desk.close()
        one = dataclasses.replace(result, issues=[result.errors[0]])
        panel = CheckPanel(form)
        qtbot.add_widget(panel)
        panel.show_result(one)
        assert "1 error remain" in panel.summary.text() and "1 errors" not in panel.summary.text(), \
            panel.summary.text()
        panel.show_result(dataclasses.replace(result, issues=result.errors[:2]))
        assert "2 errors remain" in panel.summary.text()
    finally:
        i18n.set_language("ko")


def test_the_company_profile_shows_the_fields_help(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    """The founder counted herself as an employee: 회사 정보 now shows each field's help under it."""
    from PySide6.QtWidgets import QLabel

    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    try:
        win = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.add_widget(win)
        win.show_clients()
        hints = [w.text() for w in win.clients.profile.findChildren(QLabel, "profileHelp")]
        assert any("대표자" in h and "상시근로자" in h for h in hints), hints
    finally:
        desk.close()
