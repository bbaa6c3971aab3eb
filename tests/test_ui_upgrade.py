"""Upgrade and carry-forward dialogs in the window: diff first, nothing lost, undoable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.forms import FormDefinition, load_form
from desktop_app.service import Desk
from ui import errors, i18n
from ui.main_window import MainWindow
from ui.upgrade_dialogs import CarryForwardDialog, UpgradeDialog

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"
OLD = load_form(FORMS / "mig_2025.yaml")
NEW = load_form(FORMS / "mig_2026.yaml")
ANSWERS = {"company_name": "주식회사 이관", "ceo": "박대표", "fax": "042-861-2301", "grant": 9000000,
           "budget": [{"item": "라벨링", "cost": 9000000}]}


def lookup(spec: str) -> FormDefinition:
    return {OLD.key: OLD, NEW.key: NEW, OLD.id: NEW}[spec]


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    desk = Desk.open(base_dir / "db.sqlite3", forms=lookup, auto_backup=False)
    win = MainWindow(desk, [OLD, NEW], "consultant")
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == [], ui_errors


def test_upgrade_shows_the_diff_then_applies_and_undoes(window: MainWindow, qtbot: QtBot) -> None:
    app_id = window.desk.apps.new(OLD, answers=ANSWERS).app_id
    assert app_id is not None
    editor = window.open_app(app_id)
    assert editor is not None and not editor.upgrade_button.isHidden()
    shown: list[UpgradeDialog] = []
    window.confirm_upgrade = lambda d: shown.append(d) or False  # type: ignore[method-assign,func-returns-value]
    assert not window.upgrade_app(app_id)
    assert window.desk.apps.get(app_id).form_key == OLD.key, "cancelling writes nothing"
    rows = [[shown[0].tree.topLevelItem(i).text(c) for c in range(4)]  # type: ignore[union-attr]
            for i in range(shown[0].tree.topLevelItemCount())]
    assert any(r[0] == "없어짐" and "042-861-2301" in r[3] for r in rows)
    assert any(r[1] == "대표자" or r[2] == "대표자" for r in rows)

    window.confirm_upgrade = lambda d: True  # type: ignore[method-assign]
    assert window.upgrade_app(app_id)
    editor = window.editor
    assert editor is not None and editor.form.key == NEW.key
    assert editor.view.answers["representative"] == "박대표"
    tab = editor.tabs.indexOf(editor.parked)
    assert editor.tabs.isTabVisible(tab) and editor.parked.topLevelItemCount() == 1
    assert editor.upgrade_button.isHidden()

    editor.undo()
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.form.key == OLD.key)
    assert window.editor is not None and window.editor.view.answers["ceo"] == "박대표"


def test_carry_forward_dialog_and_confirming_a_carried_answer(window: MainWindow, qtbot: QtBot) -> None:
    app_id = window.desk.apps.new(OLD, answers=ANSWERS).app_id
    assert app_id is not None
    dialog = CarryForwardDialog(OLD, [OLD, NEW], window)
    qtbot.add_widget(dialog)
    assert dialog.target_form() is NEW, "the newest edition of the same programme is offered first"
    dialog.boxes[1][1].setChecked(False)
    assert dialog.sections() == ["company"]
    new_id = window.copy_to_newer(app_id, NEW, ["company"])
    assert new_id is not None
    editor = window.editor
    assert editor is not None and editor.app_id == new_id
    row = editor.view.rows["representative"]
    assert not row.confirm.isHidden() and "확인하세요" in row.mark.text()
    assert "grant" not in editor.view.answers
    row.confirm.click()
    assert window.desk.apps.open(new_id).answers["representative"].provenance == "typed"
    assert row.confirm.isHidden()


def test_shipped_older_edition_upgraded_in_the_window(qtbot: QtBot, base_dir: Path) -> None:
    """The shipped data voucher 2022 sample, upgraded through the window to the newest edition (2026,
    by way of 2023's renames)."""
    from desktop_app.forms import load_shipped

    seen: list[str] = []
    errors.set_sink(lambda summary, details: seen.append(summary))
    desk = Desk.open(auto_backup=False)
    win = MainWindow(desk, load_shipped(), "consultant")
    qtbot.add_widget(win)
    try:
        sample = Path(__file__).resolve().parent / "fixtures" / "answers" / "data-voucher-2022-sme.json"
        app_id = win.import_answers(str(sample))
        assert app_id is not None and win.editor is not None
        assert not win.editor.upgrade_button.isHidden()
        dialogs: list[UpgradeDialog] = []
        win.confirm_upgrade = lambda d: dialogs.append(d) or True  # type: ignore[method-assign,func-returns-value]
        assert win.upgrade_app(app_id)
        assert dialogs and dialogs[0].tree.topLevelItemCount() > 10
        editor = win.editor
        assert editor is not None and editor.form.key == "data-voucher@2026"
        assert editor.parked.topLevelItemCount() == 2  # covid_affected (dropped in 2023), track (in 2026)
        codes = {i.code for i in editor.result().errors}
        assert codes == {"gov_share_over_cap", "private_cash_too_low", "sme_certificate_expired", "required"}
    finally:
        win.close_editor()
        desk.close()
        errors.set_sink(None)
    assert seen == []


def test_a_changed_definition_of_the_same_edition_is_explained_and_applied(window: MainWindow) -> None:
    app_id = window.desk.apps.new(NEW, answers={"company_name": "주식회사 이관", "fax": "042-861-2301"}).app_id
    assert app_id is not None
    window.desk.store.db.execute("UPDATE applications SET form_hash = 'an-older-definition' WHERE id = ?", (app_id,))
    editor = window.open_app(app_id)
    assert editor is not None and editor.form_changed
    assert "바뀌었습니다" in editor.title.text()
    assert not editor.upgrade_button.isHidden() and "바뀐 양식" in editor.upgrade_button.text()
    window.confirm_upgrade = lambda d: True  # type: ignore[method-assign]
    assert window.upgrade_app(app_id)
    view = window.desk.apps.open(app_id)
    assert not view.form_changed and view.app.form_hash == NEW.content_hash
    assert view.parked == {"fax": "042-861-2301"}, "an answer the definition no longer has is kept aside"
    assert window.editor is not None and window.editor.upgrade_button.isHidden()
