"""The bundled Korean font, registered at start so screens never depend on system fonts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app import paths

FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")


def register_fonts(app: QApplication) -> str | None:
    """Register the bundled font and make it the application font; returns its family."""
    family: str | None = None
    for name in FONT_FILES:
        path = paths.fonts_dir() / name
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    if family:
        font = QFont(family)
        font.setPointSizeF(app.font().pointSizeF())
        app.setFont(font)
    return family
