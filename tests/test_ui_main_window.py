"""The main window's pages: modes, language, home, catalogue pre-check, profile updates,
history, attachments and the PDF preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.answers import read_answers
from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from desktop_app.service.eligibility import precheck_rules
from ui import i18n, settings
from ui.catalogue import NewApplicationDialog, precheck_problems
from ui.fields import BoolEditor, ChoiceEditor
from ui.main_window import MainWindow
from ui.pdf_export import PdfPreview

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def make_window(qtbot: QtBot, mode: str) -> MainWindow:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    win = MainWindow(desk, load_shipped(), mode)
    qtbot.add_widget(win)
    win.show()
    return win


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    win = make_window(qtbot, settings.CONSULTANT)
    yield win
    win.close_editor()
    win.desk.close()


def test_solo_mode_hides_the_client_list(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    win = make_window(qtbot, settings.SOLO)
    try:
        assert win.home.batch_pdf_button.isHidden() and win.home.batch_check_button.isHidden()  # a consultant's
        win.show_clients()
        assert win.clients_action.text() == "회사 정보"
        assert win.clients.list.parentWidget().isHidden()
        profile = win.clients.profile
        profile.editors["company.name"].set_value("나홀로 주식회사")
        assert profile.save() is not None
        win.toggle_mode()
        assert win.mode == settings.CONSULTANT and settings.mode() == settings.CONSULTANT
        win.show_clients()
        assert not win.clients.list.parentWidget().isHidden()
        assert win.clients.list.count() == 1
        assert not win.home.batch_pdf_button.isHidden()
    finally:
        win.desk.close()


def test_english_switch_rebuilds_pages(window: MainWindow) -> None:
    window.toggle_language()
    try:
        assert window.windowTitle() == "Voucher Desk"
        assert window.home.new_button.text() == "New application"
        assert settings.saved_language() == "en"
    finally:
        window.toggle_language()
    assert window.home.new_button.text() == "새 신청서"


def test_home_lists_status_completion_errors_and_deadline(window: MainWindow, qtbot: QtBot) -> None:
    imported = window.import_answers(str(SAMPLE))
    assert imported is not None
    window.show_home()
    home, model = window.home, window.home.model
    assert model.rowCount() == 1
    home.text(0, 4)  # asks for the health, as the view does when it paints the row
    qtbot.waitUntil(lambda: home.text(0, 4) != "…", timeout=10_000)
    row = [home.text(0, j) for j in range(model.columnCount())]
    assert row[3] == "작성 중" and row[5] == "0" and row[4] == "100%"
    home.today = load_shipped()[0].deadline.date() - dt.timedelta(days=3)
    home.refresh()
    deadline = model.index(0, 6)
    assert "D-3" in home.text(0, 6)
    assert model.data(deadline, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    home.search.setText("없는이름")
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=5_000)


def test_precheck_questions_come_from_the_rules(window: MainWindow, qtbot: QtBot) -> None:
    form = next(f for f in load_shipped() if f.id == "ai-data-voucher")
    rules, fields = precheck_rules(form)
    assert "tax_arrears" in {r.id for r in rules}
    assert all(f.type in ("boolean", "choice") for f in fields)
    assert precheck_problems(form, {}) == []
    assert any("체납" in m for m in precheck_problems(form, {"tax_arrears": True}))
    dialog = NewApplicationDialog([form], window.desk.clients, window)
    qtbot.add_widget(dialog)
    dialog.show()
    editor = dialog.editors["tax_arrears"]
    assert isinstance(editor, BoolEditor)
    qtbot.mouseClick(editor.yes, Qt.MouseButton.LeftButton)
    assert "지원 대상이 아닐 수 있습니다" in dialog.verdict.text()
    qtbot.mouseClick(editor.no, Qt.MouseButton.LeftButton)
    assert "신청할 수 있습니다" in dialog.verdict.text()
    assert dialog.answers() == {"tax_arrears": False}
    choice = next(e for e in dialog.editors.values() if isinstance(e, ChoiceEditor))
    assert choice.combo.count() > 1


def test_profile_change_offers_to_update_open_drafts(window: MainWindow) -> None:
    client = window.desk.clients.create({"company.name": "옛이름 주식회사", "company.brn": "124-81-00998"})
    assert client.client_id is not None
    form = next(f for f in load_shipped() if f.id == "ai-data-voucher")
    app_id = window.create_application(form, client.client_id)
    assert app_id is not None
    window.show_clients()
    window.clients.select_client(client.client_id)
    profile = window.clients.profile
    asked: list[str] = []
    profile.confirm = lambda q: asked.append(q) or True  # type: ignore[func-returns-value]
    profile.editors["company.name"].set_value("새이름 주식회사")
    assert profile.save() == client.client_id
    assert asked and "1건" in asked[0]
    field = next(f.id for f in form.fields.values() if f.profile == "company.name")
    answer = window.desk.apps.open(app_id).answers[field]
    assert (answer.value, answer.provenance) == ("새이름 주식회사", "profile")


def test_profile_editor_uses_the_form_validators(window: MainWindow) -> None:
    window.show_clients()
    window.clients.new_client()
    profile = window.clients.profile
    profile.editors["company.name"].set_value("검증 주식회사")
    profile.editors["company.brn"].set_value("124-81-00999")
    assert profile.save() is None
    assert "검증번호" in profile.messages["company.brn"].text()
    assert window.desk.clients.search("") == []


def test_history_restore_and_attachment_type_check(window: MainWindow, ui_errors: list[str], tmp_path: Path) -> None:
    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None
    editor = window.editor
    assert editor is not None
    field = next(f.id for f in editor.form.fields.values() if f.profile == "company.name")
    editor.view.set_value(field, "바뀐 이름")
    editor._queue(field, "바뀐 이름")
    editor.flush()
    history = editor.history
    history.refresh()
    assert history.list.count() >= 2
    history.list.setCurrentRow(history.list.count() - 1)  # the oldest: the import
    assert "바뀐 이름" in history.diff.toPlainText()
    history.restore()
    assert window.desk.apps.open(app_id).values[field] == read_answers(SAMPLE).answers[field]
    bad = tmp_path / "notes.txt"
    bad.write_text("not a pdf", encoding="utf-8")
    requirement = editor.form.attachments[0].id
    assert not editor.attachments.add(str(bad), requirement)
    assert ui_errors, "a refused attachment is explained"


def test_pdf_preview_shows_pages(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None
    out = tmp_path / "신청서.pdf"
    with qtbot.waitSignal(window.exporter.done, timeout=60_000):
        assert window.export_pdf(path=out, final=None, preview=True)
    preview = window.last_preview
    assert isinstance(preview, PdfPreview)
    qtbot.add_widget(preview)
    assert preview.document.pageCount() >= 3
    image = preview.document.render(0, preview.document.pagePointSize(0).toSize())
    assert not image.isNull()
    preview.close()


def test_start_shows_the_window_first_then_the_core(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.run import Starter

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    starter = Starter(app, settings.CONSULTANT)
    starter.start()
    assert starter.shell.isVisible()
    qtbot.waitUntil(lambda: starter.window is not None and starter.window.isVisible(), timeout=30_000)
    assert not starter.shell.isVisible()
    qtbot.waitUntil(lambda: not starter.backup.running(), timeout=30_000)
    backups = list((base_dir / "data" / "backups").glob("*.sqlite3"))
    assert backups, "the daily backup was taken on the worker thread"
    starter.window.close()
    starter.desk.close()


def test_home_fills_completion_a_few_rows_at_a_time(window: MainWindow, qtbot: QtBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import home_model

    form = load_shipped()[0]
    for _ in range(12):
        window.desk.apps.new(form)
    monkeypatch.setattr(home_model, "HEALTH_SLICE_S", 0.0)
    home = window.home
    home._health.clear()
    home.refresh()
    rows = range(home.model.rowCount())
    pending = [home.text(r, 4) for r in rows]
    assert pending.count("…") >= 10, "nothing is validated before the event loop turns"
    home.model._fill_health()
    assert [home.text(r, 4) for r in rows].count("…") >= 10, "one turn validates only one row"
    qtbot.waitUntil(lambda: all(home.text(r, 4) != "…" for r in rows), timeout=10_000)
    assert {home.text(r, 5) for r in rows} != {"…"}


def test_qt_standard_buttons_speak_korean() -> None:
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui.qt_translations import apply_language

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert apply_language(app, "ko")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in box.buttons()) == sorted(["확인", "취소"])
    finally:
        apply_language(app, "en")


def test_the_window_notices_another_programs_changes(window: MainWindow, base_dir: Path) -> None:
    """The CLI (another connection) adds an application: the home list shows it on the next tick."""
    from desktop_app.cli import main as cli_main

    before = window.home.model.total
    assert not window.notice_outside_changes()
    assert cli_main(["apps", "new", "ai-data-voucher", "--title", "다른 창에서 만든 신청서"]) == 0
    assert window.notice_outside_changes()
    assert window.home.model.total == before + 1
    assert "다른 프로그램" in window.statusBar().currentMessage()
    assert not window.notice_outside_changes(), "once per change"
