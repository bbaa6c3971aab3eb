"""The window's settings file (QSettings, ui.ini) is 0600 in a 0700 folder like everything else
of the user's (issue 14), with the user's own umask (0022) in force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import i18n, settings
from ui.main_window import MainWindow


def test_window_settings_are_private(qtbot: QtBot, base_dir: Path, ui_errors: list[str]) -> None:
    old = os.umask(0o022)
    try:
        settings.save_language("en")
        settings.set_mode(settings.SOLO)
        i18n.set_language("ko")
        win = MainWindow(Desk.open(auto_backup=False), load_shipped(), settings.SOLO)
        qtbot.add_widget(win)
        win.show()
        win.toggle_language()  # the window writes its settings too
        win.desk.close()
        settings.ui_settings().sync()
    finally:
        os.umask(old)
        i18n.set_language("ko")
    ini = base_dir / "config" / "ui.ini"
    assert settings.saved_language() in ("en", "ko") and ini.is_file()
    assert "mode=solo" in ini.read_text(encoding="utf-8")
    modes = {p.relative_to(base_dir).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [base_dir / "config", *sorted((base_dir / "config").rglob("*"))]}
    assert modes == {"config": 0o700, "config/ui.ini": 0o600}, {k: oct(v) for k, v in modes.items()}
    assert ui_errors == []
