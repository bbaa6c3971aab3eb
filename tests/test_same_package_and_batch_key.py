"""A package imported twice says it is the same one and makes no second application (CLI and
window); the window's batch asks for the data passphrase when sensitive answers need it
(issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_keyring import using
from pytestqt.qtbot import QtBot

from desktop_app.cli import main
from desktop_app.forms import load_shipped
from desktop_app.security.passphrase import Purpose
from desktop_app.service import Desk
from ui import i18n, settings
from ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
PASSPHRASE = "correct horse battery"


def _count(desk: Desk) -> int:
    return desk.apps.count(include_archived=True)


def test_importing_the_same_package_again_says_so_and_writes_nothing(
        base_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with Desk.open(auto_backup=False) as desk:
        app = desk.answers.import_file(SAMPLE).app_id
    plain, sealed = tmp_path / "a.vdpkg", tmp_path / "a-encrypted.vdpkg"
    assert main(["export", str(app), "-o", str(plain)]) == 0
    monkeypatch.setenv("VOUCHER_DESK_PACKAGE_PASSPHRASE", PASSPHRASE)
    assert main(["export", str(app), "-o", str(sealed), "--encrypt"]) == 0
    capsys.readouterr()

    assert main(["import", str(plain), "--client-conflict", "keep"]) == 0
    first = int(capsys.readouterr().out)
    with Desk.open(auto_backup=False) as desk:
        before = _count(desk)
    for package in (plain, sealed):  # encrypted or not, the same contents are the same package
        assert main(["import", str(package), "--client-conflict", "keep"]) == 0
        out, err = capsys.readouterr()
        assert int(out) == first
        assert f"같은 패키지를 이미 가져왔습니다: 신청서 #{first}" in err and "새 신청서를 만들지 않았습니다" in err
        assert "--again" in err
    with Desk.open(auto_backup=False) as desk:
        assert _count(desk) == before

    assert main(["import", str(plain), "--client-conflict", "keep", "--again"]) == 0
    second = int(capsys.readouterr().out)
    assert second != first
    with Desk.open(auto_backup=False) as desk:
        assert _count(desk) == before + 1
        assert desk.apps.open(second).values == desk.apps.open(first).values
    assert main(["import", str(SAMPLE), "--again"]) == 2
    assert "--again" in capsys.readouterr().err


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    desk = Desk.open(auto_backup=False)
    desk.answers.import_file(SAMPLE)
    win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    desk.close()
    assert ui_errors == []


def test_the_window_asks_before_importing_the_same_package_again(window: MainWindow, tmp_path: Path) -> None:
    package = tmp_path / "a.vdpkg"
    assert main(["export", "1", "-o", str(package)]) == 0
    first = window.import_package(package, conflict="keep")
    assert first is not None and first != 1
    asked: list[str] = []

    def answer(reply: str):  # type: ignore[no-untyped-def]
        def decide(found: object) -> str:
            asked.append(str(found))
            return reply
        return decide

    count = _count(window.desk)
    assert window.import_package(package, conflict="keep", same=answer("cancel")) is None
    assert window.import_package(package, conflict="keep", same=answer("open")) == first
    assert window.editor is not None and window.editor.app_id == first
    assert _count(window.desk) == count
    assert len(asked) == 2 and f"신청서 #{first}" in asked[0]
    third = window.import_package(package, conflict="keep", same=answer("again"))
    assert third not in (None, first) and _count(window.desk) == count + 1


def test_the_windows_batch_asks_for_the_data_passphrase_when_sealed_answers_need_it(
        qtbot: QtBot, base_dir: Path, ui_errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    i18n.set_language("ko")
    monkeypatch.delenv("VOUCHER_DESK_PASSPHRASE", raising=False)
    with using(fail.Keyring()):  # no OS keyring: the key is behind the user's passphrase
        with Desk.open(auto_backup=False, passphrase=lambda _p: PASSPHRASE) as setup:
            for _ in range(2):
                setup.answers.import_file(SAMPLE)
            assert setup.vault.status().mode == "passphrase"
        asked: list[Purpose] = []
        replies = [None, PASSPHRASE]

        def source(purpose: Purpose) -> str | None:
            asked.append(purpose)
            return replies.pop(0)

        desk = Desk.open(auto_backup=False, passphrase=source)
        win = MainWindow(desk, load_shipped(), settings.CONSULTANT)
        qtbot.add_widget(win)
        win.show()
        try:
            refused = win.run_batch("check")  # the user cancels the passphrase: nothing runs
            assert refused is not None and refused.summary is None and not refused.running()
            assert "암호가 없어 시작하지 않았습니다" in refused.label.text()
            assert len(ui_errors) == 1
            ui_errors.clear()
            dialog = win.run_batch("check")
            assert dialog is not None
            qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30_000)
            summary = dialog.summary
            assert summary is not None and summary.count("ok") == 2 and summary.count("failed") == 0
            assert asked == ["unlock", "unlock"]
        finally:
            win.close_editor()
            desk.close()
    assert ui_errors == []
