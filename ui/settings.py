"""UI preferences (language, mode, window state) kept beside the user's data.

They live under paths.config_dir(), so --base-dir and VOUCHER_DESK_HOME move them too.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop_app import atomic, paths

SOLO, CONSULTANT = "solo", "consultant"
FORM, INTERVIEW = "form", "interview"


def ui_settings() -> QSettings:
    path = paths.config_dir() / "ui.ini"
    _private(path)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _private(path: Path) -> None:
    """0600 in a 0700 folder, like everything else of the user's (issue 14): the file is made
    before QSettings first writes it, and its atomic rewrite (QSaveFile) keeps the permissions."""
    if path.exists() and path.stat().st_mode & 0o077 == 0:
        return
    atomic.make_dirs(path.parent, atomic.DIR_MODE)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, atomic.DIR_MODE)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, atomic.FILE_MODE))
        os.chmod(path, atomic.FILE_MODE)


def mode() -> str | None:
    """None until the first-run question was answered."""
    value = ui_settings().value("mode")
    return str(value) if value in (SOLO, CONSULTANT) else None


def set_mode(value: str) -> None:
    ui_settings().setValue("mode", value)


def saved_language() -> str:
    return "en" if ui_settings().value("language") == "en" else "ko"


def save_language(lang: str) -> None:
    ui_settings().setValue("language", lang)


def editor_mode() -> str:
    """The editor opens as the user left it: the interview or the form view (the default)."""
    return INTERVIEW if ui_settings().value("editor_mode") == INTERVIEW else FORM


def set_editor_mode(mode: str) -> None:
    ui_settings().setValue("editor_mode", mode)
