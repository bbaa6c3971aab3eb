"""The window with a team: status bar, background sync, the conflict view, a colleague's lock."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot
from team_helpers import app_with_client

from desktop_app.forms import load_shipped
from desktop_app.storage import teamlog
from desktop_app.team.team import Team
from ui import i18n, settings
from ui.main_window import MainWindow

SHOTS = Path(os.environ.get("VOUCHER_DESK_SHOTS", "/work/notes/shots"))


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts

    app = QApplication.instance()
    if SHOTS.parent.exists() and isinstance(app, QApplication):
        register_fonts(app)
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / name))


def test_window_shows_team_status_syncs_in_background_and_offers_both_values(  # type: ignore[no-untyped-def]
        qtbot: QtBot, lead_and_consultant, ui_errors, team_server, monkeypatch) -> None:
    i18n.set_language("ko")
    a, b, kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)창고객", "124-81-00998")
    b.apps.save(app_b, "project_title", "처음")
    Team(b).sync()
    Team(a).sync()
    app_a = teamlog.id_of(a.store.db, "applications", teamlog.uuid_of(b.store.db, "applications", app_b))
    assert app_a is not None
    a.apps.save(app_a, "project_title", "팀장이 고침")
    b.apps.save(app_b, "project_title", "상담사가 고침")
    Team(b).sync()

    win = MainWindow(a, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    status = win.team_status
    assert status.isVisible()
    qtbot.waitUntil(lambda: status.online is True, timeout=20_000)  # the background sync ran
    assert "연결됨" in status.text() and "확인 필요 1건" in status.text(), status.text()
    editor = win.open_app(app_a)
    assert editor is not None
    panel = editor.conflicts
    assert panel.count() == 1
    assert editor.tabs.isTabVisible(editor.tabs.indexOf(panel))
    row = panel.tree.topLevelItem(0)
    assert row is not None
    shown, other = row.text(1), row.text(2)
    assert {shown, other.split(" — ")[0]} == {"팀장이 고침", "상담사가 고침"}
    assert kim in other or a.store.db is not None
    editor.tabs.setCurrentWidget(panel)
    _shot(win, "team-conflict.png")
    panel.keep_other.click()
    assert panel.count() == 0
    assert a.apps.open(app_a).values["project_title"] == other.split(" — ")[0]
    assert ui_errors == []

    # a colleague checks it out: here it opens read-only and says who holds it
    assert Team(b).lock(app_b)[0]
    win.close_editor()
    status.sync_now()
    qtbot.waitUntil(lambda: not status.task.running(), timeout=20_000)
    editor = win.open_app(app_a)
    assert editor is not None and editor.read_only
    assert kim in editor.title.text()
    assert not editor.view.isEnabled()
    _shot(win, "team-locked.png")

    # taking it over asks first, then the editor opens writable again and the server logged it
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kw: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    assert editor.checkout_button.isVisible() and "인계" in editor.checkout_button.text()
    editor.checkout_button.click()
    assert asked and kim in asked[0]
    qtbot.waitUntil(lambda: win.editor is not None and win.editor is not editor, timeout=5_000)
    assert win.editor is not None and not win.editor.read_only
    with team_server.admin() as conn:
        events = [r[0] for r in conn.execute("SELECT event FROM team.lease_log ORDER BY id")]
    assert events[-1] == "takeover"
    assert ui_errors == []
    win.close()
    assert not status.timer.isActive()  # no background sync outlives the window


def test_a_reviewers_window_is_read_only_and_says_so(  # type: ignore[no-untyped-def]
        qtbot: QtBot, lead_and_consultant, ui_errors, team_server, open_desk) -> None:
    i18n.set_language("ko")
    a, b, _kim = lead_and_consultant
    app_b, _ = app_with_client(b, "(주)검토대상", "124-81-00998")
    b.apps.save(app_b, "project_title", "검토받을 과제")
    Team(b).sync()
    name = f"rev_{team_server.tag}"
    invite = Team(a).add_member(name, "reviewer")
    r = open_desk("r")
    Team(r).join(team_server.conninfo, name, invite.code)
    Team(r).sync()
    app_r = teamlog.id_of(r.store.db, "applications", teamlog.uuid_of(b.store.db, "applications", app_b))
    assert app_r is not None
    win = MainWindow(r, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    status = win.team_status
    qtbot.waitUntil(lambda: status.online is True, timeout=20_000)
    assert "검토자 — 읽기 전용" in status.text(), status.text()
    assert not win.home.new_button.isEnabled() and not win.home.copy_button.isEnabled()
    pages = win.clients
    assert not any(b.isEnabled() for b in (pages.new_client_button, pages.archive_button, pages.import_button,
                                           pages.profile.save_button, pages.new_app_button))
    editor = win.open_app(app_r)
    assert editor is not None and editor.read_only
    assert not editor.view.isEnabled() and not editor.interview.isEnabled()
    assert "검토자 역할: 읽기 전용" in editor.title.text()
    assert editor.checkout_button.isHidden() and not editor.profile_button.isEnabled()
    assert r.apps.open(app_r).values["project_title"] == "검토받을 과제"  # what the reviewer reads
    _shot(win, "team-reviewer.png")
    assert ui_errors == []
    win.close()


def test_background_sync_without_a_keyring_uses_the_windows_key_or_says_why_not(  # type: ignore[no-untyped-def]
        qtbot: QtBot, team_server, open_desk, ui_errors, monkeypatch) -> None:
    from memory_keyring import failing, using

    i18n.set_language("ko")
    with using(failing()):
        monkeypatch.setenv("VOUCHER_DESK_PASSPHRASE", "a long local passphrase 16")
        a = open_desk("a")
        Team(a).init(f"{team_server.conninfo} user={team_server.lead}", team_server.password)
        assert a.vault.status().mode == "passphrase"
        monkeypatch.delenv("VOUCHER_DESK_PASSPHRASE")
        desk = open_desk("a")  # a fresh window: the key is not in memory yet
        win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.add_widget(win)
        win.show()
        status = win.team_status
        status.sync_now()
        assert "VOUCHER_DESK_PASSPHRASE" in status.toolTip() and "암호가 필요" in status.text(), status.text()
        assert not status.task.running()
        desk.vault.unlock("a long local passphrase 16")  # typed in the window
        status.sync_now()
        qtbot.waitUntil(lambda: status.online is True, timeout=20_000)  # the worker got the window's key
        assert "마지막 동기화" in status.text()
        assert ui_errors == []
        win.close()
