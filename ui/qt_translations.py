"""Qt's own Korean strings (OK/Cancel/Yes/No, file dialogs, context menus), so the standard
parts of the window speak the same language as ours."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

_installed: list[QTranslator] = []


def apply_language(app: QApplication, lang: str) -> bool:
    """Install (ko) or remove (en) Qt's translation; True when Korean strings are active."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != "ko":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea), "qtbase", "_", folder):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False
