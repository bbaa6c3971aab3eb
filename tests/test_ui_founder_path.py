"""The founder's whole path through the real window (issue 13, "Tests"): a 예비창업자 answers the
first questions in the interview, goes on in the form view — Korean typed through input-method
events, dates typed in three formats, table choices picked from their editors — adds the
attachments in the panel (a PDF of her own and a phone photo among them), exports through the
window's own export action, and the PDF's pages are read back: each attached document's text is
on its pages, the checklist says "첨부 n쪽" for each, and nothing says "별도 제출"."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from attachment_files import jpeg_with_text, pdf_with_text
from pick_list import pick_in_open_list
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QPushButton
from pytestqt.qtbot import QtBot
from test_ui_e2e import fill  # Korean through input-method events

from desktop_app.answers import read_answers
from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.editor import EditorPage
from ui.fields import ChoiceEditor, DateEditor
from ui.interview import InterviewView
from ui.main_window import MainWindow
from ui.table_editor import TableEditor, cell_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-founder.json"
FIXTURE_TEXT = {  # what each sample attachment says (tests/fixtures/attachments/make_attachments.py)
    "registration-fact.pdf": "Certificate of facts: no business registration held (sample)",
    "tax-certificates.pdf": "National and local tax payment certificates (sample)",
    "supplier-quote.pdf": "Supplier quotation matching the budget lines (sample)",
    "prior-agreement.pdf": "Prior agreement between demand company and supplier (sample)",
    "participation-pledge.pdf": "Participation pledge with both seals (sample)",
    "consent-forms.pdf": "Signed personal data consent forms (sample)",
}


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    settings.set_editor_mode(settings.FORM)
    desk = Desk.open(auto_backup=False)
    win = MainWindow(desk, load_shipped(), "solo")
    qtbot.add_widget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == [], ui_errors


def interview_question(iv: InterviewView, field_id: str) -> Any:
    return next(q for q in iv.questions if q.field.id == field_id).editor


def pick_combo(qtbot: QtBot, combo: QComboBox, value: Any) -> None:
    combo.setFocus()
    while combo.currentData() != value:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def pick_cell(qtbot: QtBot, table: TableEditor, row: int, col: int, label: str) -> None:
    """F2 on the cell opens its list of labels in the cell; step to `label` and press Enter."""
    table.table.setFocus()
    table.table.setCurrentCell(row, col)
    table.table.scrollTo(table.table.model().index(row, col))  # as the user scrolls to it
    qtbot.keyClick(table.table, Qt.Key.Key_F2)
    pick_in_open_list(qtbot, table, label)
    qtbot.waitUntil(lambda: table.table.state() != QAbstractItemView.State.EditingState)


FORMATS = [lambda d: d.replace("-", "."), lambda d: d.replace("-", ""),
           lambda d: f"{int(d[:4])}/{int(d[5:7])}/{int(d[8:10])}"]


def type_date(qtbot: QtBot, widget: Any, iso: str, n: int) -> str:
    typed = FORMATS[n % 3](iso)
    widget.clear()
    widget.setFocus()
    qtbot.keyClicks(widget, typed)
    return typed


def fill_table(qtbot: QtBot, editor: EditorPage, table: TableEditor, rows: list[dict[str, Any]],
               typed_dates: list[str]) -> None:
    add = next(b for b in table.findChildren(QPushButton) if b.text() == "행 추가")
    for i, row in enumerate(rows):
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        for j, column in enumerate(table.columns):
            if column.compute or column.id not in row:
                continue
            value = row[column.id]
            if column.type in ("choice", "boolean"):
                pick_cell(qtbot, table, i, j, cell_text(column, value))
                continue
            item = table.table.item(i, j)
            assert item is not None
            text = cell_text(column, value)
            if column.type == "date":
                text = FORMATS[len(typed_dates) % 3](str(value))
                typed_dates.append(text)
            item.setText(text)


def test_a_founder_finishes_alone_through_the_window(window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    sample = read_answers(SAMPLE)
    form = next(f for f in load_shipped() if f.key == sample.form)
    app_id = window.create_application(form, None)
    assert app_id is not None
    editor = window.editor
    assert isinstance(editor, EditorPage)

    # --- the interview: the first questions, one screen at a time
    editor.set_mode(settings.INTERVIEW)
    iv = editor.interview
    kind = interview_question(iv, "applicant_type")
    assert isinstance(kind, ChoiceEditor)
    pick_combo(qtbot, kind.combo, "founder")
    qtbot.mouseClick(iv.next_button, Qt.MouseButton.LeftButton)
    pick_combo(qtbot, interview_question(iv, "track").combo, "general")
    qtbot.mouseClick(iv.next_button, Qt.MouseButton.LeftButton)
    other = interview_question(iv, "applied_other_track")
    qtbot.mouseClick(other.no, Qt.MouseButton.LeftButton)
    stored = window.desk.apps.open(app_id).values
    assert (stored["applicant_type"], stored["track"], stored["applied_other_track"]) == ("founder", "general", False)

    # --- the form view keeps the place and the answers
    editor.set_mode(settings.FORM)
    assert editor.view.current_field == "applied_other_track"
    assert editor.view.answers["applicant_type"] == "founder"
    typed_dates: list[str] = []
    for field_id, value in sample.answers.items():
        if field_id in ("applicant_type", "track", "applied_other_track") or field_id not in form.fields:
            continue
        field = form.fields[field_id]
        editor.view.focus_field(field_id)
        widget = editor.view.rows[field_id].editor
        if field.type == "image":
            value = str(sample.resolve(value))
        if isinstance(widget, DateEditor) and field.type == "date":
            typed_dates.append(type_date(qtbot, widget.edit, value, len(typed_dates)))
            qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
            assert widget.edit.text() == value  # read and shown as the agency writes it
        elif isinstance(widget, TableEditor):
            fill_table(qtbot, editor, widget, value, typed_dates)
        elif isinstance(widget, ChoiceEditor):
            pick_combo(qtbot, widget.combo, value)
        else:
            fill(widget, value, qtbot)
    assert any("." in d for d in typed_dates) and any("/" in d for d in typed_dates)
    assert any(len(d) == 8 and d.isdigit() for d in typed_dates)  # three formats, all read
    # Korean arrived through input-method events, and is on disk
    editor.flush()
    stored = window.desk.apps.open(app_id).values
    assert stored["company_name"] == sample.answers["company_name"]
    assert stored["datasets"][0]["rights"] == sample.answers["datasets"][0]["rights"]
    assert stored["kpis"][0]["direction"] == sample.answers["kpis"][0]["direction"]
    assert stored["project_start"] == sample.answers["project_start"]

    # --- attachments through the panel: the sample's PDFs, one of her own, and a phone photo
    own = pdf_with_text(tmp_path / "납세증명서_국세.pdf", ["NATIONAL TAX FD-1001", "LOCAL TAX FD-1002"])
    photo = jpeg_with_text(tmp_path / "사업자등록 사실증명 사진.jpg")
    for requirement, names in sample.attachments.items():
        for name in names:
            assert editor.attachments.add(str(sample.resolve(name)), requirement)
    assert editor.attachments.add(str(own), "tax_certificate")
    assert editor.attachments.add(str(photo), "brn_certificate")
    result = editor.view.revalidate()
    assert [(i.path, i.code) for i in result.errors] == []

    # --- exported with the window's own action (the save dialog answered with our path)
    out = tmp_path / "신청서.pdf"
    monkeypatch.setattr("ui.main_window.save_path", lambda *_a, **_k: out)
    with qtbot.waitSignal(window.exporter.done, timeout=120_000):
        window.export_action.trigger()
    qtbot.waitUntil(out.exists, timeout=30_000)
    if window.last_preview is not None:
        window.last_preview.close()

    # --- the pages read back
    n = len(PdfReader(out).pages)
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), str(out), "-"],
                            check=True, capture_output=True, text=True).stdout for k in range(1, n + 1)]
    whole = "\n".join(texts)
    for name, text in FIXTURE_TEXT.items():
        assert any(text in page for page in texts), name
    first = next(k for k, page in enumerate(texts) if "NATIONAL TAX FD-1001" in page)
    assert "LOCAL TAX FD-1002" in texts[first + 1]
    photo_page = next(k for k, page in enumerate(texts) if "사업자등록 사실증명 사진.jpg" in page and "첨부 1." in page)
    xobjects = PdfReader(out).pages[photo_page]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    start = next(k for k, page in enumerate(texts) if "첨부 서류 확인표" in page)
    checklist = "\n".join(texts[start:start + 2])
    provided = {"founder_registration_fact": 1, "tax_certificate": 3, "supplier_quote": 1, "prior_agreement": 1,
                "participation_pledge": 1, "consent_forms": 1, "brn_certificate": 1}
    labels = {a.id: a.label.ko for a in form.attachments}
    for requirement, pages in provided.items():
        row = next(line for line in checklist.splitlines() if labels[requirement] in line)
        assert f"첨부 {pages}쪽" in row, (requirement, row)
    assert "별도 제출" not in whole and "별도 파일" not in whole
    assert "납세증명서_국세.pdf" in checklist
