"""UI preferences (language, mode, window state) kept beside the user's data.

They live under paths.config_dir(), so --base-dir and VOUCHER_DESK_HOME move them too.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop_app import paths

SOLO, CONSULTANT = "solo", "consultant"
FORM, INTERVIEW = "form", "interview"


def ui_settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "ui.ini"), QSettings.Format.IniFormat)


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
