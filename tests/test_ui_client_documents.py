"""The client page's kept documents: added with their issue date through the real widgets,
shown with their validity, used by the client's applications (issue 18 #5)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import file_dialogs, i18n, settings
from ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "answers" / "ai-voucher-2024-small.json"
FILES = FIXTURES / "answers" / "attachments" / "ai-voucher-2024"


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, tmp_path: Path, ui_errors: list[str]
           ) -> Iterator[tuple[MainWindow, int, int]]:
    i18n.set_language("ko")
    shutil.copytree(FIXTURES / "answers" / "attachments", tmp_path / "answers" / "attachments")  # beside it
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    del data["attachments"]["corporate_register"]
    answers = tmp_path / "answers" / "a.json"
    answers.parent.mkdir(exist_ok=True)
    answers.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    desk = Desk.open(auto_backup=False)
    client = desk.clients.create({"company.name": "주식회사 세진정밀"}).client_id
    assert client is not None
    app = desk.answers.import_file(answers, client_id=client).app_id
    assert app is not None
    win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win, client, app
    win.close_editor()
    desk.close()
    assert ui_errors == []


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    def run(dialog: QFileDialog) -> bool:
        dialog.selectFile(str(path))
        return True

    monkeypatch.setattr(file_dialogs, "run", run)


def test_a_document_added_on_the_client_page_serves_its_applications(
        window: tuple[MainWindow, int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    win, client, app = window
    win.show_clients()
    win.clients.select_client(client)
    panel = win.clients.documents
    assert panel.client_id == client and panel.table.rowCount() == 0
    assert "보관된 서류가 없습니다" in panel.summary.text()
    panel.today = lambda: dt.date(2024, 2, 10)

    panel.kind.setCurrentIndex(panel.kind.findData("corporate_register"))
    panel.issued.setDate(QDate(2023, 10, 1))
    _choose_file(monkeypatch, FILES / "corporate-register.pdf")
    panel.add_button.click()
    assert panel.table.rowCount() == 1
    cells = [panel.table.item(0, c).text() for c in range(5)]  # type: ignore[union-attr]
    assert cells == ["법인등기사항증명서", "2023-10-01", "2024-01-01", "만료됨", "corporate-register.pdf"]
    assert panel.table.item(0, 0).foreground().color().name() == "#b00020"  # type: ignore[union-attr]
    assert "법인등기사항증명서: 2024-01-01에 만료되었습니다 (발급일 2023-10-01)" in panel.summary.text()

    result = win.desk.apps.check(app, today=dt.date(2024, 2, 10))
    assert [i.code for i in result.errors] == ["client_document.expired"]
    assert result.from_client == ("corporate_register",)

    panel.issued.setDate(QDate(2024, 1, 20))
    panel.add_button.click()
    assert panel.table.rowCount() == 2
    states = [panel.table.item(r, 3).text() for r in range(2)]  # type: ignore[union-attr]
    assert states == ["유효", "만료됨 · 이전 발급분(쓰지 않음)"]
    assert win.desk.apps.check(app, today=dt.date(2024, 2, 10)).errors == []
    assert panel.summary.text() == "서류 2건, 모두 유효합니다."

    # a date after today is refused with the reason, nothing added
    panel.issued.setDate(QDate(2024, 3, 1))
    errors: list[str] = []
    monkeypatch.setattr("ui.ops.show_error", lambda _parent, exc: errors.append(str(exc)))
    panel.add_button.click()
    assert panel.table.rowCount() == 2 and errors and "2024-03-01" in errors[0]

    # the editor's attachment list says the item is filled by the client's document
    editor = win.open_app(app)
    assert editor is not None
    tree = editor.attachments.tree
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).text(0) == "법인등기사항증명서")  # type: ignore[union-attr]
    assert "고객사 보관 서류 사용" in row.text(1)  # type: ignore[union-attr]
    assert win.close_editor()

    win.show_clients()
    win.clients.select_client(client)
    panel.table.selectRow(0)
    panel.remove_button.click()
    assert panel.table.rowCount() == 1 and panel.table.item(0, 1).text() == "2023-10-01"  # type: ignore[union-attr]
