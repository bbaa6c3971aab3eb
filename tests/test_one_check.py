"""One check, one import: the editor, the status gate and both PDF exports judge an application
by the same validation result (desk.apps.check, seal file included), and the window imports an
answers file through the same transaction as the CLI (all attachments or nothing)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_keyring import failing, using
from pytestqt.qtbot import QtBot

from desktop_app.cli import main as cli_main
from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "answers"
SAMPLE = SAMPLES / "ai-data-voucher-2020-sme.json"


@pytest.fixture
def window(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> Iterator[MainWindow]:
    i18n.set_language("ko")
    win = MainWindow(Desk.open(auto_backup=False), load_shipped(), settings.CONSULTANT)
    qtbot.add_widget(win)
    win.show()
    yield win
    win.close_editor()
    win.desk.close()


def _drop_seal(desk: Desk) -> None:
    kept = list((desk.location.root / "images").glob("*.png"))
    assert kept, "the import keeps the seal beside the database"
    for path in kept:
        path.unlink()


def test_a_final_pdf_needs_its_seal_file(window: MainWindow, ui_errors: list[str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    app_id = window.import_answers(str(SAMPLE))
    assert app_id is not None and not ui_errors
    editor = window.editor
    assert editor is not None
    assert not editor.result().blocking, "the complete sample starts without errors"
    window.close_editor()
    _drop_seal(window.desk)

    editor = window.open_app(app_id)
    assert editor is not None
    seal_issues = [i for i in editor.result().errors if i.code == "file.not_found"]
    assert seal_issues, "the editor sees the seal is gone"
    assert not window.export_pdf(path=tmp_path / "window.pdf", final=True, preview=False)
    assert ui_errors and "오류" in ui_errors[-1]
    assert not (tmp_path / "window.pdf").exists()
    window.close_editor()

    capsys.readouterr()
    out = tmp_path / "cli.pdf"
    assert cli_main(["apps", "pdf", str(app_id), "-o", str(out), "--final"]) == 1
    assert "error(s) remain" in capsys.readouterr().err and not out.exists()
    assert cli_main(["apps", "status", str(app_id), "ready"]) == 1
    assert window.desk.apps.get(app_id).status == "draft"
    # one producer of the result: the editor's is the façade's
    editor = window.open_app(app_id)
    assert editor is not None
    assert [i.code for i in window.desk.apps.check(app_id).errors] == [i.code for i in editor.result().errors]


def _answers_missing_one_file(tmp_path: Path) -> Path:
    """The sample beside copies of its files, one of the attachments missing."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    folder = tmp_path / "files"
    folder.mkdir()
    names = [n for ns in data["attachments"].values() for n in ns]
    for name in names[1:]:
        shutil.copy(SAMPLE.parent / name, folder / Path(name).name)
    data["attachments"] = {req: [f"files/{Path(n).name}" for n in ns] for req, ns in data["attachments"].items()}
    seal = next(k for k, v in data["answers"].items() if isinstance(v, str) and v.endswith(".png"))
    shutil.copy(SAMPLE.parent / data["answers"][seal], folder / "seal.png")
    data["answers"][seal] = "files/seal.png"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_window_import_of_an_answers_file_is_all_or_nothing(window: MainWindow, ui_errors: list[str],
                                                            tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _answers_missing_one_file(tmp_path)
    assert cli_main(["import", str(path)]) == 2
    assert "file not found" in capsys.readouterr().err

    assert window.import_answers(str(path)) is None
    assert ui_errors and "첨부파일이 없습니다" in ui_errors[-1]
    assert window.desk.apps.search(include_archived=True) == [], "nothing of a refused file is written"
    assert window.editor is None


def _kept_images(base_dir: Path) -> list[Path]:
    return [p for p in base_dir.rglob("*") if p.is_file() and p.parent.name == "images"]


def test_a_refused_import_leaves_no_seal_behind(base_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """No keyring and no passphrase: the import is refused after its seal was kept beside the
    database; the seal goes too (images, unlike attachment blobs, are never garbage-collected)."""
    monkeypatch.delenv("VOUCHER_DESK_PASSPHRASE", raising=False)
    with using(failing()):
        assert cli_main(["import", str(SAMPLE)]) == 2
        assert "VOUCHER_DESK_PASSPHRASE" in capsys.readouterr().err
        assert _kept_images(base_dir) == []
        monkeypatch.setenv("VOUCHER_DESK_PASSPHRASE", "a passphrase for the test")
        assert cli_main(["import", str(SAMPLE)]) == 0
    assert len(_kept_images(base_dir)) == 1, "the same file imports, seal kept, once a key can be made"
