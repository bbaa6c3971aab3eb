"""The first window, driven through its real widgets (offscreen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.answers import read_answers
from desktop_app.forms import load_shipped
from ui import i18n
from ui.window import MainWindow, build_window

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json"))


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path) -> MainWindow:
    i18n.set_language("ko")
    win = build_window()
    qtbot.add_widget(win)
    win.show()
    return win


def _texts(win: MainWindow) -> list[str]:
    out = []
    for i in range(win.issues.topLevelItemCount()):
        top = win.issues.topLevelItem(i)
        assert top is not None
        out.append(top.text(0))
        out += [top.child(j).text(0) for j in range(top.childCount())]
    return out


def test_catalogue_lists_every_programme(window: MainWindow) -> None:
    forms = load_shipped()
    assert window.catalogue.count() == len(forms)
    assert "운영기관" in window.details.toPlainText()
    assert window.current_form() is not None


def test_open_sample_check_and_export(window: MainWindow, tmp_path: Path) -> None:
    sample = SAMPLES[0]
    window.open_answers(str(sample))
    assert window.result is not None and not window.result.blocking
    assert any("문제가 없습니다" in t or "안내" in t for t in _texts(window))
    out = tmp_path / "신청서.pdf"
    assert window.write_pdf(out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "저장됨" in window.statusBar().currentMessage()


def test_blocking_issues_are_grouped(window: MainWindow, tmp_path: Path) -> None:
    sample = SAMPLES[0]
    data = read_answers(sample)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"form": data.form, "answers": {}}), encoding="utf-8")
    window.open_answers(str(broken))
    assert window.result is not None and window.result.blocking
    texts = _texts(window)
    assert texts[0].startswith("오류 (")
    assert "초안" in window.statusBar().currentMessage()


def test_english_switch(window: MainWindow) -> None:
    window.lang_action.setChecked(True)
    assert window.windowTitle() == "Voucher Desk"
    assert "Agency" in window.details.toPlainText()
    window.lang_action.setChecked(False)
    assert window.windowTitle() == "바우처 데스크"
