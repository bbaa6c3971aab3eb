"""The application's look: Qt's Fusion style with one style sheet (resources/styles/app.qss).

Loaded once at start (and by the self-test and the screenshots), so every screen shares the same
spacing, cards and focus ring. Sizes are in device-independent pixels, so QT_SCALE_FACTOR 1.25
and 1.5 scale them with the text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app import paths


def style_sheet_path() -> Path:
    return paths.resource_root() / "resources" / "styles" / "app.qss"


def apply_style(app: QApplication) -> bool:
    """True when the sheet was found and applied (a missing sheet leaves Qt's default look)."""
    app.setStyle("Fusion")
    path = style_sheet_path()
    if not path.is_file():
        return False
    # url() in a sheet is relative to the working folder, not the sheet: name the sheet's own folder
    app.setStyleSheet(path.read_text(encoding="utf-8").replace("STYLE_DIR", path.parent.as_posix()))
    return True
